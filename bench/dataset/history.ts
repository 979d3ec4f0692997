// A school year of attendance up to yesterday, child by child: closed bookings (present, absent, bland), the
// parents' requests for today, and for prepaid Comuni the wallet (top-ups through pagoPA or at the desk, one MEAL
// debit per charged meal, so the balance is the sum of the movements); for post-paid ones a monthly invoice.
import type { IsoDate } from '../../src/domain/dates.ts';
import { buildNoticeNumber, iuvOf } from '../../src/domain/notice-number.ts';
import type { PagoPaReceipt } from '../../src/pagopa/gateway.ts';
import { receiptToXml } from '../../src/pagopa/receipt-xml.ts';
import { SYSTEM_ACTOR } from '../../prisma/seed/context.ts';
import { italianDate, plusDays, romeAt } from '../../prisma/seed/days.ts';
import { DEMO_PSPS } from '../../prisma/seed/payments.ts';
import type { Rng } from '../../prisma/seed/random.ts';
import type { PlannedComune, PlannedStudent } from './comune.ts';
import type { CopyValue, CopyWriter } from './copy.ts';

const ABSENCE_START = 0.04;
const BLAND_MEAL = 0.03;
const REQUEST_FOR_TODAY = 0.03;
const CUTOFF = '09:00';
const CASHIER = 'Sportello Pubblica Istruzione';
const MONTHS = [
  'gennaio',
  'febbraio',
  'marzo',
  'aprile',
  'maggio',
  'giugno',
  'luglio',
  'agosto',
  'settembre',
  'ottobre',
  'novembre',
  'dicembre',
];

type Row = CopyValue[];

export interface HistoryWriters {
  bookings: CopyWriter;
  movements: CopyWriter;
}

/** Rows buffered in memory and copied after the loop (a few per child, not hundreds). */
export interface HistoryBuffers {
  notices: Row[];
  receipts: Row[];
  invoices: Row[];
  invoiceLines: Row[];
  noticeItems: Row[];
  wallets: Row[];
  /** meals charged per closed day, for ServiceDayClosing */
  mealsByDay: Map<IsoDate, number>;
}

export const BOOKING_COLUMNS = [
  'id',
  'tenantId',
  'studentId',
  'date',
  'status',
  'requestedAt',
  'requestedBy',
  'closedAt',
  'chargedCents',
  'invoiceId',
];
export const MOVEMENT_COLUMNS = [
  'id',
  'tenantId',
  'walletId',
  'occurredAt',
  'kind',
  'amountCents',
  'description',
  'bookingId',
  'receiptId',
  'createdBy',
];
export const WALLET_COLUMNS = ['id', 'tenantId', 'studentId', 'serviceId'];
export const NOTICE_COLUMNS = [
  'id',
  'tenantId',
  'noticeNumber',
  'iuv',
  'iupd',
  'purpose',
  'state',
  'amountCents',
  'subject',
  'dueOn',
  'debtorFiscalCode',
  'debtorName',
  'studentId',
  'walletId',
  'createdAt',
  'createdBy',
  'paidAt',
];
export const RECEIPT_COLUMNS = [
  'id',
  'tenantId',
  'receiptId',
  'noticeNumber',
  'iuv',
  'noticeId',
  'outcome',
  'amountCents',
  'feeCents',
  'pspId',
  'pspName',
  'paidAt',
  'payerFiscalCode',
  'payerName',
  'status',
  'payload',
  'receivedAt',
];
export const INVOICE_COLUMNS = [
  'id',
  'tenantId',
  'number',
  'issuedOn',
  'dueOn',
  'guardianId',
  'studentId',
  'serviceId',
  'period',
  'description',
  'totalCents',
  'paidCents',
  'state',
  'createdAt',
];
export const INVOICE_LINE_COLUMNS = ['id', 'tenantId', 'invoiceId', 'position', 'description', 'quantity', 'unitCents', 'amountCents'];
export const NOTICE_ITEM_COLUMNS = ['id', 'tenantId', 'noticeId', 'invoiceId', 'amountCents'];

export class HistoryMaker {
  private noticeSeq = 1;
  private invoiceSeq = 1;
  private readonly closedAtOf = new Map<IsoDate, string>();

  constructor(
    private readonly comune: PlannedComune,
    private readonly today: IsoDate,
    private readonly rng: Rng,
    private readonly newId: () => string,
    private readonly writers: HistoryWriters,
    readonly buffers: HistoryBuffers,
  ) {}

  private closedAt(day: IsoDate): string {
    let at = this.closedAtOf.get(day);
    if (!at) {
      // as the app's day close does it: one minute after the cutoff
      at = new Date(romeAt(day, CUTOFF).getTime() + 60_000).toISOString();
      this.closedAtOf.set(day, at);
    }
    return at;
  }

  /** Between 18:00 and 22:59 of the day before (luxon is asked once per day, not once per row). */
  private eveningBefore(day: IsoDate): Date {
    return new Date(romeAt(plusDays(day, -1), '18:00').getTime() + this.rng.int(0, 299) * 60_000);
  }

