// A family built from scratch: what each page says when there is nothing to show, and how long lists page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aGuardian, anAttachment, anInvoice, aSchool, aStudent, aTenant } from '../../helpers/builders.ts';
import { agentFor, submitForm, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { download } from '../../helpers/pdf.ts';
import { formatEuro } from '../../../src/domain/money.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
let tenant: Awaited<ReturnType<typeof aTenant>>;
let guardian: Awaited<ReturnType<typeof aGuardian>>;
let student: Awaited<ReturnType<typeof aStudent>>;
let agent: Agent;
let T: string;

beforeAll(async () => {
  ctx = await createTestContext();
  tenant = await aTenant(ctx.prisma, { billingMode: 'PREPAID' });
  T = `/${tenant.slug}`;
  const school = await aSchool(ctx.prisma, tenant.id);
  guardian = await aGuardian(ctx.prisma, tenant.id, { paymentMethod: 'SDD', iban: 'IT60X0542811101000000123456', email: null });
  student = await aStudent(ctx.prisma, { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id }, { fiscalCode: null });
  agent = agentFor(ctx.app);
  await loginAsCitizen(agent, tenant.slug, guardian.fiscalCode);
});

afterAll(() => ctx?.close());

describe('empty states', () => {
  it('says so on every page when there is nothing to show', async () => {
    const pages: [string, string][] = [
      [`${T}/home`, 'Nessun servizio attivo'],
      [`${T}/home`, 'Nessun documento da pagare.'],
      [`${T}/home`, 'Nessuna comunicazione pubblicata.'],
      [`${T}/anagrafica?scheda=servizi`, "L'alunno non è iscritto ad alcun servizio."],
      [`${T}/anagrafica?scheda=fascicolo`, "Nessun documento nel fascicolo dell'alunno."],
      [`${T}/documenti`, 'Nessun documento contabile emesso.'],
      [`${T}/conto`, 'Per questo alunno non è attivo un conto virtuale.'],
      [`${T}/news`, 'Nessuna comunicazione pubblicata.'],
      [`${T}/anagrafica/delegati`, 'Non hai delegati'],
      [`${T}/contatti`, 'Non hai ancora inviato messaggi.'],
    ];
    for (const [url, text] of pages) {
      const res = await agent.get(url);
      expect(res.status, url).toBe(200);
      expect(res.text.replace(/&#39;/g, "'"), url).toContain(text);
    }
  });

  it('shows an empty wallet and an empty period', async () => {
    const service = await ctx.prisma.service.create({
      data: { tenantId: tenant.id, code: 'MENSA', name: 'Refezione scolastica', kind: 'CANTEEN' },
    });
    await ctx.prisma.wallet.create({ data: { tenantId: tenant.id, studentId: student.id, serviceId: service.id } });
    const res = await agent.get(`${T}/conto`);
    expect(res.text).toContain('data-qa="wallet-balance">0,00\u00a0€');
    expect(res.text).toContain('Nessun movimento nel periodo scelto.');
  });
});

describe('scheda anagrafica details', () => {
  it('masks the IBAN of the direct debit', async () => {
    const res = await agent.get(`${T}/anagrafica?scheda=altre`);
    expect(res.text).toContain('data-qa="masked-iban">IT60 ******************* 3456');
    expect(res.text).not.toContain('IT60X0542811101000000123456');
  });

  it('downloads a document of the fascicolo', async () => {
    const attachment = await anAttachment(ctx.prisma, { tenantId: tenant.id, studentId: student.id });
    const page = await agent.get(`${T}/anagrafica?scheda=fascicolo`);
    expect(page.text).toContain('Verbale di consegna del badge');
    const file = await download(agent, `${T}/anagrafica/allegati/${attachment.id}`);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('verbale-consegna-badge.pdf');
    expect((file.body as Buffer).toString()).toContain('verbale di prova');
  });
});

describe('dati obbligatori', () => {
  it("asks for the parent's e-mail and the child's codice fiscale, refusing a wrong one", async () => {
    const page = await agent.get(`${T}/dati-obbligatori`);
    expect(page.text).toContain(`Indirizzo e-mail di ${guardian.firstName} ${guardian.lastName}`);
    expect(page.text).toContain(`Codice fiscale dell&#39;alunno ${student.firstName} ${student.lastName}`);
    const fields = { [`email_${guardian.id}`]: 'laura@example.com', [`cfAlunno_${student.id}`]: 'BNCGLI18E10F205Q' };
    const bad = await submitForm(agent, `${T}/dati-obbligatori`, `${T}/dati-obbligatori`, { ritorno: '', ...fields });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('non è valido');
    expect((await ctx.prisma.guardian.findUniqueOrThrow({ where: { id: guardian.id } })).email).toBeNull();
  });
});

describe('long lists', () => {
  it('pages the documents, 20 to a page', async () => {
    for (let i = 0; i < 23; i++) {
      await anInvoice(
        ctx.prisma,
        { tenantId: tenant.id, guardianId: guardian.id, studentId: student.id },
        { number: `2026${String(500 + i).padStart(6, '0')}` },
      );
    }
    const first = await agent.get(`${T}/documenti`);
    expect(first.text.match(/data-qa="invoice-row"/g)).toHaveLength(20);
    expect(first.text).toContain('data-qa="pager"');
    const second = await agent.get(`${T}/documenti?pagina=2`);
    expect(second.text.match(/data-qa="invoice-row"/g)).toHaveLength(3);
    expect(second.text).toContain('aria-current="page">Pagina 2');
    expect(first.text).toContain('data-qa="unpaid-total">1.863,00\u00a0€');
  });

  it('pages the wallet movements, 25 to a page', async () => {
    const wallet = await ctx.prisma.wallet.findFirstOrThrow({ where: { tenantId: tenant.id, studentId: student.id } });
    await ctx.prisma.walletMovement.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        tenantId: tenant.id,
        walletId: wallet.id,
        occurredAt: new Date(Date.UTC(2026, 9, 1 + i, 10)),
        kind: 'MEAL' as const,
        amountCents: -450,
        description: `Pasto ${i + 1}`,
        createdBy: 'SYSTEM',
      })),
    });
    const first = await agent.get(`${T}/conto`);
    expect(first.text.match(/data-qa="movement-row"/g)).toHaveLength(25);
    expect(first.text).toContain('data-qa="wallet-balance">-135,00\u00a0€');
    expect(first.text).toContain('data-qa="low-balance"');
    const second = await agent.get(`${T}/conto?pagina=2`);
    expect(second.text.match(/data-qa="movement-row"/g)).toHaveLength(5);
    expect(second.text).toContain('-4,50\u00a0€');
  });
});

