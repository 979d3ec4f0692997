// Certificazione 730 in the Fascicolo: one certificate per year with payments, totals equal to what the family paid
// in that Rome calendar year, and another family's child is "not found".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentFor, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { download, pdfText } from '../../helpers/pdf.ts';
import { aFamilyThatPaid } from '../../helpers/tax-certificates.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
let family: Awaited<ReturnType<typeof aFamilyThatPaid>>;
let agent: Agent;
let T: string;

const certificate = (studentId: string, year: number) => `${T}/anagrafica/certificazione-730?alunno=${studentId}&anno=${year}`;

/** What the family paid in a Rome calendar year, summed by SQL straight from receipts, SDD collections and top-ups. */
async function familyPaidIn(year: number): Promise<number> {
  const [row] = await ctx.prisma.$queryRaw<{ cents: bigint }[]>`
    SELECT
      (SELECT COALESCE(SUM(r."amountCents"), 0) FROM "Receipt" r
         JOIN "PaymentNotice" n ON n.id = r."noticeId" AND n.purpose = 'INVOICE'
         JOIN "PaymentNoticeItem" it ON it."noticeId" = n.id
         JOIN "Invoice" i ON i.id = it."invoiceId"
        WHERE r."tenantId" = ${family.tenant.id}::uuid AND r.status = 'APPLIED' AND i."guardianId" = ${family.guardian.id}::uuid
          AND EXTRACT(YEAR FROM r."paidAt" AT TIME ZONE 'Europe/Rome') = ${year})
    + (SELECT COALESCE(SUM(i."totalCents"), 0) FROM "Invoice" i
        WHERE i."tenantId" = ${family.tenant.id}::uuid AND i."guardianId" = ${family.guardian.id}::uuid
          AND i."directDebit" = 'COLLECTED' AND EXTRACT(YEAR FROM i."directDebitOn") = ${year})
    + (SELECT COALESCE(SUM(m."amountCents"), 0) FROM "WalletMovement" m JOIN "Wallet" w ON w.id = m."walletId"
         JOIN "Student" s ON s.id = w."studentId"
        WHERE m."tenantId" = ${family.tenant.id}::uuid AND s."guardianId" = ${family.guardian.id}::uuid AND m.kind = 'TOP_UP'
          AND EXTRACT(YEAR FROM m."occurredAt" AT TIME ZONE 'Europe/Rome') = ${year}) AS cents`;
  return Number(row.cents);
}

const totalOf = (text: string, year: number) => {
  const match = new RegExp(`Totale pagato nell'anno ${year}\\s+([\\d.,]+) €`).exec(text);
  return match ? Number(match[1].replace(/\./g, '').replace(',', '')) : null;
};

beforeAll(async () => {
  ctx = await createTestContext();
  family = await aFamilyThatPaid(ctx.prisma);
  T = `/${family.tenant.slug}`;
  agent = agentFor(ctx.app);
  await loginAsCitizen(agent, family.tenant.slug, family.guardian.fiscalCode);
});

afterAll(() => ctx?.close());

describe('Fascicolo: certificazioni 730', () => {
  it('lists one certificate per year with payments, newest first, instead of a stored file', async () => {
    const page = await agent.get(`${T}/anagrafica?alunno=${family.anna.id}&scheda=fascicolo`);
    expect(page.status).toBe(200);
    const years = [...page.text.matchAll(/Certificazione pagamenti (\d{4})/g)].map((m) => Number(m[1]));
    expect([...new Set(years)]).toEqual([2026, 2025]);
    expect(page.text).toContain(`certificazione-730?alunno=${family.anna.id}&anno=2025`);
  });

  it('counts 31 Dec 23:30 Rome in that year and 1 Jan 00:30 in the next; the children’s totals are the family’s payments', async () => {
    const texts = new Map<string, string>();
    for (const [student, year] of [
      [family.anna, 2025],
      [family.anna, 2026],
      [family.luca, 2025],
    ] as const) {
      const file = await download(agent, certificate(student.id, year));
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['content-disposition']).toContain(`certificazione-730-${year}-conti-${student.firstName.toLowerCase()}.pdf`);
      texts.set(`${student.firstName}${year}`, pdfText(file.body as Buffer));
    }
    expect(totalOf(texts.get('Anna2025')!, 2025)).toBe(14_450);
    expect(totalOf(texts.get('Anna2026')!, 2026)).toBe(4_500);
    expect(totalOf(texts.get('Luca2025')!, 2025)).toBe(900);
    expect(14_450 + 900).toBe(await familyPaidIn(2025));
    expect(4_500).toBe(await familyPaidIn(2026));
  });

  it('prints each payment with date, document, method and amount, signed off with the Comune’s data', async () => {
    const text = pdfText((await download(agent, certificate(family.anna.id, 2025))).body as Buffer);
    const { tenant, guardian, anna } = family;
    for (const expected of [
      tenant.name,
      'Ufficio Pubblica Istruzione — Piazza Municipio 1',
      'Certificazione dei pagamenti 2025 — modello 730',
      'Maria Conti',
      guardian.fiscalCode,
      anna.fiscalCode!,
      '31/12/2025',
      'novembre 2025',
      'pagoPA — ricevuta RT-',
      '81,00 €',
      '10/06/2025',
      'Addebito diretto SDD',
      '13,50 €',
      '03/03/2025',
      'Ricarica conto mensa',
      'Sportello comunale',
      '50,00 €',
      '144,50 €',
      `C.F. ${tenant.fiscalCode}`,
      'Il Responsabile — Ufficio Pubblica Istruzione',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('01/01/2026');
    expect(text).not.toContain('9,99 €');
  });

  it('is not found for a year without payments, another family’s child, or a malformed request', async () => {
    expect((await agent.get(certificate(family.anna.id, 2024))).status).toBe(404);
    expect((await agent.get(certificate(family.bruno.id, 2025))).status).toBe(404);
    expect((await agent.get(`${T}/anagrafica?alunno=${family.bruno.id}&scheda=fascicolo`)).status).toBe(404);
    expect((await agent.get(`${T}/anagrafica/certificazione-730?alunno=x&anno=2025`)).status).toBe(404);
    expect((await agent.get(`${T}/anagrafica/certificazione-730?alunno=${family.anna.id}&anno=venti`)).status).toBe(404);
  });

  it('is open to a delegate of the family', async () => {
    const delegate = await ctx.prisma.delegate.create({
      data: {
        tenantId: family.tenant.id,
        guardianId: family.guardian.id,
        fiscalCode: 'VRDGPP80A01F205X',
        firstName: 'Giuseppe',
        lastName: 'Verdi',
      },
    });
    const delegateAgent = agentFor(ctx.app);
    await loginAsCitizen(delegateAgent, family.tenant.slug, delegate.fiscalCode);
    const file = await download(delegateAgent, certificate(family.luca.id, 2025));
    expect(file.status).toBe(200);
    expect(pdfText(file.body as Buffer)).toContain('9,00 €');
  });
});
