import { randomUUID } from 'node:crypto';
import { recordAudits, type AuditEventInput } from '../../../audit.ts';
import type { Tx } from '../../../db/client.ts';
import type { CsvRow } from '../../../domain/csv-import.ts';
import { addDays, fromDbDate, parseItalianDate, romeInstant, toDbDate, type IsoDate } from '../../../domain/dates.ts';
import { parseEuroInput } from '../../../domain/money.ts';
import type { Tenant } from '../../../generated/prisma/client.ts';
import { issueNotice } from '../../../pagopa/notices.ts';
import { chunksOf, type Importer, type Plan, type RowOutcome } from './plan.ts';

export const BALANCE_COLUMNS = ['riferimento', 'cf_alunno', 'tipo', 'importo', 'data', 'scadenza', 'descrizione', 'servizio'] as const;
const OPTIONAL = new Set<string>(['scadenza', 'descrizione', 'servizio']);
const REFERENCE = /^[\p{L}\p{N}/_.-]{1,60}$/u;
/** An imported debt without a due date is due this many days after the balance's date. */
const DEFAULT_DUE_DAYS = 30;

interface Balance {
  importRef: string;
  studentId: string;
  guardianId: string;
  serviceId: string;
  on: IsoDate;
  dueOn: IsoDate;
  /** signed like a wallet movement: a credit is positive, a debt negative */
  amountCents: number;
  description: string;
}
export interface BalanceWrites {
  /** prepaid Comuni: opening movements of the students' wallets */
  movements: Balance[];
  /** post-paid Comuni: opening debt documents, payable with pagoPA like any invoice */
  invoices: (Balance & { id: string })[];
}

const openingDebtNumber = (importRef: string) => `SALDO-${importRef}`;

/**
 * Debts and credits carried over from the previous software, one per row, keyed by the previous software's
 * reference: a reference already imported with the same student and amount is left alone, with different ones
 * refused (money is never changed by a re-import). Prepaid Comuni get wallet movements; post-paid ones get
 * opening debt documents (a credit there is refused: it is settled at the desk).
 */
