// Certificazioni 730 in bulk: a clerk asks for a year, the pg-boss job makes one certificate per child who was paid
// for (grouped by paying family), and the ZIP holds exactly those PDFs with the same totals the parents see.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTaxCertificates, runYearlyTaxCertificates } from '../../../src/features/tax-certificates/bulk.ts';
import { aLocalAccount, aTenant, TEST_PASSWORD } from '../../helpers/builders.ts';
import { agentFor, csrfTokenFrom, loginWithPassword, type Agent } from '../../helpers/http.ts';
import { download, pdfText } from '../../helpers/pdf.ts';
import { aFamilyThatPaid } from '../../helpers/tax-certificates.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
let family: Awaited<ReturnType<typeof aFamilyThatPaid>>;
let clerk: Agent;
let A: string;

async function generate(year: string) {
  const token = csrfTokenFrom((await clerk.get(A)).text);
  return clerk.post(A).type('form').send({ _csrf: token, anno: year });
}

async function finishedRun(year: number) {
  for (let i = 0; i < 120; i++) {
    const run = await ctx.prisma.taxCertificateRun.findFirst({
      where: { tenantId: family.tenant.id, year },
      orderBy: { createdAt: 'desc' },
    });
    if (run && (run.state === 'DONE' || run.state === 'FAILED')) return run;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the run did not finish');
}

beforeAll(async () => {
  ctx = await createTestContext({ jobs: true });
  family = await aFamilyThatPaid(ctx.prisma);
  A = `/${family.tenant.slug}/admin/certificazioni`;
  const account = await aLocalAccount(ctx.prisma, family.tenant.id);
  clerk = agentFor(ctx.app);
  await loginWithPassword(clerk, family.tenant.slug, account.username, TEST_PASSWORD);
});

afterAll(() => ctx?.close());

describe('Certificazioni 730 in bulk', () => {
  it('refuses a year still to come, with the message on the same page', async () => {
    const res = await generate('2030');
    expect(res.status).toBe(422);
    expect(res.text.replace(/&#39;/g, "'")).toContain("L'anno non può essere successivo al 2026.");
    expect(res.text).toContain('value="2030"');
    expect(await ctx.prisma.taxCertificateRun.count({ where: { tenantId: family.tenant.id } })).toBe(0);
  });

  it('makes one certificate per child paid for in the year, grouped by paying family, through the job queue', async () => {
    const res = await generate('2025');
    expect(res.status).toBe(303);
    expect(ctx.sentJobs.some((job) => job.name === 'tax-certificates')).toBe(true);
    const run = await finishedRun(2025);
    expect(run.state).toBe('DONE');
    expect([run.studentsDone, run.studentsTotal, run.certificates, run.totalCents]).toEqual([3, 3, 3, 14_450 + 900 + 3_000]);
    const files = await ctx.prisma.taxCertificate.findMany({
      where: { tenantId: family.tenant.id, runId: run.id },
      include: { student: true },
    });
    expect(Object.fromEntries(files.map((f) => [f.student.firstName, f.totalCents]))).toEqual({ Anna: 14_450, Luca: 900, Bruno: 3_000 });
    const families = new Set(files.map((f) => f.student.guardianId));
    expect(families).toEqual(new Set([family.guardian.id, family.otherGuardian.id]));

    const page = await clerk.get(A);
    expect(page.text).toContain('Completata');
    expect(page.text).toContain(`${A}/${run.id}/zip`);
  });

  it('gives a ZIP with a folder per intestatario and the same PDF the parent downloads', async () => {
    const run = await finishedRun(2025);
    const zip = await download(clerk, `${A}/${run.id}/zip`);
    expect(zip.status).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const dir = mkdtempSync(path.join(tmpdir(), 'zip-'));
    try {
      writeFileSync(path.join(dir, 'c.zip'), zip.body as Buffer);
      execFileSync('unzip', ['-q', '-t', 'c.zip'], { cwd: dir });
      execFileSync('unzip', ['-q', 'c.zip', '-d', 'out'], { cwd: dir });
      const names = execFileSync('unzip', ['-Z1', 'c.zip'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').sort();
      expect(names).toEqual(
        [
          `${family.guardian.fiscalCode}/certificazione-730-2025-conti-anna.pdf`,
          `${family.guardian.fiscalCode}/certificazione-730-2025-conti-luca.pdf`,
          `${family.otherGuardian.fiscalCode}/certificazione-730-2025-galli-bruno.pdf`,
        ].sort(),
      );
      const anna = pdfText(readFileSync(path.join(dir, 'out', family.guardian.fiscalCode, 'certificazione-730-2025-conti-anna.pdf')));
      expect(anna).toMatch(/Totale pagato nell'anno 2025\s+144,50 €/);
      expect(anna).toContain('Maria Conti');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does nothing twice: a retried job, and the 15 January pass for a Comune that already has its run', async () => {
    const run = await finishedRun(2025);
    await runTaxCertificates(ctx.deps, run.id);
    expect(await ctx.prisma.taxCertificate.count({ where: { runId: run.id } })).toBe(3);
    await runYearlyTaxCertificates(ctx.deps);
    expect(await ctx.prisma.taxCertificateRun.count({ where: { tenantId: family.tenant.id, year: 2025 } })).toBe(1);
  });

  it('the 15 January pass makes last year’s certificates of a Comune that has none', async () => {
    const other = await aTenant(ctx.prisma);
    await runYearlyTaxCertificates(ctx.deps);
    const run = await ctx.prisma.taxCertificateRun.findFirstOrThrow({ where: { tenantId: other.id } });
    expect([run.year, run.state, run.certificates]).toEqual([2025, 'DONE', 0]);
  });

  it('another Comune’s run is not found', async () => {
    const other = await aTenant(ctx.prisma);
    const foreign = await ctx.prisma.taxCertificateRun.create({ data: { tenantId: other.id, year: 2025, createdBy: 'x', state: 'DONE' } });
    expect((await clerk.get(`${A}/${foreign.id}/zip`)).status).toBe(404);
    expect((await clerk.get(`${A}/non-un-id/zip`)).status).toBe(404);
  });
});
