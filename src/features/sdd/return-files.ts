import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { columnName, CsvFormatError, readCsv } from '../../domain/csv-import.ts';
import { isIsoDate, parseItalianDate, type IsoDate } from '../../domain/dates.ts';
import { parseEuroInput } from '../../domain/money.ts';
import { RETURN_REASONS } from '../../domain/sepa.ts';

/** One debit's outcome as the bank's return file states it. */
export interface ReturnEntry {
  endToEndId: string;
  outcome: 'RETURNED' | 'COLLECTED';
  /** the bank's reason code (AM04…) of a return */
  reasonCode: string | null;
  /** the day of the return or of the debit, when the file says it */
  on: IsoDate | null;
  amountCents: number | null;
}

/** The file is not a return the office can import; the message is Italian, for the upload form. */
export class ReturnFileError extends Error {
  override name = 'ReturnFileError';
}

const first = (parent: XmlElement, name: string): XmlElement | undefined => parent.getElementsByTagNameNS('*', name)[0] ?? undefined;
const textOf = (parent: XmlElement, name: string): string | null => first(parent, name)?.textContent?.trim() || null;
const dayOf = (value: string | null): IsoDate | null => (value && isIsoDate(value.slice(0, 10)) ? value.slice(0, 10) : null);

const reasonOf = (parent: XmlElement): string | null => {
  const reason = first(parent, 'StsRsnInf');
  return reason ? textOf(reason, 'Cd') : null;
};

const COLLECTED = new Set(['ACSC', 'ACCP', 'ACSP']);

function outcomeOf(status: string | null): ReturnEntry['outcome'] | null {
  if (status === 'RJCT') return 'RETURNED';
  return status && COLLECTED.has(status) ? 'COLLECTED' : null;
}

/**
 * A pain.002.001.03 payment status report: each TxInfAndSts with its original EndToEndId, status (RJCT = returned,
 * ACSC/ACCP = collected) and reason code. A report with only a group status applies it to the whole original
 * message, returned as `wholeMessage`.
 */
export function readPain002(xml: string): {
  entries: ReturnEntry[];
  wholeMessage: { messageId: string; entry: Omit<ReturnEntry, 'endToEndId'> } | null;
} {
  const errors: string[] = [];
  const parser = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message)) });
  let root: XmlElement | null;
  try {
    root = parser.parseFromString(xml, 'text/xml').documentElement;
  } catch {
    root = null;
  }
  const report = root && !errors.length ? first(root, 'CstmrPmtStsRpt') : undefined;
  if (!root || !report) throw new ReturnFileError('Il file XML non è un esito SEPA pain.002 (manca CstmrPmtStsRpt).');
  const reportDay = dayOf(textOf(report, 'CreDtTm'));
  const entries: ReturnEntry[] = [];
  for (const tx of Array.from<XmlElement>(report.getElementsByTagNameNS('*', 'TxInfAndSts'))) {
    const endToEndId = textOf(tx, 'OrgnlEndToEndId');
    const outcome = outcomeOf(textOf(tx, 'TxSts'));
    if (!endToEndId || !outcome) continue;
    const amount = textOf(tx, 'InstdAmt');
    entries.push({
      endToEndId,
      outcome,
      reasonCode: reasonOf(tx),
      on: outcome === 'COLLECTED' ? dayOf(textOf(tx, 'ReqdColltnDt')) : (dayOf(textOf(tx, 'AccptncDtTm')) ?? reportDay),
      amountCents: amount ? parseEuroInput(amount) : null,
    });
  }
  const group = first(report, 'OrgnlGrpInfAndSts');
  const groupOutcome = group ? outcomeOf(textOf(group, 'GrpSts')) : null;
  const messageId = group ? textOf(group, 'OrgnlMsgId') : null;
  const wholeMessage =
    !entries.length && groupOutcome && messageId && group
      ? {
          messageId,
          entry: {
            outcome: groupOutcome,
            reasonCode: reasonOf(group),
            on: groupOutcome === 'RETURNED' ? reportDay : null,
            amountCents: null,
          },
        }
      : null;
  if (!entries.length && !wholeMessage) throw new ReturnFileError('Il file pain.002 non contiene esiti di addebiti da registrare.');
  return { entries, wholeMessage };
}

const ID_COLUMNS = ['riferimento_end_to_end', 'end_to_end_id', 'endtoendid', 'end_to_end', 'id_end_to_end', 'riferimento'];
const REASON_COLUMNS = ['codice_motivo', 'causale', 'motivo', 'codice_causale', 'reason_code'];
const AMOUNT_COLUMNS = ['importo', 'importo_euro', 'amount'];
const DATE_COLUMNS = ['data', 'data_insoluto', 'data_storno', 'data_regolamento'];

/** The ISO reason code in a causale ("AM04 - Fondi insufficienti"): a word like AM04, or a lettered code we know (CNOR). */
function reasonCodeIn(causale: string): string | null {
  const words = causale.toUpperCase().split(/[^A-Z0-9]+/);
  return words.find((word) => /^[A-Z]{2}\d{2}$/.test(word) || Object.hasOwn(RETURN_REASONS, word)) ?? null;
}

const pick = (columns: string[], wanted: string[]) => wanted.map(columnName).find((name) => columns.includes(name));

/**
 * The bank's CSV of unpaid debits (insoluti), `;` or `,`: each row is a returned debit named by its end-to-end
 * reference, with the reason (a code such as AM04, maybe followed by words), the amount and the date.
 */
export function readUnpaidCsv(bytes: Uint8Array): ReturnEntry[] {
  let csv;
  try {
    csv = readCsv(bytes);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new ReturnFileError(error.message);
    throw error;
  }
  const idColumn = pick(csv.columns, ID_COLUMNS);
  if (!idColumn)
    throw new ReturnFileError('Il file CSV non ha la colonna del riferimento end-to-end (ad esempio "riferimento end-to-end").');
  const [reason, amount, date] = [pick(csv.columns, REASON_COLUMNS), pick(csv.columns, AMOUNT_COLUMNS), pick(csv.columns, DATE_COLUMNS)];
  return csv.rows
    .filter((row) => row.cells[idColumn])
    .map((row) => ({
      endToEndId: row.cells[idColumn],
      outcome: 'RETURNED' as const,
      reasonCode: reason ? reasonCodeIn(row.cells[reason]) : null,
      on: date ? parseItalianDate(row.cells[date]) : null,
      amountCents: amount && row.cells[amount] ? parseEuroInput(row.cells[amount]) : null,
    }));
}

/** A return file as uploaded: XML is a pain.002 status report, anything else the bank's CSV of unpaid items. */
export function readReturnFile(bytes: Uint8Array): ReturnType<typeof readPain002> {
  const head = Buffer.from(bytes.subarray(0, 200))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<')) return readPain002(Buffer.from(bytes).toString('utf8'));
  return { entries: readUnpaidCsv(bytes), wholeMessage: null };
}