async function planBalances(tx: Tx, tenant: Tenant, rows: readonly CsvRow[]): Promise<Plan<BalanceWrites>> {
  const tenantId = tenant.id;
  const cell = (row: CsvRow, column: string) => (row.cells[column] ?? '').trim();
  const refs = rows.map((r) => cell(r, 'riferimento'));
  const codes = [...new Set(rows.map((r) => cell(r, 'cf_alunno').toUpperCase()))];
  const [services, students, movements, invoices] = await Promise.all([
    tx.service.findMany({ where: { tenantId }, orderBy: { code: 'asc' } }),
    Promise.all(chunksOf(codes, 5000).map((chunk) => tx.student.findMany({ where: { tenantId, fiscalCode: { in: chunk } } }))).then((r) =>
      r.flat(),
    ),
    tx.walletMovement.findMany({ where: { tenantId, importRef: { in: refs } }, include: { wallet: true } }),
    tx.invoice.findMany({ where: { tenantId, importRef: { in: refs } } }),
  ]);
  const studentOf = new Map(students.map((s) => [s.fiscalCode!, s]));
  const imported = new Map<string, { studentId: string; amountCents: number }>([
    ...movements.map((m) => [m.importRef!, { studentId: m.wallet.studentId, amountCents: m.amountCents }] as const),
    // an opening debt is always one child's
    ...invoices.map((i) => [i.importRef!, { studentId: i.studentId!, amountCents: -i.totalCents }] as const),
  ]);
  const canteen = services.find((s) => s.kind === 'CANTEEN') ?? services[0];
  const writes: BalanceWrites = { movements: [], invoices: [] };
  const seen = new Map<string, number>();

  const outcomes = rows.map((row): RowOutcome => {
    const importRef = cell(row, 'riferimento');
    const refuse = (message: string): RowOutcome => ({ line: row.line, key: importRef, outcome: 'refused', message });
    if (!REFERENCE.test(importRef))
      return refuse('riferimento: serve il codice del saldo nel programma precedente (lettere, cifre, / _ . -).');
    const other = seen.get(importRef);
    if (other) return refuse(`riferimento: ${importRef} è già alla riga ${other}.`);
    seen.set(importRef, row.line);
    const student = studentOf.get(cell(row, 'cf_alunno').toUpperCase());
    if (!student)
      return refuse(`cf_alunno: nessun alunno del Comune ha il codice fiscale "${cell(row, 'cf_alunno')}" (importa prima le famiglie).`);
    const kind = cell(row, 'tipo').toUpperCase();
    if (kind !== 'DEBITO' && kind !== 'CREDITO') return refuse('tipo: scrivi DEBITO o CREDITO.');
    const cents = parseEuroInput(cell(row, 'importo'));
    if (!cents) return refuse('importo: scrivi un importo in euro maggiore di zero, ad esempio 1.234,56.');
    const on = parseItalianDate(cell(row, 'data'));
    if (!on) return refuse('data: scrivi la data del saldo nel formato gg/mm/aaaa.');
    const dueText = cell(row, 'scadenza');
    const dueOn = dueText ? parseItalianDate(dueText) : addDays(on, DEFAULT_DUE_DAYS);
    if (!dueOn) return refuse('scadenza: scrivi la data nel formato gg/mm/aaaa, o lascia vuoto.');
    const serviceCode = cell(row, 'servizio');
    const service = serviceCode ? services.find((s) => s.code.toUpperCase() === serviceCode.toUpperCase()) : canteen;
    if (!service) return refuse(`servizio: nessun servizio del Comune ha il codice "${serviceCode}".`);
    if (tenant.billingMode === 'POSTPAID' && kind === 'CREDITO')
      return refuse('tipo: il Comune fattura a consuntivo e non ha borsellino; un credito si rimborsa o si compensa dallo sportello.');
    const amountCents = kind === 'CREDITO' ? cents : -cents;
    const previous = imported.get(importRef);
    if (previous) {
      if (previous.studentId === student.id && previous.amountCents === amountCents)
        return { line: row.line, key: importRef, outcome: 'unchanged', message: 'saldo già importato' };
      return refuse(`riferimento: il saldo ${importRef} è già stato importato con un altro alunno o importo; non viene modificato.`);
    }
    const description =
      cell(row, 'descrizione').slice(0, 140) || `${kind === 'DEBITO' ? 'Debito' : 'Credito'} della precedente gestione (${importRef})`;
    const balance = {
      importRef,
      studentId: student.id,
      guardianId: student.guardianId,
      serviceId: service.id,
      on,
      dueOn,
      amountCents,
      description,
    };
    if (tenant.billingMode === 'PREPAID') writes.movements.push(balance);
    else writes.invoices.push({ ...balance, id: randomUUID() });
    const message = tenant.billingMode === 'PREPAID' ? 'movimento di apertura del borsellino' : 'documento di debito pregresso';
    return { line: row.line, key: importRef, outcome: 'created', message };
  });
  return { rows: outcomes, writes };
}

