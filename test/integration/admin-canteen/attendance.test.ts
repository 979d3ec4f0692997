import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDbDate } from '../../../src/domain/dates.ts';
import { expectedMealsForSchoolDay } from '../../../src/features/canteen/meals.ts';
import { submitForm, type Agent } from '../../helpers/http.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { auditCount, demoSchools, demoTenant, staffAgent, visibleText } from './support.ts';

let ctx: TestContext;
let clerk: Agent;
let tenant: Awaited<ReturnType<typeof demoTenant>>;
let schools: Awaited<ReturnType<typeof demoSchools>>;
let base: string;
const CLOSED_DAY = '2026-11-17';

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  tenant = await demoTenant(ctx.prisma, 'dimostrativo');
  schools = await demoSchools(ctx.prisma, tenant.id);
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
  base = `/dimostrativo/admin/refezione/scuole/${schools.primary.id}/presenze`;
});

afterAll(() => ctx.close());

const bookingOf = (studentId: string, date = CLOSED_DAY) =>
  ctx.prisma.booking.findUniqueOrThrow({ where: { tenantId_studentId_date: { tenantId: tenant.id, studentId, date: toDbDate(date) } } });

async function aPresentChild() {
  const meals = await expectedMealsForSchoolDay(ctx.prisma, tenant.id, schools.primary.id, CLOSED_DAY);
  return meals.find((m) => m.status === 'PRESENT' && m.booking?.chargedCents)!;
}

describe('attendance of a school and day', () => {
  it('lists every child expected that day with the recorded status and charge', async () => {
    const meals = await expectedMealsForSchoolDay(ctx.prisma, tenant.id, schools.primary.id, CLOSED_DAY);
    const res = await clerk.get(`${base}?data=${CLOSED_DAY}`);
    expect(res.status).toBe(200);
    expect(res.text.match(/data-qa="attendance-row"/g)).toHaveLength(meals.length);
    const text = visibleText(res.text);
    expect(text).toContain('Giornata chiusa');
    const present = meals.filter((m) => m.status === 'PRESENT').length;
    expect(text).toContain(`Presenti: ${present} ·`);
    expect(res.text.match(/data-qa="correction-form"/g)).toHaveLength(meals.length);
  });

  it('refuses a correction without a reason, on the same page, and changes nothing', async () => {
    const child = await aPresentChild();
    const before = await bookingOf(child.studentId);
    const audits = await auditCount(ctx.prisma, tenant.id, 'CANTEEN_MEAL_CORRECTED');
    const res = await submitForm(clerk, `${base}?data=${CLOSED_DAY}`, `${base}/${child.studentId}`, {
      date: CLOSED_DAY,
      newStatus: 'ABSENT',
      reason: '  ',
    });
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain('Indica il motivo della correzione (almeno 5 caratteri).');
    expect(res.text).toContain(`href="#reason-${child.studentId}"`);
    expect(res.text).toMatch(/<option value="ABSENT" selected>/);
    expect(await bookingOf(child.studentId)).toEqual(before);
    expect(await auditCount(ctx.prisma, tenant.id, 'CANTEEN_MEAL_CORRECTED')).toBe(audits);
  });

  it('corrects a closed meal with a reason: status, charge, wallet and audit', async () => {
    const child = await aPresentChild();
    const charged = (await bookingOf(child.studentId)).chargedCents!;
    const res = await submitForm(clerk, `${base}?data=${CLOSED_DAY}`, `${base}/${child.studentId}`, {
      date: CLOSED_DAY,
      newStatus: 'ABSENT',
      reason: 'Uscito alle 11 per visita medica',
    });
    expect(res.status).toBe(302);
    const after = await bookingOf(child.studentId);
    expect(after).toMatchObject({ status: 'ABSENT', chargedCents: 0, correctionWhy: 'Uscito alle 11 per visita medica' });
    const refund = await ctx.prisma.walletMovement.findFirstOrThrow({
      where: { tenantId: tenant.id, bookingId: after.id, kind: 'CORRECTION' },
    });
    expect(refund.amountCents).toBe(charged);
    const audit = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { tenantId: tenant.id, action: 'CANTEEN_MEAL_CORRECTED', entityId: after.id },
    });
    expect(audit.actorKind).toBe('STAFF');
    const page = visibleText((await clerk.get(res.headers.location)).text);
    expect(page).toContain('Correzione registrata.');
    expect(page).toContain('Corretto: Uscito alle 11 per visita medica');
  });

  it('refuses a correction to the same status', async () => {
    const child = await aPresentChild();
    const res = await submitForm(clerk, `${base}?data=${CLOSED_DAY}`, `${base}/${child.studentId}`, {
      date: CLOSED_DAY,
      newStatus: 'PRESENT',
      reason: 'Nessun cambiamento',
    });
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain('Lo stato scelto è uguale a quello registrato');
  });

  it('a day not closed yet shows the expected meals and cannot be corrected', async () => {
    const day = '2026-11-19';
    const page = await clerk.get(`${base}?data=${day}`);
    expect(visibleText(page.text)).toContain('Giornata non ancora chiusa');
    expect(page.text).not.toContain('data-qa="correction-form"');
    const [child] = await expectedMealsForSchoolDay(ctx.prisma, tenant.id, schools.primary.id, day);
    const res = await submitForm(clerk, `${base}?data=${day}`, `${base}/${child.studentId}`, {
      date: day,
      newStatus: 'ABSENT',
      reason: 'Prova di correzione',
    });
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain('Il giorno non è ancora chiuso');
    expect(
      await ctx.prisma.booking.count({
        where: { tenantId: tenant.id, studentId: child.studentId, date: toDbDate(day), correctedAt: { not: null } },
      }),
    ).toBe(0);
  });

  it('a child of another school or Comune is 404', async () => {
    const nurseryChild = (await expectedMealsForSchoolDay(ctx.prisma, tenant.id, schools.nursery.id, CLOSED_DAY))[0];
    const res = await submitForm(clerk, `${base}?data=${CLOSED_DAY}`, `${base}/${nurseryChild.studentId}`, {
      date: CLOSED_DAY,
      newStatus: 'ABSENT',
      reason: 'Scuola sbagliata',
    });
    expect(res.status).toBe(404);
  });
});

