/**
 * The Data Matrix printed on the Poste part of an avviso pagoPA (only when the ente has a postal account):
 * a fixed-width 256-character record, as the notice guide lays it out.
 */

const ASCII = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, ' ');
const fixed = (text: string, width: number) => ASCII(text).slice(0, width).padEnd(width, ' ');

export function posteDataMatrixPayload(input: {
  noticeNumber: string;
  postalAccount: string;
  amountCents: number;
  creditorFiscalCode: string;
  debtorFiscalCode: string;
  debtorName: string;
  subject: string;
}): string {
  if (!/^\d{18}$/.test(input.noticeNumber)) throw new RangeError(`Not a notice number: ${input.noticeNumber}`);
  if (!/^\d{1,12}$/.test(input.postalAccount)) throw new RangeError(`Not a postal account: ${input.postalAccount}`);
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0 || input.amountCents >= 10 ** 10) {
    throw new RangeError(`Not a payable amount in cents: ${input.amountCents}`);
  }
  const payload = [
    'codfase=NBPA;',
    `18${input.noticeNumber}`,
    `12${input.postalAccount.padStart(12, '0')}`,
    `10${String(input.amountCents).padStart(10, '0')}`,
    '3896',
    '1P1',
    input.creditorFiscalCode.padStart(11, '0'),
    fixed(input.debtorFiscalCode.toUpperCase(), 16),
    fixed(input.debtorName, 40),
    fixed(input.subject, 110),
    ' '.repeat(12),
    'A',
  ].join('');
  if (payload.length !== 256) throw new RangeError(`Poste Data Matrix payload is ${payload.length} characters, not 256`);
  return payload;
}
