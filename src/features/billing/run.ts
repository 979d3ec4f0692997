// Confirming a monthly run (the clerk's "Conferma" after the preview) and the reads of the runs' pages.
import { recordAudit, type Actor } from '../../audit.ts';
import { inTransaction, type Db } from '../../db/client.ts';
import type { AppDeps } from '../../deps.ts';
import type { BillingRun, Tenant } from '../../generated/prisma/client.ts';
import { DomainRuleError, NotFoundError } from '../../web/errors.ts';
import { previewRun } from './preview.ts';

/** The service and month already have a run that is not cancelled: confirming again creates nothing. */
export class RunExistsError extends DomainRuleError {
  constructor(readonly runId: string) {
    super('Questo mese è già stato fatturato per il servizio: la nuova emissione non crea nulla.');
  }
}

export class RunBlockedError extends DomainRuleError {
  constructor() {
    super("L'anteprima ha anomalie bloccanti: risolvile prima di confermare.");
  }
}

function liveRunOf(db: Pick<Db, 'billingRun'>, tenantId: string, serviceId: string, period: string) {
  return db.billingRun.findFirst({ where: { tenantId, serviceId, period, state: { not: 'CANCELLED' } }, select: { id: true } });
}

/**
 * Stores the run (QUEUED, with what the preview showed) and queues its job. Refused when the preview is blocked
 * or the service and month already have a run (queued, running, done or failed: a failed one is resumed instead).
 */
export async function confirmRun(
  deps: Pick<AppDeps, 'prisma' | 'jobs' | 'clock'>,
  tenant: Pick<Tenant, 'id' | 'cutoffTime'>,
  input: { serviceId: string; period: string },
  actor: Actor,
): Promise<BillingRun> {
  const existing = await liveRunOf(deps.prisma, tenant.id, input.serviceId, input.period);
  if (existing) throw new RunExistsError(existing.id);
  const preview = await previewRun(deps.prisma, tenant, input.serviceId, input.period, deps.clock.now());
  if (preview.blocked) throw new RunBlockedError();
  const run = await inTransaction(deps.prisma, async (tx) => {
    const again = await liveRunOf(tx, tenant.id, input.serviceId, input.period);
    if (again) throw new RunExistsError(again.id);
    const created = await tx.billingRun.create({
      data: {
        tenantId: tenant.id,
        serviceId: preview.service.id,
        period: input.period,
        kind: 'INVOICES',
        previewTotals: { ...preview.totals },
        familiesTotal: preview.totals.families,
        createdBy: actor.label ?? actor.kind,
      },
    });
    await recordAudit(tx, {
      tenantId: tenant.id,
      actor,
      action: 'BILLING_RUN_CONFIRMED',
      entityType: 'BillingRun',
      entityId: created.id,
      details: { serviceId: preview.service.id, period: input.period, ...preview.totals },
    });
    return created;
  });
  await deps.jobs.send('billing-run', { runId: run.id }, { singletonKey: run.id });
  return run;
}

/** A FAILED run (pagoPA down, a crash) queued again: the job resumes where it stopped. */
export async function retryRun(deps: Pick<AppDeps, 'prisma' | 'jobs'>, tenantId: string, runId: string, actor: Actor): Promise<void> {
  const run = await runOf(deps.prisma, tenantId, runId);
  if (run.state !== 'FAILED') throw new DomainRuleError("L'emissione non è interrotta: non c'è nulla da riprendere.");
  await inTransaction(deps.prisma, (tx) =>
    recordAudit(tx, { tenantId, actor, action: 'BILLING_RUN_RETRIED', entityType: 'BillingRun', entityId: runId }),
  );
  await deps.jobs.send('billing-run', { runId }, { singletonKey: runId });
}

export async function runOf(db: Db, tenantId: string, runId: string) {
  const run = await db.billingRun.findFirst({ where: { id: runId, tenantId }, include: { service: { select: { name: true } } } });
  if (!run) throw new NotFoundError();
  return run;
}

export function recentRuns(db: Db, tenantId: string) {
  return db.billingRun.findMany({
    where: { tenantId },
    include: { service: { select: { name: true } } },
    orderBy: { createdAt: 'desc' },
    take: 50,
  });
}

/** The services a run can bill: post-paid meals, monthly flat fees and yearly fees in instalments. */
export function billableServices(db: Db, tenantId: string) {
  return db.service.findMany({
    where: { tenantId, active: true, billingMode: { not: 'PREPAID' } },
    select: { id: true, name: true, billingMode: true },
    orderBy: { name: 'asc' },
  });
}

/** A page of the run's invoices with their family and notice state. */
export async function runInvoices(db: Db, tenantId: string, runId: string, page: number, pageSize: number) {
  const where = { tenantId, billingRunId: runId };
  const [total, invoices] = await Promise.all([
    db.invoice.count({ where }),
    db.invoice.findMany({
      where,
      orderBy: { number: 'asc' },
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        number: true,
        totalCents: true,
        state: true,
        guardian: { select: { firstName: true, lastName: true, fiscalCode: true, paymentMethod: true } },
        noticeItems: { select: { notice: { select: { noticeNumber: true, state: true } } } },
      },
    }),
  ]);
  return { total, invoices };
}

/** What the progress bar polls. */
export function runStatusOf(run: BillingRun) {
  const steps = run.familiesTotal + run.noticesTotal;
  const done = Math.min(run.familiesDone, run.familiesTotal) + Math.min(run.noticesDone, run.noticesTotal);
  const finished = run.state === 'DONE';
  return {
    state: run.state,
    familiesDone: run.familiesDone,
    familiesTotal: run.familiesTotal,
    noticesDone: run.noticesDone,
    noticesTotal: run.noticesTotal,
    totalCents: run.totalCents,
    percent: finished ? 100 : steps ? Math.floor((done * 100) / steps) : 0,
    error: run.error,
  };
}