describe('attendance of a post-paid Comune after invoicing', () => {
  it('corrects an invoiced meal into an adjustment for the next invoice, and says so', async () => {
    const borgoverde = await demoTenant(ctx.prisma, 'borgoverde');
    const staff = await staffAgent(ctx, 'borgoverde', 'operatore');
    const booking = await ctx.prisma.booking.findFirstOrThrow({
      where: { tenantId: borgoverde.id, status: 'PRESENT', chargedCents: { gt: 0 }, closedAt: { not: null } },
      include: { student: true },
      orderBy: { date: 'desc' },
    });
    const invoice = await ctx.prisma.invoice.findFirstOrThrow({
      where: { tenantId: borgoverde.id, guardianId: booking.student.guardianId },
    });
    await ctx.prisma.booking.update({ where: { id: booking.id }, data: { invoiceId: invoice.id } });
    const day = booking.date.toISOString().slice(0, 10);
    const page = `/borgoverde/admin/refezione/scuole/${booking.student.schoolId}/presenze`;

    const res = await submitForm(staff, `${page}?data=${day}`, `${page}/${booking.studentId}`, {
      date: day,
      newStatus: 'ABSENT',
      reason: 'Assente, registrato per errore',
    });

    expect(res.status).toBe(302);
    expect(visibleText((await staff.get(res.headers.location)).text)).toContain('la differenza sarà riportata sul prossimo documento');
    const adjustment = await ctx.prisma.billingAdjustment.findFirstOrThrow({ where: { tenantId: borgoverde.id, bookingId: booking.id } });
    expect(adjustment).toMatchObject({ amountCents: -booking.chargedCents!, invoiceId: invoice.id, appliedInvoiceId: null });
    expect(await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toEqual(invoice);
  });
});
