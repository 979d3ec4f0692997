// Reminder letters (solleciti): a clerk asks for a selection of families, a job writes the letters as one PDF
// and records, in the same transaction, one Reminder per family with the documents it named, and the message
// (e-mail with the family's own letter, or IO) to each family that can get one.
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../../../audit.ts';
import { insertRows } from '../../../db/bulk.ts';
import { inTransaction, type Db } from '../../../db/client.ts';
import { uuidv7 } from '../../../db/uuid.ts';
import { romeDateOf, toDbDate } from '../../../domain/dates.ts';
import type { AppDeps } from '../../../deps.ts';
import type { Guardian, PaymentNotice, Tenant } from '../../../generated/prisma/client.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { dispatchNotifications, enqueueNotifications } from '../../notifications/outbox.ts';
import { translateForJobs } from '../../../web/i18n.ts';
import { assertRecordId } from '../list-query.ts';
import { buildReminderLetters, type ReminderLetter } from './letters.ts';
import { overdueInvoices, type OverdueInvoice } from './queries.ts';

/** Queues the letters of these families; the job writes to those still in arrears when it runs. */
export async function requestReminders(
  deps: Pick<AppDeps, 'prisma' | 'jobs'>,
  tenantId: string,
  actor: Actor,
  guardianIds: readonly string[],
) {
  const batch = await inTransaction(deps.prisma, async (tx) => {
    const created = await tx.reminderBatch.create({
      data: { tenantId, guardianIds: [...new Set(guardianIds)], createdBy: actor.label ?? actor.kind },
    });
    await recordAudit(tx, {
      tenantId,
      actor,
      action: 'REMINDERS_REQUESTED',
      entityType: 'ReminderBatch',
      entityId: created.id,
      details: { families: created.guardianIds.length },
    });
    return created;
  });
  await deps.jobs.send('reminder-letters', { batchId: batch.id });
  return batch;
}

/** Who can get the letter as a message too: by e-mail, or in IO (the send job checks the profile; e-mail otherwise). */
const reachable = (tenant: Tenant, guardian: Guardian) => !!guardian.email || (!!tenant.ioApiKey && !guardian.isCompany);

/** Documents already sent to coercive collection are the collector's to chase: a letter names only the others. */
const remindable = (invoice: OverdueInvoice) => invoice.sentToCollectionOn === null;

/**
 * The letters of some families, in alphabetical order, each with its documents and their unpaid notices; with
 * `invoiceIds`, only those documents (one reminder's, when its e-mail is written).
 */
export async function lettersOf(
  db: Db,
  tenantId: string,
  guardianIds: readonly string[],
  today: string,
  invoiceIds?: readonly string[],
): Promise<ReminderLetter[]> {
  const invoices = (await overdueInvoices(db, tenantId, today, guardianIds)).filter(
    (invoice) => remindable(invoice) && (!invoiceIds || invoiceIds.includes(invoice.id)),
  );
  if (!invoices.length) return [];
  const [guardians, notices] = await Promise.all([
    db.guardian.findMany({
      where: { tenantId, id: { in: [...new Set(invoices.map((i) => i.guardianId))] } },
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }],
    }),
    db.paymentNotice.findMany({
      where: { tenantId, purpose: 'INVOICE', state: 'VALID', items: { some: { invoiceId: { in: invoices.map((i) => i.id) } } } },
      include: { items: { select: { invoiceId: true } } },
      orderBy: [{ dueOn: 'asc' }, { noticeNumber: 'asc' }],
    }),
  ]);
  const guardianOfInvoice = new Map(invoices.map((i) => [i.id, i.guardianId]));
  const noticesByGuardian = new Map<string, PaymentNotice[]>();
  for (const { items, ...notice } of notices) {
    const guardianId = guardianOfInvoice.get(items.find((item) => guardianOfInvoice.has(item.invoiceId))!.invoiceId)!;
    noticesByGuardian.set(guardianId, [...(noticesByGuardian.get(guardianId) ?? []), notice]);
  }
  const invoicesByGuardian = new Map<string, OverdueInvoice[]>();
  for (const invoice of invoices)
    invoicesByGuardian.set(invoice.guardianId, [...(invoicesByGuardian.get(invoice.guardianId) ?? []), invoice]);
  return guardians.map((guardian) => ({
    guardian,
    invoices: invoicesByGuardian.get(guardian.id)!,
    notices: noticesByGuardian.get(guardian.id) ?? [],
  }));
}

/**
 * The job: builds the PDF, then in one transaction claims the batch and records the reminders. A retry after the
 * batch is done does nothing; a retry after a failure starts again from nothing recorded.
 */
