import { createHash } from 'node:crypto';
import { z } from 'zod';
import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db } from '../../../db/client.ts';
import type { AppDeps } from '../../../deps.ts';
import { CsvFormatError, readCsv } from '../../../domain/csv-import.ts';
import { Prisma, type ImportBatch, type ImportKind, type Tenant } from '../../../generated/prisma/client.ts';
import { NotFoundError } from '../../../web/errors.ts';
import type { JobQueue } from '../../../jobs/queue.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { MAX_UPLOAD_BYTES } from '../../../web/multipart.ts';
import { balancesImporter } from './balances.ts';
import { enrollmentsImporter } from './enrollments.ts';
import { familiesImporter } from './families.ts';
import { totalsOf, type Importer, type RowOutcome, type Totals } from './plan.ts';

const IMPORTERS: Record<ImportKind, Importer<unknown>> = {
  FAMILIES: familiesImporter,
  ENROLLMENTS: enrollmentsImporter,
  OPENING_BALANCES: balancesImporter,
};

type ImportDeps = Pick<AppDeps, 'prisma' | 'pagopa' | 'logger'>;

/** The rows of a stored file, or the reason it cannot be read as this kind of import. */
function rowsOf(kind: ImportKind, content: Uint8Array) {
  const { columns, rows } = readCsv(content);
  const missing = IMPORTERS[kind].required.filter((column) => !columns.includes(column));
  if (missing.length)
    throw new CsvFormatError(`Mancano le colonne: ${missing.join(', ')}. La prima riga del file deve avere i nomi delle colonne.`);
  if (!rows.length) throw new CsvFormatError('Il file ha solo la riga dei nomi delle colonne: nessun dato da importare.');
  return rows;
}

/**
 * The dry run: reads the uploaded file, plans every row against the Comune's data without writing any of it,
 * and keeps the file and the outcomes for the clerk to read, download and confirm.
 */
export async function checkUpload(
  db: Db,
  tenant: Tenant,
  actor: Actor,
  kind: ImportKind,
  upload: { originalName: string; buffer: Buffer } | undefined,
  tooLarge: boolean,
): Promise<ImportBatch> {
  if (tooLarge) throw new FieldRuleError('file', `Il file supera ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: dividilo in più file.`);
  if (!upload || upload.buffer.length === 0) throw new FieldRuleError('file', 'Scegli il file CSV da verificare.');
  let rows;
  try {
    rows = rowsOf(kind, upload.buffer);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new FieldRuleError('file', error.message);
    throw error;
  }
  // one consistent snapshot of the registry for the whole plan; nothing is written by it
  const plan = await inTransaction(db, (tx) => IMPORTERS[kind].plan(tx, tenant, rows), {
    isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
    timeoutMs: 120_000,
  });
  return inTransaction(db, async (tx) => {
    const batch = await tx.importBatch.create({
      data: {
        tenantId: tenant.id,
        kind,
        fileName: upload.originalName.replace(/[^\p{L}\p{N} ._-]/gu, '').slice(0, 120) || 'import.csv',
        sha256: createHash('sha256').update(upload.buffer).digest('hex'),
        content: new Uint8Array(upload.buffer),
        rowsTotal: rows.length,
        totals: totalsOf(plan.rows),
        outcomes: plan.rows as unknown as Prisma.InputJsonValue,
        createdBy: actor.label ?? actor.kind,
      },
    });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'IMPORT_CHECKED',
      entityType: 'ImportBatch',
      entityId: batch.id,
      details: { kind, fileName: batch.fileName, sha256: batch.sha256, rows: rows.length, totals: totalsOf(plan.rows) },
    });
    return batch;
  });
}

const uuid = z.uuid();

/** An import of this Comune, or 404 (other Comuni's imports too). */
export async function batchOf(db: Db, tenantId: string, id: unknown): Promise<ImportBatch> {
  const batch = typeof id === 'string' && uuid.safeParse(id).success ? await db.importBatch.findFirst({ where: { id, tenantId } }) : null;
  if (!batch) throw new NotFoundError();
  return batch;
}

export const outcomesOf = (batch: ImportBatch) => batch.outcomes as unknown as RowOutcome[];
export const batchTotals = (batch: ImportBatch) => batch.totals as unknown as Totals;

export async function recentBatches(db: Db, tenantId: string) {
  return db.importBatch.findMany({
    where: { tenantId },
    orderBy: { createdAt: 'desc' },
    take: 20,
    omit: { content: true, outcomes: true },
  });
}

