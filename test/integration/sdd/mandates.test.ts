// The office registers and revokes a family's SEPA direct-debit mandate from the family page.
import { describe, expect, it } from 'vitest';
import { submitForm } from '../../helpers/http.ts';
import { aGuardian } from '../../helpers/builders.ts';
import { guardianFields } from '../admin-registry/support.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { auditCount, demoTenant, staffAgent, visibleText } from '../admin-canteen/support.ts';

const ctx = useTestContext({ demo: true });
const R = '/borgoverde/admin/anagrafica/intestatari';

const mandateFields = (overrides: Record<string, string> = {}) => ({
  reference: 'MND-2026-0001',
  iban: 'it60 x054 2811 1010 0000 0123 456',
  bic: '',
  debtorName: 'Mario Bianchi',
  signedOn: '02/11/2026',
  ...overrides,
});

async function setUp() {
  const tenant = await demoTenant(ctx.prisma, 'borgoverde');
  const guardian = await aGuardian(ctx.prisma, tenant.id);
  const clerk = await staffAgent(ctx, 'borgoverde', 'operatore');
  const page = `${R}/${guardian.id}`;
  const post = (fields: Record<string, string>) => submitForm(clerk, page, `${page}/mandati`, fields);
  return { tenant, guardian, clerk, page, post };
}

describe('SDD mandates', () => {
  it('registers a mandate: the family pays by SDD from that IBAN, audited; revoking it puts the family back on pagoPA', async () => {
    const { tenant, guardian, clerk, page, post } = await setUp();
    const created = await post(mandateFields({ bic: 'bcititmm' }));
    expect(created.status).toBe(303);
    const mandate = await ctx.prisma.sddMandate.findFirstOrThrow({ where: { tenantId: tenant.id, guardianId: guardian.id } });
    expect(mandate).toMatchObject({ reference: 'MND-2026-0001', iban: 'IT60X0542811101000000123456', bic: 'BCITITMM', revokedAt: null });
    expect(mandate.signedOn.toISOString().slice(0, 10)).toBe('2026-11-02');
    const after = await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardian.id } });
    expect([after.paymentMethod, after.iban]).toEqual(['SDD', 'IT60X0542811101000000123456']);
    expect(await auditCount(ctx.prisma, tenant.id, 'SDD_MANDATE_CREATED')).toBe(1);
    const shown = await clerk.get(page);
    expect(visibleText(shown.text)).toContain('Mandato registrato');
    expect(shown.text).toContain('data-mandate-ref="MND-2026-0001"');
    expect(shown.text).not.toContain('data-qa="mandate-form"');

    const second = await post(mandateFields({ reference: 'MND-2026-0002' }));
    expect(second.status).toBe(422);
    expect(visibleText(second.text)).toContain('La famiglia ha già il mandato MND-2026-0001 in vigore');

    const revoked = await submitForm(clerk, page, `${page}/mandati/${mandate.id}/revoca`, {});
    expect(revoked.status).toBe(303);
    expect((await ctx.prisma.sddMandate.findUniqueOrThrow({ where: { id: mandate.id } })).revokedAt).not.toBeNull();
    expect((await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardian.id } })).paymentMethod).toBe('PAGOPA');
    expect(await auditCount(ctx.prisma, tenant.id, 'SDD_MANDATE_REVOKED')).toBe(1);
    expect(visibleText((await clerk.get(page)).text)).toContain('Mandato revocato');

    // revoked, the family may sign a new one (with a new reference)
    expect((await post(mandateFields({ reference: 'MND-2026-0002' }))).status).toBe(303);
    expect(await ctx.prisma.sddMandate.count({ where: { tenantId: tenant.id, guardianId: guardian.id, revokedAt: null } })).toBe(1);
  });

  it('refuses to put a family with a mandate in force back on pagoPA from the edit form: the mandate is revoked instead', async () => {
    const { guardian, clerk, page, post } = await setUp();
    expect((await post(mandateFields({ reference: 'MND-EDIT-1' }))).status).toBe(303);
    const fields = guardianFields({ fiscalCode: guardian.fiscalCode, firstName: guardian.firstName, lastName: guardian.lastName });
    const edit = await submitForm(clerk, `${page}/modifica`, `${page}/modifica`, fields);
    expect(edit.status).toBe(422);
    expect(visibleText(edit.text)).toContain('La famiglia ha il mandato SDD MND-EDIT-1 in vigore');
    expect((await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardian.id } })).paymentMethod).toBe('SDD');
  });

  it('refuses a reference already used in the Comune, keeping what was typed and changing nothing', async () => {
    const first = await setUp();
    expect((await first.post(mandateFields({ reference: 'MND-DUP-1' }))).status).toBe(303);
    const { tenant, guardian, post } = await setUp();
    const res = await post(mandateFields({ reference: 'MND-DUP-1', debtorName: 'Lucia Verdi' }));
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain('Il riferimento MND-DUP-1 è già usato da un altro mandato del Comune.');
    expect(res.text).toContain('value="Lucia Verdi"');
    expect(await ctx.prisma.sddMandate.count({ where: { tenantId: tenant.id, guardianId: guardian.id } })).toBe(0);
    expect((await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardian.id } })).paymentMethod).toBe('PAGOPA');
  });

  it('refuses an IBAN with wrong check digits or shape, a BIC, a future signature date, next to each field', async () => {
    const { tenant, guardian, post } = await setUp();
    const wrong = await post(mandateFields({ iban: 'IT61X0542811101000000123456', bic: 'XX', signedOn: '01/01/2027' }));
    expect(wrong.status).toBe(422);
    const text = visibleText(wrong.text);
    expect(text).toContain("L'IBAN non è valido: le cifre di controllo non corrispondono");
    expect(text).toContain('Il BIC ha 8 o 11 caratteri');
    expect(wrong.text).toContain('value="IT61X0542811101000000123456"');
    const short = await post(mandateFields({ iban: 'IT60X05428' }));
    expect(visibleText(short.text)).toContain("L'IBAN italiano ha 27 caratteri e inizia con IT");
    const future = await post(mandateFields({ signedOn: '01/01/2027' }));
    expect(visibleText(future.text)).toContain('La data di firma non può essere nel futuro.');
    expect(await ctx.prisma.sddMandate.count({ where: { tenantId: tenant.id, guardianId: guardian.id } })).toBe(0);
  });

  it('gives 404 for another Comune’s family or mandate', async () => {
    const { guardian, post } = await setUp();
    expect((await post(mandateFields({ reference: 'MND-OWN-1' }))).status).toBe(303);
    const mandate = await ctx.prisma.sddMandate.findFirstOrThrow({ where: { guardianId: guardian.id } });
    const other = await staffAgent(ctx, 'dimostrativo', 'operatore');
    const foreign = `/dimostrativo/admin/anagrafica/intestatari/${guardian.id}`;
    const own = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenant: { slug: 'dimostrativo' } } });
    const ownPage = `/dimostrativo/admin/anagrafica/intestatari/${own.id}`;
    expect((await submitForm(other, ownPage, `${foreign}/mandati`, mandateFields({ reference: 'X-1' }))).status).toBe(404);
    expect((await submitForm(other, ownPage, `${foreign}/mandati/${mandate.id}/revoca`, {})).status).toBe(404);
    expect((await submitForm(other, ownPage, `${ownPage}/mandati/${mandate.id}/revoca`, {})).status).toBe(404);
    expect((await ctx.prisma.sddMandate.findUniqueOrThrow({ where: { id: mandate.id } })).revokedAt).toBeNull();
  });
});