  /** An avviso pagoPA, paid at `paidAt` (with its applied receipt) or still payable. */
  private notice(input: {
    student: PlannedStudent;
    purpose: 'TOP_UP' | 'INVOICE';
    amountCents: number;
    subject: string;
    dueOn: IsoDate | null;
    walletId: string | null;
    createdAt: Date;
    paidAt: Date | null;
  }): { noticeId: string; iuv: string; receiptId: string | null } {
    const { tenant } = this.comune;
    const noticeNumber = buildNoticeNumber(tenant.segregationCode, '26' + String(this.noticeSeq++).padStart(11, '0'));
    const iuv = iuvOf(noticeNumber);
    const noticeId = this.newId();
    const { guardian } = input.student;
    const debtorName = `${guardian.firstName} ${guardian.lastName}`;
    this.buffers.notices.push([
      noticeId,
      tenant.id,
      noticeNumber,
      iuv,
      `${tenant.fiscalCode}-${iuv}`,
      input.purpose,
      input.paidAt ? 'PAID' : 'VALID',
      input.amountCents,
      input.subject,
      input.dueOn,
      guardian.fiscalCode,
      debtorName,
      input.student.id,
      input.walletId,
      input.createdAt,
      SYSTEM_ACTOR,
      input.paidAt,
    ]);
    if (!input.paidAt) return { noticeId, iuv, receiptId: null };
    const psp = this.rng.pick(DEMO_PSPS);
    const party = { type: 'F' as const, fiscalCode: guardian.fiscalCode, fullName: debtorName };
    const receipt: PagoPaReceipt = {
      receiptId: this.newId().replaceAll('-', ''),
      noticeNumber,
      creditorFiscalCode: tenant.fiscalCode,
      outcome: 'OK',
      creditorReferenceId: iuv,
      amountCents: input.amountCents,
      feeCents: 100,
      description: input.subject.slice(0, 140),
      companyName: tenant.name,
      pspId: psp.id,
      pspCompanyName: psp.name,
      paymentMethod: 'CP',
      paymentDateTime: input.paidAt,
      debtor: party,
      payer: party,
      transfers: [
        {
          idTransfer: 1,
          amountCents: input.amountCents,
          fiscalCodePA: tenant.fiscalCode,
          iban: tenant.iban,
          remittanceInformation: input.subject.slice(0, 140),
          category: '9/0101108TS/',
        },
      ],
    };
    const receiptId = this.newId();
    this.buffers.receipts.push([
      receiptId,
      tenant.id,
      receipt.receiptId,
      noticeNumber,
      iuv,
      noticeId,
      'OK',
      input.amountCents,
      100,
      psp.id,
      psp.name,
      input.paidAt,
      guardian.fiscalCode,
      debtorName,
      'APPLIED',
      JSON.stringify({ source: 'PULL', xml: receiptToXml(receipt) }),
      new Date(input.paidAt.getTime() + 90_000),
    ]);
    return { noticeId, iuv, receiptId };
  }

  /** One invoice with one line, and its avviso (paid in 80% of cases). */
  private invoice(
    student: PlannedStudent,
    plan: { issuedOn: IsoDate; period: string | null; description: string; quantity: number; unitCents: number },
  ): string {
    const { tenant } = this.comune;
    const id = this.newId();
    const amount = plan.quantity * plan.unitCents;
    const dueOn = `${plan.issuedOn.slice(0, 8)}28`;
    const createdAt = romeAt(plan.issuedOn, '08:00');
    const paidAt = this.rng.next() < 0.8 ? this.eveningBefore(plusDays(plan.issuedOn, this.rng.int(2, 20))) : null;
    const paid = paidAt && paidAt.getTime() < romeAt(this.today, '07:00').getTime() ? paidAt : null;
    const number = `${plan.issuedOn.slice(0, 4)}${String(this.invoiceSeq++).padStart(7, '0')}`;
    this.buffers.invoices.push([
      id,
      tenant.id,
      number,
      plan.issuedOn,
      dueOn,
      student.guardian.id,
      student.id,
      this.comune.canteenServiceId,
      plan.period,
      plan.description,
      amount,
      paid ? amount : 0,
      paid ? 'PAID' : 'ISSUED',
      createdAt,
    ]);
    this.buffers.invoiceLines.push([
      this.newId(),
      tenant.id,
      id,
      1,
      `${plan.description} — ${student.firstName} ${student.lastName}`,
      plan.quantity,
      plan.unitCents,
      amount,
    ]);
    const { noticeId } = this.notice({
      student,
      purpose: 'INVOICE',
      amountCents: amount,
      subject: `${plan.description} — ${student.firstName} ${student.lastName} (doc. n. ${number})`,
      dueOn,
      walletId: null,
      createdAt,
      paidAt: paid,
    });
    this.buffers.noticeItems.push([this.newId(), tenant.id, noticeId, id, amount]);
    return id;
  }

