import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatNoticeNumber } from '../../../src/domain/notice-number.ts';
import { purgeOldDeskPrints } from '../../../src/features/desk/bulk-print.ts';
import { aClass, aSchool, aStudent, aGuardian, aTenant } from '../../helpers/builders.ts';
import { insertUnpaidNotices, measureMemory } from '../../helpers/bulk-notices.ts';
import { submitForm, type Agent } from '../../helpers/http.ts';
import { aPayingFamily, anInvoiceNotice } from '../../helpers/payments.ts';
import { download, pdfText } from '../../helpers/pdf.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { visibleText } from '../admin-canteen/support.ts';
import { aCashier } from './support.ts';

const ctx = useTestContext({ listen: true, jobs: true });

/** The page count (pdfinfo) and text (pdftotext) of a large PDF, read through a file. */
function readLargePdf(bytes: Buffer): { pages: number; text: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    execFileSync('pdftotext', [file, path.join(dir, 'doc.txt')]);
    return { pages, text: readFileSync(path.join(dir, 'doc.txt'), 'utf8').replace(/\u00a0/g, ' ') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts a bulk print from its form and follows its page (as its refresh does) until it is done. */
async function printAndWait(agent: Agent, slug: string, fields: Record<string, string>) {
  const started = await submitForm(agent, `/${slug}/sportello/stampe`, `/${slug}/sportello/stampe`, {
    mese: '',
    scuola: '',
    classe: '',
    ...fields,
  });
  expect(started.status).toBe(303);
  const page = started.headers.location;
  const first = await agent.get(page);
  const sawRefresh = first.text.includes('http-equiv="refresh"');
  for (let i = 0; i < 600; i++) {
    const state = /data-state="(\w+)"/.exec((await agent.get(page)).text)![1];
    if (state === 'DONE' || state === 'FAILED') return { page, state, sawRefresh };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('bulk print did not finish');
}

describe('bulk print of avvisi', () => {
  it('2,000 notices of a month: one PDF, a page each, ordered by family, in flat memory', async () => {
    const tenant = await aTenant(ctx.prisma, { fiscalCode: '80099900011' });
    const codes = await insertUnpaidNotices(ctx.prisma, tenant, { families: 500, perFamily: 4, period: '2026-10' });
    await insertUnpaidNotices(ctx.prisma, tenant, { families: 3, perFamily: 1, period: '2026-09' });
    const { agent } = await aCashier(ctx, tenant);

    const started = Date.now();
    const { result, memory } = await measureMemory(() => printAndWait(agent, tenant.slug, { mese: '2026-10' }));
    const seconds = (Date.now() - started) / 1000;
    expect(result.state).toBe('DONE');
    expect(result.sawRefresh).toBe(true);
    const print = await ctx.prisma.deskPrint.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(print).toMatchObject({ total: 2000, done: 2000 });
    const done = await agent.get(result.page);
    expect(done.text).toContain('2000 avvisi su 2000 (100%)');

    const pdf = await download(agent, `${result.page}/pdf`);
    expect(pdf.status).toBe(200);
    const bytes = pdf.body as Buffer;
    const { pages, text } = readLargePdf(bytes);
    expect(pages).toBe(2000);
    const printed = text.match(/\b3\d{3} \d{4} \d{4} \d{4} \d{2}\b/g) ?? [];
    const expected = codes.map(formatNoticeNumber);
    expect([...printed].sort()).toEqual([...expected].sort());
    // ordered by family: each family's four notices one after the other, never a family again once another began
    const familyOf = new Map(expected.map((code, i) => [code, Math.floor(i / 4)]));
    const families = printed.map((code) => familyOf.get(code)!);
    const runs = families.filter((family, i) => i === 0 || family !== families[i - 1]);
    expect(new Set(runs).size).toBe(500);
    expect(runs).toHaveLength(500);
    // memory: recorded for the report; flat means it does not grow with the count (a few MB of rows and one page)
    console.info(
      `bulk print 2,000 notices: ${seconds.toFixed(1)} s (with the page polls), ${JSON.stringify(memory)}, PDF ${(bytes.length / 1024 / 1024).toFixed(1)} MB`,
    );
    expect(memory.peakHeapMb - memory.baseHeapMb).toBeLessThan(120);
  }, 300_000);

  it('by school and by class, and only for the Comune that made it', async () => {
    const a = await aPayingFamily(ctx, { invoices: [1500] });
    const inClass = await anInvoiceNotice(ctx, a);
    const schoolClass = await aClass(ctx.prisma, a.school);
    await ctx.prisma.student.update({ where: { id: a.student.id }, data: { classId: schoolClass.id } });
    const otherSchool = await aSchool(ctx.prisma, a.tenant.id);
    const otherGuardian = await aGuardian(ctx.prisma, a.tenant.id);
    const other = await aStudent(ctx.prisma, { tenantId: a.tenant.id, guardianId: otherGuardian.id, schoolId: otherSchool.id });
    const otherInvoice = await ctx.prisma.invoice.create({
      data: {
        tenantId: a.tenant.id,
        number: `X-${other.id.slice(0, 8)}`,
        issuedOn: new Date('2026-10-01'),
        dueOn: new Date('2026-10-28'),
        guardianId: otherGuardian.id,
        studentId: other.id,
        period: '2026-10',
        description: 'Refezione',
        totalCents: 900,
      },
    });
    const otherNotice = await anInvoiceNotice(ctx, { ...a, guardian: otherGuardian, student: other, invoices: [otherInvoice] });
    const { agent } = await aCashier(ctx, a.tenant);

    const byClass = await printAndWait(agent, a.tenant.slug, { classe: schoolClass.id });
    const classText = pdfText((await download(agent, `${byClass.page}/pdf`)).body as Buffer);
    expect(classText).toContain(formatNoticeNumber(inClass.noticeNumber));
    expect(classText).not.toContain(formatNoticeNumber(otherNotice.noticeNumber));
    const bySchool = await printAndWait(agent, a.tenant.slug, { scuola: otherSchool.id });
    const schoolText = pdfText((await download(agent, `${bySchool.page}/pdf`)).body as Buffer);
    expect(schoolText).toContain(formatNoticeNumber(otherNotice.noticeNumber));
    expect(schoolText).not.toContain(formatNoticeNumber(inClass.noticeNumber));

    const empty = await submitForm(agent, `/${a.tenant.slug}/sportello/stampe`, `/${a.tenant.slug}/sportello/stampe`, {
      mese: '',
      scuola: '',
      classe: '',
    });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Scegli il mese, la scuola o la classe');

    const b = await aPayingFamily(ctx, { invoices: [700] });
    const bCashier = await aCashier(ctx, b.tenant);
    const foreignPage = byClass.page.replace(`/${a.tenant.slug}/`, `/${b.tenant.slug}/`);
    expect((await bCashier.agent.get(foreignPage)).status).toBe(404);
    expect((await download(bCashier.agent, `${foreignPage}/pdf`)).status).toBe(404);
    const foreignClass = await submitForm(bCashier.agent, `/${b.tenant.slug}/sportello/stampe`, `/${b.tenant.slug}/sportello/stampe`, {
      mese: '',
      scuola: '',
      classe: schoolClass.id,
    });
    expect(foreignClass.status).toBe(404);
  }, 120_000);

  it('deletes the file after a week, keeps the print listed, and the page says to print again', async () => {
    const family = await aPayingFamily(ctx, { invoices: [1200] });
    await anInvoiceNotice(ctx, family);
    const { agent } = await aCashier(ctx, family.tenant);
    const old = await printAndWait(agent, family.tenant.slug, { mese: '2026-10' });
    const fresh = await printAndWait(agent, family.tenant.slug, { mese: '2026-10' });
    const printId = (page: string) => page.split('/').pop()!;
    const oldPrint = await ctx.prisma.deskPrint.findUniqueOrThrow({ where: { id: printId(old.page) } });
    const eightDaysAgo = new Date(ctx.deps.clock.now().getTime() - 8 * 24 * 60 * 60 * 1000);
    await ctx.prisma.deskPrint.update({ where: { id: oldPrint.id }, data: { createdAt: eightDaysAgo } });

    expect(await purgeOldDeskPrints(ctx.deps)).toEqual({ deleted: 1 });
    expect(existsSync(oldPrint.filePath!)).toBe(false);
    expect((await download(agent, `${old.page}/pdf`)).status).toBe(404);
    expect(visibleText((await agent.get(old.page)).text)).toContain('Il file è stato eliminato dopo 7 giorni');
    expect((await download(agent, `${fresh.page}/pdf`)).status).toBe(200);
    expect(await purgeOldDeskPrints(ctx.deps)).toEqual({ deleted: 0 });
  }, 60_000);
});
