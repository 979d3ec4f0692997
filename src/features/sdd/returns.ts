import { recordAudit, recordAudits, type Actor, type AuditEventInput } from '../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../db/client.ts';
import { fromDbDate, toDbDate, type IsoDate } from '../../domain/dates.ts';
import { returnReasonText } from '../../domain/sepa.ts';
import { canMoveInvoice, moveInvoice } from '../../domain/state-machines.ts';
import { FieldRuleError } from '../../web/forms.ts';
import { readReturnFile, ReturnFileError, type ReturnEntry } from './return-files.ts';

/** What an imported return did: counts, the references no debit of the Comune has, and what needs a person. */
export interface ReturnSummary {
  returned: number;
  collected: number;
  unchanged: number;
  unknown: string[];
  problems: { endToEndId: string; message: string }[];
}

type Item = Awaited<ReturnType<typeof itemsNamed>>[number];

/** The debits the file names, each with its invoice (no relation joins them: the item keeps only the id). */
async function itemsNamed(tx: Tx, tenantId: string, endToEndIds: string[]) {
  const items = await tx.sddBatchItem.findMany({
    where: { tenantId, endToEndId: { in: endToEndIds } },
    include: { batch: { select: { collectionOn: true, withdrawnAt: true } } },
  });
  const invoices = await tx.invoice.findMany({ where: { tenantId, id: { in: items.map((item) => item.invoiceId) } } });
  const invoiceOf = new Map(invoices.map((invoice) => [invoice.id, invoice]));
  return items.map((item) => ({ ...item, invoice: invoiceOf.get(item.invoiceId)! }));
}

/** A group status of the whole original file: one entry per debit of that file. */
async function expandWholeMessage(tx: Tx, tenantId: string, whole: NonNullable<ReturnType<typeof readReturnFile>['wholeMessage']>) {
  const items = await tx.sddBatchItem.findMany({
    where: { tenantId, batch: { tenantId, messageId: whole.messageId } },
    select: { endToEndId: true },
  });
  return items.map((item) => ({ endToEndId: item.endToEndId, ...whole.entry }));
}

/** One debit's outcome on its invoice; null when the invoice already says so (the same file imported twice). */
function changeFor(item: Item, entry: ReturnEntry, today: IsoDate): { data: object; action: string } | { problem: string } | null {
  const invoice = item.invoice;
  if (item.batch.withdrawnAt)
    return { problem: "Il file SDD di questo addebito è stato ritirato con l'annullamento dell'emissione: esito non registrato." };
  if (entry.amountCents !== null && entry.amountCents !== item.amountCents)
    return {
      problem: `L'importo del file (${entry.amountCents / 100} €) non è quello dell'addebito (${item.amountCents / 100} €): non registrato.`,
    };
  if (entry.outcome === 'RETURNED') {
    if (invoice.directDebit === 'RETURNED') return null;
    if (invoice.directDebit !== 'IN_COLLECTION')
      return { problem: `Il documento n. ${invoice.number} risulta già incassato: uno storno dopo l'incasso va gestito dall'ufficio.` };
    return {
      action: 'SDD_DEBIT_RETURNED',
      data: { directDebit: 'RETURNED', directDebitOn: toDbDate(entry.on ?? today), directDebitReason: returnReasonText(entry.reasonCode) },
    };
  }
  if (invoice.directDebit === 'COLLECTED') return null;
  if (invoice.directDebit !== 'IN_COLLECTION')
    return { problem: `Il documento n. ${invoice.number} risulta insoluto: un incasso successivo va verificato dall'ufficio.` };
  if (!canMoveInvoice(invoice.state, 'PAID'))
    return { problem: `Il documento n. ${invoice.number} è già pagato o annullato: verificare un eventuale doppio pagamento.` };
  return {
    action: 'SDD_DEBIT_COLLECTED',
    data: {
      directDebit: 'COLLECTED',
      directDebitOn: toDbDate(entry.on ?? fromDbDate(item.batch.collectionOn)),
      directDebitReason: null,
      paidCents: invoice.totalCents,
      state: moveInvoice(invoice.state, 'PAID'),
    },
  };
}

/**
 * The bank's return for SDD files: a pain.002 status report or the CSV of unpaid items. Returned debits make their
 * invoices insoluto (payable with pagoPA, offered by Pagamento spontaneo), collected ones PAID on the debit date.
 * Matched by EndToEndId in this Comune only; importing the same file again changes nothing. One transaction, audited.
 */
export async function importReturnFile(
  db: Db,
  input: { tenantId: string; actor: Actor; today: IsoDate; fileName: string; bytes: Uint8Array | undefined },
): Promise<ReturnSummary> {
  if (!input.bytes || input.bytes.length === 0)
    throw new FieldRuleError('file', "Scegli il file d'esito della banca (pain.002 XML o CSV).");
  let parsed;
  try {
    parsed = readReturnFile(input.bytes);
  } catch (error) {
    if (error instanceof ReturnFileError) throw new FieldRuleError('file', error.message);
    throw error;
  }
  return inTransaction(db, async (tx) => {
    const entries = parsed.wholeMessage ? await expandWholeMessage(tx, input.tenantId, parsed.wholeMessage) : parsed.entries;
    const items = new Map(
      (await itemsNamed(tx, input.tenantId, [...new Set(entries.map((e) => e.endToEndId))])).map((i) => [i.endToEndId, i]),
    );
    const summary: ReturnSummary = { returned: 0, collected: 0, unchanged: 0, unknown: [], problems: [] };
    const events: AuditEventInput[] = [];
    for (const entry of entries) {
      const item = items.get(entry.endToEndId);
      if (!item) {
        summary.unknown.push(entry.endToEndId);
        continue;
      }
      const change = changeFor(item, entry, input.today);
      if (change === null) summary.unchanged++;
      else if ('problem' in change) summary.problems.push({ endToEndId: entry.endToEndId, message: change.problem });
      else {
        await tx.invoice.update({ where: { id: item.invoiceId, tenantId: input.tenantId }, data: change.data });
        // the in-memory copy follows, so a debit named twice in one file counts once
        Object.assign(item.invoice, change.data);
        summary[change.action === 'SDD_DEBIT_RETURNED' ? 'returned' : 'collected']++;
        events.push({
          tenantId: input.tenantId,
          actor: input.actor,
          action: change.action,
          entityType: 'Invoice',
          entityId: item.invoiceId,
          details: { endToEndId: entry.endToEndId, reasonCode: entry.reasonCode, on: entry.on },
        });
      }
    }
    if (events.length) await recordAudits(tx, events);
    await recordAudit(tx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'SDD_RETURN_IMPORTED',
      details: {
        fileName: input.fileName,
        returned: summary.returned,
        collected: summary.collected,
        unchanged: summary.unchanged,
        unknown: summary.unknown.length,
        problems: summary.problems.length,
      },
    });
    return summary;
  });
}
