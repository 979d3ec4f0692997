import { once } from 'node:events';
import { ZipArchive } from 'archiver';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../../audit.ts';
import { inTransaction, type Db } from '../../db/client.ts';
import type { AppDeps } from '../../deps.ts';
import { romeDateOf } from '../../domain/dates.ts';
import { childStatement } from '../../domain/tax-certificate.ts';
import type { Tenant, TaxCertificateRun } from '../../generated/prisma/client.ts';
import { NotFoundError } from '../../web/errors.ts';
import type { Writable } from 'node:stream';
import { DEFAULT_LANGUAGE, translateForJobs } from '../../web/i18n.ts';
import { recordedPayments } from './payments.ts';
import { certificateFileName, renderTaxCertificatePdf } from './pdf.ts';

type RunDeps = Pick<AppDeps, 'prisma' | 'clock' | 'logger'>;

/** Children per chunk: one read of their payments, their PDFs, one transaction (a few MB at most in memory). */
const CHUNK = 100;

/** A clerk asks for a year's certificates: the run is recorded and queued; the job does the work. */
export async function requestRun(
  deps: Pick<AppDeps, 'prisma' | 'jobs'>,
  tenantId: string,
  year: number,
  actor: Actor,
): Promise<TaxCertificateRun> {
  const run = await inTransaction(deps.prisma, async (tx) => {
    const created = await tx.taxCertificateRun.create({ data: { tenantId, year, createdBy: actor.label ?? actor.kind } });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: 'TAX_CERTIFICATES_REQUESTED',
      entityType: 'TaxCertificateRun',
      entityId: created.id,
      details: { year },
    });
    return created;
  });
  await deps.jobs.send('tax-certificates', { runId: run.id }, { singletonKey: run.id });
  return run;
}

export async function recentRuns(db: Db, tenantId: string) {
  return db.taxCertificateRun.findMany({ where: { tenantId }, orderBy: { createdAt: 'desc' }, take: 20 });
}

export async function runOf(db: Db, tenantId: string, runId: string): Promise<TaxCertificateRun> {
  const run = await db.taxCertificateRun.findFirst({ where: { id: runId, tenantId } });
  if (!run) throw new NotFoundError();
  return run;
}

/** One chunk of children: their certificates of the year (those who paid), stored once per run and child. */
async function certifyChunk(deps: RunDeps, tenant: Tenant, run: TaxCertificateRun, studentIds: string[], issuedOn: string) {
  const { prisma } = deps;
  const [payments, students] = await Promise.all([
    recordedPayments(prisma, tenant.id, studentIds, run.year),
    prisma.student.findMany({ where: { tenantId: tenant.id, id: { in: studentIds } }, include: { guardian: true } }),
  ]);
  const files = [];
  for (const student of students) {
    const statement = childStatement(payments, student.id, run.year);
    if (statement.rows.length === 0) continue;
    const content = await renderTaxCertificatePdf(translateForJobs(), DEFAULT_LANGUAGE, {
      tenant,
      guardian: student.guardian,
      student,
      statement,
      issuedOn,
    });
    files.push({
      tenantId: tenant.id,
      runId: run.id,
      studentId: student.id,
      year: run.year,
      totalCents: statement.totalCents,
      payments: statement.rows.length,
      // one folder per intestatario, so the office finds a family's children together
      fileName: `${student.guardian.fiscalCode}/${certificateFileName(run.year, student)}`,
      content: new Uint8Array(content),
    });
  }
  return files;
}

/**
 * The pg-boss job of a run: every child of the Comune, in chunks ordered by id; a retried job resumes after the
 * last chunk it finished (its progress is committed with that chunk's certificates, which are unique per child).
 */