  /** Everything that happened to one child up to yesterday, and their requests for today. */
  async student(student: PlannedStudent): Promise<void> {
    const { tenant } = this.comune;
    const prepaid = tenant.billingMode === 'PREPAID';
    const walletId = prepaid ? this.newId() : null;
    if (walletId) this.buffers.wallets.push([walletId, tenant.id, student.id, this.comune.canteenServiceId]);
    if (prepaid)
      this.invoice(student, {
        issuedOn: '2026-09-01',
        period: null,
        description: 'Quota iscrizione servizio mensa 2026/2027',
        quantity: 1,
        unitCents: 3000,
      });

    const price = student.mealCents;
    const topUpCents = this.rng.pick([10_000, 15_000, 20_000]);
    let balance = 0;
    const topUp = async (at: Date) => {
      let description = 'Ricarica allo sportello';
      let createdBy = CASHIER;
      let receiptId: string | null = null;
      if (this.rng.next() < 0.7) {
        const paid = this.notice({
          student,
          purpose: 'TOP_UP',
          amountCents: topUpCents,
          subject: `Ricarica conto mensa — ${student.firstName} ${student.lastName} (badge ${student.badgeNumber})`,
          dueOn: null,
          walletId,
          createdAt: new Date(at.getTime() - 4 * 60_000),
          paidAt: at,
        });
        receiptId = paid.receiptId;
        description = `Ricarica pagoPA (IUV ${paid.iuv})`;
        createdBy = 'pagoPA';
      }
      balance += topUpCents;
      await this.writers.movements.add([
        this.newId(),
        tenant.id,
        walletId,
        at,
        'TOP_UP',
        topUpCents,
        description,
        null,
        receiptId,
        createdBy,
      ]);
    };
    if (prepaid) await topUp(this.eveningBefore('2026-09-11'));

    const yesterday = plusDays(this.today, -1);
    let illnessLeft = 0;
    let month = '';
    let monthMeals = 0;
    const monthBookings: Row[] = [];
    const closeMonth = async () => {
      if (!month) return;
      const invoiceId =
        !prepaid && monthMeals > 0
          ? this.invoice(student, {
              issuedOn: `${month === '2026-12' ? '2027-01' : month.slice(0, 5) + String(Number(month.slice(5)) + 1).padStart(2, '0')}-01`,
              period: month,
              description: `Refezione scolastica ${MONTHS[Number(month.slice(5)) - 1]} ${month.slice(0, 4)}`,
              quantity: monthMeals,
              unitCents: price,
            })
          : null;
      for (const row of monthBookings) await this.writers.bookings.add(invoiceId ? [...row.slice(0, 9), invoiceId] : row);
      monthBookings.length = 0;
      monthMeals = 0;
    };
    for (const day of student.schoolClass.serviceDays) {
      if (day > yesterday) break;
      // post-paid bookings carry the id of their month's invoice, which is known only when the month is complete
      if (day.slice(0, 7) !== month) {
        await closeMonth();
        month = day.slice(0, 7);
      }
      let status: 'PRESENT' | 'ABSENT' | 'BLAND' = 'PRESENT';
      if (illnessLeft > 0) {
        illnessLeft--;
        status = 'ABSENT';
      } else {
        const r = this.rng.next();
        if (r < ABSENCE_START) {
          illnessLeft = this.rng.int(0, 2);
          status = 'ABSENT';
        } else if (r < ABSENCE_START + BLAND_MEAL) status = 'BLAND';
      }
      const requested = status !== 'PRESENT';
      const charge = status === 'ABSENT' ? 0 : price;
      const bookingId = this.newId();
      monthBookings.push([
        bookingId,
        tenant.id,
        student.id,
        day,
        status,
        requested ? this.eveningBefore(day) : null,
        requested ? student.guardian.label : null,
        this.closedAt(day),
        charge,
        null,
      ]);
      if (charge === 0) continue;
      monthMeals++;
      this.buffers.mealsByDay.set(day, (this.buffers.mealsByDay.get(day) ?? 0) + 1);
      if (!prepaid) continue;
      if (balance - charge < 2 * price) await topUp(this.eveningBefore(day));
      balance -= charge;
      const what = status === 'BLAND' ? 'Pasto in bianco' : 'Pasto';
      await this.writers.movements.add([
        this.newId(),
        tenant.id,
        walletId,
        this.closedAt(day),
        'MEAL',
        -charge,
        `${what} del ${italianDate(day)}`,
        bookingId,
        null,
        SYSTEM_ACTOR,
      ]);
    }
    // the current month is not invoiced yet
    if (month === this.today.slice(0, 7)) month = '';
    await closeMonth();
    for (const row of monthBookings) await this.writers.bookings.add(row);
    monthBookings.length = 0;

    if (student.schoolClass.serviceDays.includes(this.today) && this.rng.next() < REQUEST_FOR_TODAY) {
      const at = this.eveningBefore(this.today);
      await this.writers.bookings.add([
        this.newId(),
        tenant.id,
        student.id,
        this.today,
        'ABSENT',
        at,
        student.guardian.label,
        null,
        null,
        null,
      ]);
    }
  }
}
