import { describe, expect, it } from 'vitest';
import { aStudent } from '../../helpers/builders.ts';
import { download, pdfText } from '../../helpers/pdf.ts';
import { aPayingFamily, type PayingFamily } from '../../helpers/payments.ts';
import { useTestContext } from '../../helpers/test-app.ts';

const ctx = useTestContext({ listen: true });

async function movements(
  family: PayingFamily,
  walletId: string,
  rows: [at: string, kind: 'OPENING' | 'TOP_UP' | 'MEAL', cents: number, description: string][],
) {
  await ctx.prisma.walletMovement.createMany({
    data: rows.map(([at, kind, amountCents, description]) => ({
      tenantId: family.tenant.id,
      walletId,
      occurredAt: new Date(at),
      kind,
      amountCents,
      description,
      createdBy: 'test',
    })),
  });
}

/** A prepaid family with two children: the first with a month of movements around November 2026, the second with one top-up. */
async function aFamilyWithMovements() {
  const family = await aPayingFamily(ctx);
  await movements(family, family.wallet.id, [
    ['2026-10-15T08:00:00Z', 'OPENING', 2000, 'Saldo dal programma precedente'],
    // 23:59:59 of 31 October in Rome: still October
    ['2026-10-31T22:59:59Z', 'MEAL', -450, 'Pasto del 31/10/2026'],
    // 00:30 of 1 November in Rome
    ['2026-10-31T23:30:00Z', 'TOP_UP', 5000, 'Ricarica pagoPA (IUV 01000000000000001)'],
    ['2026-11-16T11:00:00Z', 'MEAL', -450, 'Pasto del 16/11/2026'],
    ['2026-11-17T11:00:00Z', 'MEAL', -450, 'Pasto del 17/11/2026'],
    ['2026-12-01T08:00:00Z', 'TOP_UP', 1000, 'Ricarica di dicembre'],
  ]);
  const sibling = await aStudent(
    ctx.prisma,
    { tenantId: family.tenant.id, guardianId: family.guardian.id, schoolId: family.school.id },
    { firstName: 'Sara' },
  );
  const siblingWallet = await ctx.prisma.wallet.create({
    data: { tenantId: family.tenant.id, studentId: sibling.id, serviceId: family.service.id },
  });
  await movements(family, siblingWallet.id, [['2026-11-05T09:00:00Z', 'TOP_UP', 3000, 'Ricarica di Sara']]);
  return { family, sibling };
}

const statementUrl = (family: PayingFamily, studentId: string, month: string) =>
  `/${family.tenant.slug}/conto/estratto?alunno=${studentId}&mese=${month}`;

describe('the monthly wallet statement', () => {
  it('is offered on the wallet page and lists the month’s movements between the opening and closing balances', async () => {
    const { family } = await aFamilyWithMovements();
    const page = await family.agent.get(`/${family.tenant.slug}/conto?alunno=${family.student.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Estratto conto mensile');
    expect(page.text).toContain('<option value="2026-11">novembre 2026</option>');

    const pdf = await download(family.agent, statementUrl(family, family.student.id, '2026-11'));
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('estratto-conto-2026-11.pdf');
    const text = pdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('Estratto conto mensile — novembre 2026');
    expect(text).toContain('movimenti dal 01/11/2026 al 30/11/2026');
    expect(text).toMatch(/Saldo iniziale al 01\/11\/2026 15,50 €/);
    expect(text).toContain('Ricarica pagoPA (IUV 01000000000000001)');
    expect(text).toContain('Pasto del 16/11/2026');
    expect(text).toContain('Pasto del 17/11/2026');
    expect(text).not.toContain('Pasto del 31/10/2026');
    expect(text).not.toContain('Ricarica di dicembre');
    expect(text).toMatch(/Entrate del mese 50,00 €/);
    expect(text).toMatch(/Uscite del mese -9,00 €/);
    expect(text).toMatch(/Saldo finale al 30\/11\/2026 56,50 €/);
    // the running balance after each movement
    expect(text).toMatch(/Ricarica pagoPA \(IUV 01000000000000001\) 50,00 € 65,50 €/);
    expect(text).toMatch(/Pasto del 17\/11\/2026 -4,50 € 56,50 €/);
    // the sibling's wallet is in the family's statement
    expect(text).toContain('Sara');
    expect(text).toContain('Ricarica di Sara');
    expect(text).toContain('non è una fattura');

    const current = await download(family.agent, `/${family.tenant.slug}/conto/estratto?alunno=${family.student.id}`);
    expect(pdfText(current.body as Buffer)).toContain('novembre 2026');
  });

  it('shows a month with no movements with its balances', async () => {
    const { family } = await aFamilyWithMovements();
    const text = pdfText((await download(family.agent, statementUrl(family, family.student.id, '2026-09'))).body as Buffer).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('Nessun movimento nel mese');
    expect(text).toMatch(/Saldo finale al 30\/09\/2026 0,00 €/);
  });

  it('is 404 for another family’s child, and refuses a month the page does not offer', async () => {
    const { family } = await aFamilyWithMovements();
    const other = await aPayingFamily(ctx, { tenant: family.tenant });
    expect((await family.agent.get(statementUrl(family, other.student.id, '2026-11'))).status).toBe(404);
    expect((await family.agent.get(statementUrl(family, 'not-an-id', '2026-11'))).status).toBe(404);
    const future = await family.agent.get(statementUrl(family, family.student.id, '2027-01'));
    expect(future.status).toBe(422);
    expect(future.text).toContain('Scegli uno dei mesi proposti');
    expect((await family.agent.get(statementUrl(family, family.student.id, 'novembre'))).status).toBe(422);
  });

  it('does not exist in a post-paid Comune', async () => {
    const family = await aPayingFamily(ctx, { billingMode: 'POSTPAID' });
    expect((await family.agent.get(statementUrl(family, family.student.id, '2026-11'))).status).toBe(404);
  });
});