export async function runTaxCertificates(deps: RunDeps, runId: string): Promise<TaxCertificateRun | null> {
  const { prisma } = deps;
  const found = await prisma.taxCertificateRun.findUnique({ where: { id: runId } });
  if (!found || found.state === 'DONE') return found;
  const key = { id: found.id, tenantId: found.tenantId };
  const tenant = await prisma.tenant.findUniqueOrThrow({ where: { id: found.tenantId } });
  const studentsTotal = await prisma.student.count({ where: { tenantId: tenant.id } });
  let run = await prisma.taxCertificateRun.update({
    where: key,
    data: { state: 'RUNNING', startedAt: found.startedAt ?? deps.clock.now(), studentsTotal, error: null },
  });
  const issuedOn = romeDateOf(deps.clock.now());
  try {
    for (;;) {
      const ids = (
        await prisma.student.findMany({
          where: { tenantId: tenant.id },
          select: { id: true },
          orderBy: { id: 'asc' },
          skip: run.studentsDone,
          take: CHUNK,
        })
      ).map((s) => s.id);
      if (ids.length === 0) break;
      const files = await certifyChunk(deps, tenant, run, ids, issuedOn);
      run = await inTransaction(prisma, async (tx) => {
        await tx.taxCertificate.createMany({ data: files, skipDuplicates: true });
        return tx.taxCertificateRun.update({ where: key, data: { studentsDone: run.studentsDone + ids.length } });
      });
    }
    const totals = await prisma.taxCertificate.aggregate({
      where: { tenantId: tenant.id, runId: run.id },
      _count: true,
      _sum: { totalCents: true },
    });
    return await inTransaction(prisma, async (tx) => {
      await recordAudit(tx, {
        tenantId: tenant.id,
        actor: SYSTEM_ACTOR,
        action: 'TAX_CERTIFICATES_DONE',
        entityType: 'TaxCertificateRun',
        entityId: run.id,
        details: { year: run.year, certificates: totals._count },
      });
      return tx.taxCertificateRun.update({
        where: key,
        data: { state: 'DONE', finishedAt: deps.clock.now(), certificates: totals._count, totalCents: totals._sum.totalCents ?? 0 },
      });
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.error({ err: error, runId }, '730 certificates run stopped');
    await prisma.taxCertificateRun.update({ where: key, data: { state: 'FAILED', error: message.slice(0, 1000) } });
    throw error;
  }
}

/**
 * 15 January: last year's certificates for every Comune that has no run for that year yet (a clerk's run is left
 * as it is), made one Comune after the other.
 */
export async function runYearlyTaxCertificates(deps: RunDeps): Promise<number> {
  const year = Number(romeDateOf(deps.clock.now()).slice(0, 4)) - 1;
  let made = 0;
  for (const tenant of await deps.prisma.tenant.findMany({ select: { id: true } })) {
    if (await deps.prisma.taxCertificateRun.findFirst({ where: { tenantId: tenant.id, year }, select: { id: true } })) continue;
    const run = await deps.prisma.taxCertificateRun.create({
      data: { tenantId: tenant.id, year, createdBy: SYSTEM_ACTOR.label ?? SYSTEM_ACTOR.kind },
    });
    await runTaxCertificates(deps, run.id);
    made += 1;
  }
  return made;
}

/** Certificates read per query while writing the ZIP: the archive streams out, a page of PDFs at a time in memory. */
const ZIP_PAGE = 50;

/**
 * A finished run's certificates as one ZIP (a folder per intestatario), written to `out` as it is read. Entries are
 * stored, not deflated (PDFs are compressed already); the next page is read only once archiver has written the
 * previous one out and `out` has room, so memory holds one page whatever the number of certificates.
 */
export async function writeRunZip(db: Db, run: TaxCertificateRun, out: Writable): Promise<void> {
  const zip = new ZipArchive({ store: true });
  const failed = new Promise<never>((_, reject) => {
    zip.on('error', reject);
    out.on('close', () => reject(new Error('ZIP download closed by the client')));
  });
  failed.catch(() => undefined);
  let written = 0;
  zip.on('entry', () => (written += 1));
  zip.pipe(out);
  let after: string | undefined;
  let appended = 0;
  for (;;) {
    const page = await db.taxCertificate.findMany({
      where: { tenantId: run.tenantId, runId: run.id, ...(after ? { id: { gt: after } } : {}) },
      select: { id: true, fileName: true, content: true, createdAt: true },
      orderBy: { id: 'asc' },
      take: ZIP_PAGE,
    });
    for (const file of page) zip.append(Buffer.from(file.content), { name: file.fileName, date: file.createdAt });
    appended += page.length;
    while (written < appended || out.writableNeedDrain) {
      await Promise.race([once(zip, 'entry'), once(out, 'drain'), failed]);
    }
    if (page.length < ZIP_PAGE) break;
    after = page[page.length - 1].id;
  }
  await Promise.race([zip.finalize(), failed]);
  if (!out.writableFinished) await Promise.race([once(out, 'finish'), failed]);
}
