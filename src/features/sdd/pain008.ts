import { Document } from 'sepa';
import type { IsoDate } from '../../domain/dates.ts';
import { sepaEuros, sepaText, type SequenceType } from '../../domain/sepa.ts';

export interface Pain008Debit {
  endToEndId: string;
  amountCents: number;
  sequenceType: SequenceType;
  mandateReference: string;
  mandateSignedOn: IsoDate;
  debtorName: string;
  debtorIban: string;
  debtorBic: string | null;
  remittance: string;
}

export interface Pain008Input {
  messageId: string;
  createdAt: Date;
  collectionOn: IsoDate;
  creditor: { name: string; iban: string; bic?: string | null; creditorId: string };
  debits: readonly Pain008Debit[];
}

// The library writes calendar dates from the Date's local fields: a local midnight keeps the day as given.
const localDay = (iso: IsoDate) => new Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));

/**
 * One pain.008.001.02 SDD Core file: a payment information block per sequence type (FRST, RCUR), each debit with
 * its mandate. Written by the `sepa` library, which also checks IBANs, the creditor id and the SEPA charset.
 */
export function buildPain008(input: Pain008Input): string {
  const doc = new Document('pain.008.001.02');
  doc.grpHdr.id = input.messageId;
  doc.grpHdr.created = input.createdAt;
  doc.grpHdr.initiatorName = sepaText(input.creditor.name, 70);
  for (const sequenceType of ['FRST', 'RCUR'] as const) {
    const debits = input.debits.filter((debit) => debit.sequenceType === sequenceType);
    if (!debits.length) continue;
    const info = doc.createPaymentInfo();
    info.id = sequenceType;
    info.localInstrumentation = 'CORE';
    info.sequenceType = sequenceType;
    info.collectionDate = localDay(input.collectionOn);
    info.creditorId = input.creditor.creditorId;
    info.creditorName = sepaText(input.creditor.name, 70);
    info.creditorIBAN = input.creditor.iban;
    info.creditorBIC = input.creditor.bic ?? '';
    info.batchBooking = true;
    doc.addPaymentInfo(info);
    debits.forEach((debit, index) => {
      const tx = info.createTransaction();
      tx.id = String(index + 1);
      tx.end2endId = debit.endToEndId;
      tx.amount = sepaEuros(debit.amountCents);
      tx.mandateId = debit.mandateReference;
      tx.mandateSignatureDate = localDay(debit.mandateSignedOn);
      tx.debtorName = sepaText(debit.debtorName, 70);
      tx.debtorIBAN = debit.debtorIban;
      tx.debtorBIC = debit.debtorBic ?? '';
      tx.remittanceInfo = sepaText(debit.remittance, 140);
      info.addTransaction(tx);
    });
  }
  return doc.toString();
}
