// What a credit note (nota di credito) may reverse and where its money goes. An issued invoice is never edited:
// the credit settles what is still due on it (recorded in its paidCents, so "due = total − paid" stays true for
// every page and for pagoPA), and whatever the family has already paid comes back as a pending adjustment on
// its next invoice of the same service.
import { formatEuro, sumCents } from './money.ts';
import { moveInvoice, type InvoiceState } from './state-machines.ts';

export interface CreditableInvoice {
  kind: 'SERVICE' | 'OPENING_BALANCE' | 'CREDIT_NOTE';
  state: InvoiceState;
  totalCents: number;
  paidCents: number;
  /** the credit notes already issued on it, as a positive sum */
  creditedCents: number;
  directDebit: 'NONE' | 'IN_COLLECTION' | 'COLLECTED' | 'RETURNED';
  /** the service whose next invoice can carry an adjustment; null for a document of no service */
  serviceId: string | null;
}

export interface CreditableLine {
  id: string;
  amountCents: number;
}

export type CreditPlan =
  | {
      ok: true;
      creditCents: number;
      /** the part that settles what is still due on the invoice */
      toInvoiceCents: number;
      /** the part already paid: a pending (negative) adjustment for the family's next invoice */
      toAdjustmentCents: number;
      paidCents: number;
      state: InvoiceState;
    }
  | { ok: false; field: string; message: string };

/** How much can still be credited: the total less the credit notes already issued on it. */
export function creditableCents(invoice: Pick<CreditableInvoice, 'totalCents' | 'creditedCents'>): number {
  return Math.max(0, invoice.totalCents - invoice.creditedCents);
}

/** Why no credit note at all can be issued on this invoice, or null. */
export function creditRefusal(invoice: CreditableInvoice): string | null {
  if (invoice.kind === 'CREDIT_NOTE') return 'Una nota di credito non si può stornare con un’altra nota di credito.';
  if (invoice.state === 'CANCELLED') return 'Il documento è annullato: non c’è nulla da stornare.';
  if (invoice.directDebit === 'IN_COLLECTION')
    return 'Il documento è in addebito SEPA presso la banca: attendi l’esito prima di emettere una nota di credito.';
  if (creditableCents(invoice) === 0) return 'Il documento è già stato stornato per intero.';
  return null;
}

/**
 * The credit of the chosen amounts per line: each one at most its line (lines are reversed, never more than
 * they charged), and the sum at most what can still be credited. Field names are `importo-<lineId>`.
 */
export function planCredit(invoice: CreditableInvoice, lines: readonly CreditableLine[], amounts: ReadonlyMap<string, number>): CreditPlan {
  const refusal = creditRefusal(invoice);
  if (refusal) return { ok: false, field: 'form', message: refusal };
  for (const line of lines) {
    const amount = amounts.get(line.id) ?? 0;
    if (amount < 0) return { ok: false, field: `importo-${line.id}`, message: 'L’importo da stornare non può essere negativo.' };
    if (amount > Math.max(0, line.amountCents))
      return {
        ok: false,
        field: `importo-${line.id}`,
        message: `L’importo da stornare supera quello della riga (${formatEuro(Math.max(0, line.amountCents))}).`,
      };
  }
  const creditCents = sumCents(lines.map((line) => amounts.get(line.id) ?? 0));
  const firstLine = lines.find((line) => line.amountCents > 0);
  const field = firstLine ? `importo-${firstLine.id}` : 'form';
  if (creditCents === 0) return { ok: false, field, message: 'Indica l’importo da stornare di almeno una riga.' };
  const limit = creditableCents(invoice);
  if (creditCents > limit)
    return {
      ok: false,
      field,
      message:
        `Non si può stornare ${formatEuro(creditCents)}: il documento si può ancora stornare per ${formatEuro(limit)} ` +
        `(totale ${formatEuro(invoice.totalCents)}, note di credito già emesse ${formatEuro(invoice.creditedCents)}).`,
    };
  const open = invoice.state === 'ISSUED' || invoice.state === 'PARTIALLY_PAID';
  const dueCents = open ? Math.max(0, invoice.totalCents - invoice.paidCents) : 0;
  const toInvoiceCents = Math.min(creditCents, dueCents);
  const toAdjustmentCents = creditCents - toInvoiceCents;
  if (toAdjustmentCents > 0 && !invoice.serviceId)
    return {
      ok: false,
      field,
      message:
        `Il documento non è legato a un servizio: si può stornare al massimo quanto resta da pagare (${formatEuro(dueCents)}); ` +
        'un rimborso di quanto già pagato va gestito fuori dal portale.',
    };
  const paidCents = invoice.paidCents + toInvoiceCents;
  const state =
    toInvoiceCents > 0 ? moveInvoice(invoice.state, paidCents >= invoice.totalCents ? 'PAID' : 'PARTIALLY_PAID') : invoice.state;
  return { ok: true, creditCents, toInvoiceCents, toAdjustmentCents, paidCents, state };
}
