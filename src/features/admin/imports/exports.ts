import { once } from 'node:events';
import type { Response } from 'express';
import { stringify } from 'csv-stringify';
import type { Db } from '../../../db/client.ts';
import { formatItalianDate, formatItalianDateTime, fromDbDate } from '../../../domain/dates.ts';
import { formatEuroPlain } from '../../../domain/money.ts';
import { neutralisedCell } from '../../../web/csv.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { FAMILY_COLUMNS } from './families.ts';

/** Rows are read this many at a time, by id (keyset paging): memory stays the same for any number of rows. */
const PAGE = 1000;
type Cell = string | number;
const day = (value: Date | null) => (value ? formatItalianDate(fromDbDate(value)) : '');
const euros = (cents: number | null) => (cents === null ? '' : formatEuroPlain(cents));

interface ExportSpec<T extends { id: string }> {
  header: readonly string[];
  page: (db: Db, tenantId: string, after: string | undefined) => Promise<T[]>;
  row: (record: T) => Cell[];
}

const paged = (tenantId: string, after: string | undefined) => ({
  where: { tenantId, ...(after ? { id: { gt: after } } : {}) },
  orderBy: { id: 'asc' as const },
  take: PAGE,
});

const spec = <T extends { id: string }>(s: ExportSpec<T>) => s as unknown as ExportSpec<{ id: string }>;

/** What the office can download, by file name. The students' file has the families import's columns, so it imports back. */
export const EXPORTS: Record<string, ExportSpec<{ id: string }>> = {
  'alunni.csv': spec({
    header: [...FAMILY_COLUMNS, 'attivo'],
    page: (db, tenantId, after) =>
      db.student.findMany({ ...paged(tenantId, after), include: { guardian: true, school: true, schoolClass: true } }),
    row: (s) => [
      s.guardian.fiscalCode,
      s.guardian.lastName,
      s.guardian.firstName,
      s.guardian.email ?? '',
      s.guardian.phone ?? '',
      s.residenceStreet,
      s.residenceCity,
      s.residenceZip,
      s.residenceProv,
      s.fiscalCode ?? '',
      s.lastName,
      s.firstName,
      day(s.birthDate),
      s.sex,
      s.birthPlace,
      s.birthProvince,
      s.school.code,
      s.schoolClass?.name ?? '',
      s.badgeNumber,
      s.deactivatedAt ? 'no' : 'sì',
    ],
  }),
  'famiglie.csv': spec({
    header: [
      'cf_intestatario',
      'cognome_intestatario',
      'nome_intestatario',
      'email',
      'telefono',
      'indirizzo',
      'comune',
      'cap',
      'provincia',
      'metodo_pagamento',
      'iban',
      'recapito_documenti',
      'attivo',
    ],
    page: (db, tenantId, after) => db.guardian.findMany(paged(tenantId, after)),
    row: (g) => [
      g.fiscalCode,
      g.lastName,
      g.firstName,
      g.email ?? '',
      g.phone ?? '',
      g.residenceStreet ?? '',
      g.residenceCity ?? '',
      g.residenceZip ?? '',
      g.residenceProv ?? '',
      g.paymentMethod,
      g.iban ?? '',
      g.invoiceDelivery,
      g.deactivatedAt ? 'no' : 'sì',
    ],
  }),
  'iscrizioni.csv': spec({
    header: [
      'cf_alunno',
      'cognome_alunno',
      'nome_alunno',
      'servizio',
      'anno_scolastico',
      'scuola',
      'classe',
      'isee',
      'inizio',
      'fine',
      'stato',
    ],
    page: (db, tenantId, after) =>
      db.enrollment.findMany({
        ...paged(tenantId, after),
        include: { student: true, service: true, school: true, schoolClass: true },
      }),
    row: (e) => [
      e.student.fiscalCode ?? '',
      e.student.lastName,
      e.student.firstName,
      e.service.code,
      e.schoolYear,
      e.school.code,
      e.schoolClass?.name ?? '',
      euros(e.iseeCents),
      day(e.startsOn),
      day(e.endsOn),
      e.state,
    ],
  }),
  'documenti.csv': spec({
    header: ['numero', 'tipo', 'emesso_il', 'scadenza', 'cf_intestatario', 'cf_alunno', 'descrizione', 'importo', 'pagato', 'stato'],
    page: (db, tenantId, after) => db.invoice.findMany({ ...paged(tenantId, after), include: { guardian: true, student: true } }),
    row: (i) => [
      i.number,
      i.kind,
      day(i.issuedOn),
      day(i.dueOn),
      i.guardian.fiscalCode,
      i.student?.fiscalCode ?? '',
      i.description,
      euros(i.totalCents),
      euros(i.paidCents),
      i.state,
    ],
  }),
  'pagamenti.csv': spec({
    header: [
      'pagato_il',
      'numero_avviso',
      'iuv',
      'psp',
      'id_psp',
      'importo',
      'commissione',
      'cf_pagatore',
      'pagatore',
      'esito',
      'stato',
      'id_ricevuta',
    ],
    page: (db, tenantId, after) => db.receipt.findMany({ ...paged(tenantId, after), omit: { payload: true } }),
    row: (r) => [
      formatItalianDateTime(r.paidAt),
      r.noticeNumber,
      r.iuv,
      r.pspName ?? '',
      r.pspId ?? '',
      euros(r.amountCents),
      euros(r.feeCents),
      r.payerFiscalCode ?? '',
      r.payerName ?? '',
      r.outcome,
      r.status,
      r.receiptId,
    ],
  }),
};

/**
 * Streams one export to the response as an Italian-Excel CSV (semicolons, BOM, CRLF), page by page with
 * backpressure; every cell goes through the same formula neutralisation as the app's other CSV files.
 */
export async function streamExport(db: Db, tenantId: string, file: string, res: Response): Promise<void> {
  const chosen = Object.hasOwn(EXPORTS, file) ? EXPORTS[file] : undefined;
  if (!chosen) throw new NotFoundError();
  const csv = stringify({ delimiter: ';', bom: true, record_delimiter: '\r\n' });
  res.type('text/csv; charset=utf-8').attachment(file);
  csv.pipe(res);
  const write = async (cells: readonly Cell[]) => {
    if (!csv.write(cells.map(neutralisedCell))) await once(csv, 'drain');
  };
  try {
    await write(chosen.header);
    for (let after: string | undefined; ;) {
      const records = await chosen.page(db, tenantId, after);
      for (const record of records) await write(chosen.row(record));
      if (records.length < PAGE) break;
      after = records[records.length - 1].id;
    }
    csv.end();
  } catch (error) {
    // the header is already sent: the only honest signal left is a broken download
    res.destroy(error as Error);
  }
}