describe('a long wallet history', () => {
  it('streams every movement to the CSV in order, each running balance the sum of the movements so far', async () => {
    const wallet = await ctx.prisma.wallet.findFirstOrThrow({ where: { tenantId: tenant.id, studentId: student.id } });
    const before = await ctx.prisma.walletMovement.count({ where: { tenantId: tenant.id, walletId: wallet.id } });
    await ctx.prisma.walletMovement.createMany({
      data: Array.from({ length: 2_400 }, (_, i) => ({
        tenantId: tenant.id,
        walletId: wallet.id,
        // several movements share an instant: the id breaks the tie, in the page and across CSV batches
        occurredAt: new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 3) * 3_600_000),
        kind: i % 10 === 0 ? ('TOP_UP' as const) : ('MEAL' as const),
        amountCents: i % 10 === 0 ? 5_000 : -450,
        description: `Movimento ${i + 1}`,
        createdBy: 'SYSTEM',
      })),
    });
    const movements = await ctx.prisma.walletMovement.findMany({
      where: { tenantId: tenant.id, walletId: wallet.id },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
    });
    expect(movements).toHaveLength(before + 2_400);
    const csv = await agent.get(`${T}/conto/csv`);
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(movements.length);
    const cents = (text: string) => Math.round(Number(text.replace(/\./g, '').replace(',', '.')) * 100);
    let running = 0;
    movements.forEach((m, i) => {
      running += m.amountCents;
      const [, , , description, amount, balance] = lines[i].split(';');
      expect([description, cents(amount), cents(balance)]).toEqual([m.description, m.amountCents, running]);
    });
    const page = await agent.get(`${T}/conto?pagina=3`);
    expect(page.text.match(/data-qa="movement-row"/g)).toHaveLength(25);
    const newest = await agent.get(`${T}/conto`);
    expect(newest.text).toContain(`data-qa="wallet-balance">${formatEuro(running)}<`);
  });
});
