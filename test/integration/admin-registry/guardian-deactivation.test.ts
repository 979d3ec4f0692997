// Deactivating and deleting an intestatario of the clerk's own Comune: the record and its history stay.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDbDate } from '../../../src/domain/dates.ts';
import { aGuardian, anInvoice, aStudent } from '../../helpers/builders.ts';
import { agentFor, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { auditCount, demoSchools, demoTenant, staffAgent, visibleText } from '../admin-canteen/support.ts';
import { pressButton } from './support.ts';

let ctx: TestContext;
let clerk: Agent;
let tenantId: string;
let schoolId: string;
const T = '/dimostrativo';
const R = `${T}/admin/anagrafica/intestatari`;

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  tenantId = (await demoTenant(ctx.prisma, 'dimostrativo')).id;
  schoolId = (await demoSchools(ctx.prisma, tenantId)).primary.id;
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
});

afterAll(() => ctx.close());

async function aFamily(lastName: string) {
  const guardian = await aGuardian(ctx.prisma, tenantId, { lastName });
  const child = await aStudent(ctx.prisma, { tenantId, guardianId: guardian.id, schoolId }, { lastName });
  return { guardian, child };
}

const aBooking = (studentId: string) =>
  ctx.prisma.booking.create({ data: { tenantId, studentId, date: toDbDate('2026-10-01'), status: 'ABSENT' } });

/** The flash message the clerk reads on the family page after a button. */
async function messageAfter(page: string, action: string): Promise<string> {
  const pressed = await pressButton(clerk, page, action);
  expect(pressed.status).toBe(303);
  return visibleText((await clerk.get(pressed.headers.location)).text);
}

describe('deactivating an intestatario', () => {
  it('keeps the record, its children and its invoices; search finds it marked as deactivated', async () => {
    const { guardian, child } = await aFamily('Deattivandi');
    await aBooking(child.id);
    const invoice = await anInvoice(ctx.prisma, { tenantId, guardianId: guardian.id, studentId: child.id });
    const page = `${R}/${guardian.id}`;

    expect(await messageAfter(page, `${page}/disattiva`)).toContain('La famiglia ha alunni attivi');
    expect((await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardian.id } })).deactivatedAt).toBeNull();

    const childPage = `${T}/admin/anagrafica/alunni/${child.id}`;
    await pressButton(clerk, childPage, `${childPage}/disattiva`);
    expect(await messageAfter(page, `${page}/disattiva`)).toContain('Scheda disattivata: resta consultabile con tutto il suo storico.');
    const after = await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardian.id } });
    expect(after.deactivatedAt).not.toBeNull();
    expect(await auditCount(ctx.prisma, tenantId, 'GUARDIAN_DEACTIVATED')).toBe(1);

    const family = await clerk.get(page);
    expect(family.status).toBe(200);
    expect(family.text).toContain('data-qa="inactive"');
    expect(family.text).toContain(`/alunni/${child.id}"`);
    expect(await ctx.prisma.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).toMatchObject({ guardianId: guardian.id });

    expect((await clerk.get(`${R}?q=Deattivandi`)).text).not.toContain(`${guardian.id}"`);
    for (const state of ['tutti', 'disattivati']) {
      const found = await clerk.get(`${R}?q=${guardian.fiscalCode}&stato=${state}`);
      const row = new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*${guardian.id}(?:(?!</tr>)[\\s\\S])*</tr>`).exec(found.text);
      expect(row, state).not.toBeNull();
      expect(visibleText(row![0])).toContain('Disattivato');
    }

    const exported = await clerk.get(`${T}/admin/importazioni/esporta/documenti.csv`);
    const rows: string[][] = parse(exported.text, { delimiter: ';', bom: true });
    expect(rows.find((row) => row[0] === invoice.number)?.[4]).toBe(guardian.fiscalCode);

    // a deactivated family still sees (and can pay) what it owes
    const parent = agentFor(ctx.app);
    await loginAsCitizen(parent, 'dimostrativo', guardian.fiscalCode);
    expect((await parent.get(`${T}/documenti`)).text).toContain(invoice.number);

    expect(await messageAfter(page, `${page}/riattiva`)).toContain('Scheda');
    expect((await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardian.id } })).deactivatedAt).toBeNull();
  });
});

describe('deleting an intestatario', () => {
  it('refuses when it has children with bookings, invoices, payments or a direct-debit mandate; removes one typed by mistake', async () => {
    const withBookings = await aFamily('Conprenotazioni');
    await aBooking(withBookings.child.id);
    await ctx.prisma.student.update({ where: { id: withBookings.child.id }, data: { deactivatedAt: new Date() } });

    const withInvoice = await aGuardian(ctx.prisma, tenantId, { lastName: 'Condocumenti' });
    const other = await aFamily('Altrafamiglia');
    await anInvoice(ctx.prisma, { tenantId, guardianId: withInvoice.id, studentId: other.child.id });

    const withPayment = await aGuardian(ctx.prisma, tenantId, { lastName: 'Conpagamenti' });
    await ctx.prisma.checkoutCart.create({
      data: { tenantId, guardianId: withPayment.id, state: 'COMPLETED', totalCents: 2000, createdBy: 'test' },
    });

    const withMandate = await aGuardian(ctx.prisma, tenantId, { lastName: 'Conmandato' });
    await ctx.prisma.sddMandate.create({
      data: {
        tenantId,
        guardianId: withMandate.id,
        reference: 'MND-TEST-1',
        iban: 'IT60X0542811101000000123456',
        debtorName: 'Conmandato Laura',
        signedOn: toDbDate('2026-09-01'),
        createdBy: 'test',
      },
    });

    for (const guardian of [withBookings.guardian, withInvoice, withPayment, withMandate]) {
      const page = `${R}/${guardian.id}`;
      expect(await messageAfter(page, `${page}/elimina`), guardian.lastName).toContain('non può essere eliminato, solo disattivato');
      expect(await ctx.prisma.guardian.findUnique({ where: { id: guardian.id } }), guardian.lastName).not.toBeNull();
    }
    expect(await ctx.prisma.booking.count({ where: { tenantId, studentId: withBookings.child.id } })).toBe(1);
    expect(await auditCount(ctx.prisma, tenantId, 'GUARDIAN_DELETED')).toBe(0);

    const mistake = await aGuardian(ctx.prisma, tenantId, { lastName: 'Perrore' });
    const deleted = await pressButton(clerk, `${R}/${mistake.id}`, `${R}/${mistake.id}/elimina`);
    expect(deleted.headers.location).toBe(R);
    expect(await ctx.prisma.guardian.findUnique({ where: { id: mistake.id } })).toBeNull();
    expect(await auditCount(ctx.prisma, tenantId, 'GUARDIAN_DELETED')).toBe(1);
  });
});
