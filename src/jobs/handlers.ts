import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import { runReminderBatch } from '../features/admin/arrears/reminders.ts';
import { runImportBatch } from '../features/admin/imports/batches.ts';
import { runBillingRun } from '../features/billing/worker.ts';
import { runTaxCertificates, runYearlyTaxCertificates } from '../features/tax-certificates/bulk.ts';
import { purgeOldDeskPrints, runDeskPrint } from '../features/desk/bulk-print.ts';
import { runDayClose } from './day-close.ts';
import { runNoticesExpiry } from './notices-expiry.ts';
import { runNotificationsDispatch } from '../features/notifications/outbox.ts';
import { sendNotification } from '../features/notifications/send.ts';
import type { JobName } from './queue.ts';
import { pullReceipts } from './receipts-pull.ts';

/**
 * What a job does with the data it was sent. pg-boss delivers a job at least once (a retry after a crash or an
 * expiry), so every handler must be idempotent: running it twice leaves what running it once leaves.
 */
export type JobHandler = (deps: AppDeps, data: Record<string, unknown>) => Promise<unknown>;

const batchJob = z.object({ batchId: z.uuid() });
const runJob = z.object({ runId: z.uuid() });
const maybeRunJob = z.object({ runId: z.uuid().optional() });
const dispatchJob = z.object({ tenantId: z.uuid().optional() });
const sendJob = z.object({ notificationId: z.uuid(), tenantId: z.uuid() });
const printJob = z.object({ printId: z.uuid() });

/** The one registry of job handlers: a new kind of job is one line here (and its settings in queue.ts). */
export const JOB_HANDLERS: Partial<Record<JobName, JobHandler>> = {
  'billing-run': (deps, data) => runBillingRun(deps, runJob.parse(data).runId),
  import: (deps, data) => runImportBatch(deps, batchJob.parse(data).batchId, { resume: true }),
  'day-close': (deps) => runDayClose(deps),
  'tax-certificates': (deps, data) => {
    const { runId } = maybeRunJob.parse(data);
    return runId ? runTaxCertificates(deps, runId) : runYearlyTaxCertificates(deps);
  },
  'reminder-letters': (deps, data) => runReminderBatch(deps, batchJob.parse(data).batchId),
  'notices-expiry': (deps) => runNoticesExpiry(deps),
  'notifications-dispatch': (deps, data) => runNotificationsDispatch(deps, dispatchJob.parse(data).tenantId),
  'notification-send': (deps, data) => {
    const { notificationId, tenantId } = sendJob.parse(data);
    return sendNotification(deps, notificationId, tenantId);
  },
  'desk-print': (deps, data) => runDeskPrint(deps, printJob.parse(data).printId),
  'desk-prints-purge': (deps) => purgeOldDeskPrints(deps),
  'receipts-pull': async (deps) => {
    const result = await pullReceipts(deps);
    if (result.applied || result.flagged) deps.logger.info(result, 'receipts pulled');
    return result;
  },
};