export async function runReminderBatch(deps: AppDeps, batchId: string) {
  const { prisma } = deps;
  const batch = await prisma.reminderBatch.findUnique({ where: { id: batchId } });
  if (!batch || batch.state !== 'QUEUED') return { letters: batch?.letters ?? 0 };
  const tenant = await prisma.tenant.findUniqueOrThrow({ where: { id: batch.tenantId } });
  const today = romeDateOf(deps.clock.now());
  try {
    const letters = await lettersOf(prisma, tenant.id, batch.guardianIds, today);
    const pdf = letters.length ? await buildReminderLetters(translateForJobs(), tenant, letters, today) : null;
    await inTransaction(prisma, async (tx) => {
      const claimed = await tx.reminderBatch.updateMany({
        where: { id: batch.id, tenantId: tenant.id, state: 'QUEUED' },
        data: { state: 'DONE', letters: letters.length, pdf: pdf && new Uint8Array(pdf), error: null, finishedAt: deps.clock.now() },
      });
      if (claimed.count === 0) return;
      const reminders = letters.map((letter) => ({
        id: uuidv7(),
        tenantId: tenant.id,
        guardianId: letter.guardian.id,
        batchId: batch.id,
        // one reminder per family whatever the channels (messa a ruolo counts them): EMAIL when it also goes by e-mail
        channel: letter.guardian.email ? ('EMAIL' as const) : ('LETTER' as const),
        sentOn: toDbDate(today),
        amountCents: letter.invoices.reduce((sum, i) => sum + i.dueCents, 0),
        createdBy: batch.createdBy,
      }));
      await tx.reminder.createMany({ data: reminders });
      await insertRows(
        tx,
        'ReminderItem',
        { id: 'uuid', tenantId: 'uuid', reminderId: 'uuid', invoiceId: 'uuid', dueCents: 'int' },
        letters.flatMap((letter, index) =>
          letter.invoices.map((invoice) => ({
            id: uuidv7(),
            tenantId: tenant.id,
            reminderId: reminders[index].id,
            invoiceId: invoice.id,
            dueCents: invoice.dueCents,
          })),
        ),
      );
      await enqueueNotifications(
        tx,
        letters.flatMap((letter, index) =>
          reachable(tenant, letter.guardian)
            ? [
                {
                  tenantId: tenant.id,
                  guardianId: letter.guardian.id,
                  kind: 'REMINDER' as const,
                  payload: { reminderId: reminders[index].id },
                  dedupeKey: `REMINDER:${reminders[index].id}`,
                },
              ]
            : [],
        ),
      );
      await recordAudit(tx, {
        tenantId: tenant.id,
        actor: SYSTEM_ACTOR,
        action: 'REMINDERS_RECORDED',
        entityType: 'ReminderBatch',
        entityId: batch.id,
        details: { letters: letters.length, requestedBy: batch.createdBy },
      });
    });
    await dispatchNotifications(deps.jobs, tenant.id);
    return { letters: letters.length };
  } catch (error) {
    await prisma.reminderBatch.update({
      where: { id: batch.id, tenantId: tenant.id },
      data: { error: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  }
}

/** A batch of this Comune (its PDF only when asked for the download). */
export async function reminderBatchOf(db: Db, tenantId: string, batchId: unknown) {
  assertRecordId(batchId);
  const batch = await db.reminderBatch.findFirst({ where: { id: batchId, tenantId }, omit: { pdf: true } });
  if (!batch) throw new NotFoundError();
  return batch;
}

export async function reminderBatchPdf(db: Db, tenantId: string, batchId: unknown) {
  assertRecordId(batchId);
  const batch = await db.reminderBatch.findFirst({ where: { id: batchId, tenantId }, select: { createdAt: true, pdf: true } });
  if (!batch?.pdf) throw new NotFoundError();
  return { createdAt: batch.createdAt, bytes: Buffer.from(batch.pdf) };
}

/** The Comune's latest batches, for the arrears page. */
export function recentReminderBatches(db: Db, tenantId: string) {
  return db.reminderBatch.findMany({ where: { tenantId }, omit: { pdf: true }, orderBy: { createdAt: 'desc' }, take: 10 });
}

/** A family's reminders, newest first, with the numbers of the documents each named. */
export async function familyReminders(db: Db, tenantId: string, guardianId: string) {
  const reminders = await db.reminder.findMany({
    where: { tenantId, guardianId },
    orderBy: [{ sentOn: 'desc' }, { createdAt: 'desc' }],
    include: { items: { where: { tenantId }, select: { invoice: { select: { number: true } } } } },
  });
  return reminders.map(({ items, ...reminder }) => ({ ...reminder, documents: items.map((item) => item.invoice.number).sort() }));
}