/** The clerk confirms a checked file: queued for the import worker, only when the dry run refused no row. */
export async function confirmBatch(db: Db, tenant: Tenant, actor: Actor, id: string): Promise<ImportBatch> {
  return inTransaction(db, async (tx) => {
    const batch = await batchOf(db, tenant.id, id);
    if (batch.state !== 'CHECKED') return batch;
    if (batchTotals(batch).refused > 0)
      throw new FieldRuleError('form', 'Il file ha righe rifiutate: correggile e carica di nuovo il file. Nessun dato è stato importato.');
    const queued = await tx.importBatch.update({ where: { id: batch.id, tenantId: batch.tenantId }, data: { state: 'QUEUED' } });
    await recordAudit(tx, { tenantId: tenant.id, actor, action: 'IMPORT_CONFIRMED', entityType: 'ImportBatch', entityId: batch.id });
    return queued;
  });
}

class RefusedRows extends Error {
  constructor(readonly rows: RowOutcome[]) {
    super('refused rows');
  }
}

/**
 * The real import of a queued batch, all-or-nothing: planned again inside one transaction (the registry may
 * have changed since the dry run) and written only if no row is refused. Imports of one Comune run one at a
 * time (a transaction-level advisory lock); progress is written outside the transaction so the page sees it.
 * Returns false when another worker already took the batch. `resume` also takes a RUNNING batch: the import job
 * passes it, because pg-boss runs a batch's job on one worker at a time and retries it only when the run before
 * died (a crash, a stop, an expiry), whose transaction then wrote nothing (or, committed, re-plans as unchanged).
 */
export async function runImportBatch(deps: ImportDeps, batchId: string, options: { resume?: boolean } = {}): Promise<boolean> {
  const claimed = await deps.prisma.importBatch.updateMany({
    where: { id: batchId, state: options.resume ? { in: ['QUEUED', 'RUNNING'] } : 'QUEUED' },
    data: { state: 'RUNNING', rowsDone: 0 },
  });
  if (claimed.count === 0) return false;
  const batch = await deps.prisma.importBatch.findUniqueOrThrow({ where: { id: batchId } });
  const tenant = await deps.prisma.tenant.findUniqueOrThrow({ where: { id: batch.tenantId } });
  const actor: Actor = { kind: 'STAFF', id: null, label: batch.createdBy };
  const importer = IMPORTERS[batch.kind];
  const finish = (data: Prisma.ImportBatchUpdateInput) =>
    deps.prisma.importBatch.update({ where: { id: batch.id, tenantId: batch.tenantId }, data: { ...data, finishedAt: new Date() } });
  try {
    const rows = rowsOf(batch.kind, batch.content);
    const plan = await inTransaction(
      deps.prisma,
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${tenant.id}))`;
        const planned = await importer.plan(tx, tenant, rows);
        if (planned.rows.some((row) => row.outcome === 'refused')) throw new RefusedRows(planned.rows);
        await importer.apply(tx, tenant, actor, planned, async (done, of) => {
          await deps.prisma.importBatch.update({
            where: { id: batch.id },
            data: { rowsDone: Math.round((rows.length * done) / Math.max(of, 1)) },
          });
        });
        await recordAudit(tx, {
          tenantId: tenant.id,
          actor,
          action: 'IMPORT_APPLIED',
          entityType: 'ImportBatch',
          entityId: batch.id,
          details: { kind: batch.kind, sha256: batch.sha256, totals: totalsOf(planned.rows) },
        });
        return planned;
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted, timeoutMs: 15 * 60_000, attempts: 1 },
    );
    // committed: what follows (pagoPA notices) is done before the batch reads DONE, so DONE means all of it
    await importer.afterCommit?.(deps, tenant, actor, plan);
    await finish({
      state: 'DONE',
      rowsDone: rows.length,
      totals: totalsOf(plan.rows),
      outcomes: plan.rows as unknown as Prisma.InputJsonValue,
    });
  } catch (error) {
    if (error instanceof RefusedRows) {
      await finish({
        state: 'FAILED',
        rowsDone: 0,
        totals: totalsOf(error.rows),
        outcomes: error.rows as unknown as Prisma.InputJsonValue,
        error: 'Dalla verifica i dati sono cambiati e alcune righe ora sono rifiutate: nessun dato è stato importato.',
      });
    } else {
      deps.logger.error({ err: error, batch: batch.id }, 'import failed');
      const message = error instanceof CsvFormatError ? error.message : 'Errore imprevisto durante l’importazione.';
      await finish({ state: 'FAILED', rowsDone: 0, error: `${message} Nessun dato è stato importato.` });
    }
  }
  return true;
}

/** Sends a confirmed batch to the import job; sending it again while it waits or runs is dropped. */
export async function sendImport(jobs: JobQueue, batchId: string): Promise<void> {
  await jobs.send('import', { batchId }, { singletonKey: batchId });
}

/**
 * At start: batches confirmed whose job never reached the queue (the process stopped between the two) are
 * sent again. Returns how many batches were queued.
 */
export async function sendQueuedImports(deps: Pick<AppDeps, 'prisma' | 'jobs'>): Promise<number> {
  const queued = await deps.prisma.importBatch.findMany({
    where: { state: 'QUEUED' },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  for (const { id } of queued) await sendImport(deps.jobs, id);
  return queued.length;
}