async function applyBalances(
  tx: Tx,
  tenant: Tenant,
  actor: AuditEventInput['actor'],
  { writes }: Plan<BalanceWrites>,
  progress: (done: number, of: number) => Promise<void>,
) {
  const tenantId = tenant.id;
  const of = writes.movements.length + writes.invoices.length;
  let done = 0;
  const audits: AuditEventInput[] = [];
  const createdBy = actor.label ?? actor.kind;

  for (const chunk of chunksOf(writes.movements)) {
    await tx.wallet.createMany({
      data: chunk.map((b) => ({ tenantId, studentId: b.studentId, serviceId: b.serviceId })),
      skipDuplicates: true,
    });
    const wallets = await tx.wallet.findMany({ where: { tenantId, studentId: { in: chunk.map((b) => b.studentId) } } });
    const walletOf = new Map(wallets.map((w) => [`${w.studentId}|${w.serviceId}`, w.id]));
    const rows = chunk.map((b) => ({
      id: randomUUID(),
      tenantId,
      walletId: walletOf.get(`${b.studentId}|${b.serviceId}`)!,
      occurredAt: romeInstant(b.on, '00:00'),
      kind: 'OPENING' as const,
      amountCents: b.amountCents,
      description: b.description,
      importRef: b.importRef,
      createdBy,
    }));
    await tx.walletMovement.createMany({ data: rows });
    for (const m of rows)
      audits.push({
        tenantId,
        actor,
        action: 'OPENING_BALANCE_IMPORTED',
        entityType: 'WalletMovement',
        entityId: m.id,
        details: { importRef: m.importRef, amountCents: m.amountCents, walletId: m.walletId },
      });
    await progress((done += chunk.length), of);
  }
  for (const chunk of chunksOf(writes.invoices)) {
    await tx.invoice.createMany({
      data: chunk.map((b) => ({
        id: b.id,
        tenantId,
        number: openingDebtNumber(b.importRef),
        kind: 'OPENING_BALANCE' as const,
        importRef: b.importRef,
        issuedOn: toDbDate(b.on),
        dueOn: toDbDate(b.dueOn),
        guardianId: b.guardianId,
        studentId: b.studentId,
        serviceId: b.serviceId,
        description: b.description,
        totalCents: -b.amountCents,
      })),
    });
    await tx.invoiceLine.createMany({
      data: chunk.map((b) => ({
        tenantId,
        invoiceId: b.id,
        position: 1,
        description: b.description,
        quantity: 1,
        unitCents: -b.amountCents,
        amountCents: -b.amountCents,
      })),
    });
    for (const b of chunk)
      audits.push({
        tenantId,
        actor,
        action: 'OPENING_BALANCE_IMPORTED',
        entityType: 'Invoice',
        entityId: b.id,
        details: { importRef: b.importRef, totalCents: -b.amountCents },
      });
    await progress((done += chunk.length), of);
  }
  for (const chunk of chunksOf(audits)) await recordAudits(tx, chunk);
}

/**
 * After the commit, each opening debt document gets its pagoPA notice (an external call, so never inside the
 * import's transaction). A document whose notice failed stays payable: the parent's payment page issues one.
 */
const issueOpeningNotices: NonNullable<Importer<BalanceWrites>['afterCommit']> = async (deps, tenant, actor, { writes }) => {
  for (const planned of writes.invoices) {
    const invoice = await deps.prisma.invoice.findFirst({
      where: { tenantId: tenant.id, importRef: planned.importRef, noticeItems: { none: {} } },
      include: { guardian: true },
    });
    if (!invoice) continue;
    try {
      await issueNotice(
        deps,
        tenant,
        {
          purpose: 'INVOICE',
          amountCents: invoice.totalCents,
          subject: `Documento n. ${invoice.number} - ${invoice.description}`,
          dueOn: fromDbDate(invoice.dueOn),
          debtor: {
            fiscalCode: invoice.guardian.fiscalCode,
            name: `${invoice.guardian.firstName} ${invoice.guardian.lastName}`.trim(),
            email: invoice.guardian.email,
          },
          studentId: invoice.studentId,
          items: [{ invoiceId: invoice.id, amountCents: invoice.totalCents }],
        },
        actor,
      );
    } catch (error) {
      deps.logger.warn({ err: error, invoice: invoice.id }, 'opening balance notice not issued');
    }
  }
};

export const balancesImporter: Importer<BalanceWrites> = {
  required: BALANCE_COLUMNS.filter((column) => !OPTIONAL.has(column)),
  plan: planBalances,
  apply: applyBalances,
  afterCommit: issueOpeningNotices,
};
