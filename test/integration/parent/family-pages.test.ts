// The parent area for the demo family of the prepaid Comune: Maria Rossi with Luca (primaria) and Sofia (infanzia).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { agentFor, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { download, pdfText } from '../../helpers/pdf.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
let agent: Agent;
let tenantId: string;
let luca: { id: string; badgeNumber: string };
let sofia: { id: string; badgeNumber: string };

const T = '/dimostrativo';

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug: 'dimostrativo' } });
  tenantId = tenant.id;
  luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Luca', lastName: 'Rossi' } });
  sofia = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Sofia', lastName: 'Rossi' } });
  agent = agentFor(ctx.app);
  await loginAsCitizen(agent, 'dimostrativo', DEMO_PARENT.fiscalCode);
});

afterAll(() => ctx?.close());

describe('home', () => {
  it('shows each child with school, class, services, wallet, unpaid documents and next meal', async () => {
    const res = await agent.get(`${T}/home`);
    expect(res.status).toBe(200);
    expect(res.text.match(/data-qa="child-card"/g)).toHaveLength(2);
    expect(res.text).toContain('Luca Rossi');
    expect(res.text).toContain('Sofia Rossi');
    expect(res.text).toContain('4ª A');
    expect(res.text).toContain('Sezione A');
    expect(res.text).toMatch(/data-qa="child-services">[^<]*Refezione/);
    expect(res.text.match(/data-qa="child-balance"/g)).toHaveLength(2);
    expect(res.text.match(/data-qa="next-meal-card"/g)).toHaveLength(2);
    // Sofia's wallet covers fewer than 3 meals (demo profile LOW): the home says so and links to top-ups
    expect(res.text).toContain('Credito basso');
    expect(res.text).toContain(`${T}/ricariche?alunno=${sofia.id}`);
    // Sofia's enrollment fee (30,00 €, due 30/09/2026) is still unpaid
    expect(res.text).toMatch(/data-qa="child-unpaid"><strong>30,00\u00a0€<\/strong> — 1 documento da pagare, prima scadenza 30\/09\/2026/);
    expect(res.text).toContain('data-qa="home-news"');
    for (const section of [
      'anagrafica',
      'refezione',
      'documenti',
      'conto',
      'pagamenti',
      'ricariche',
      'news',
      'faq',
      'contatti',
      'anagrafica/delegati',
    ]) {
      expect(res.text).toContain(`href="${T}/${section}`);
    }
  });

  it('shows the wallet balance as the sum of the movements', async () => {
    const res = await agent.get(`${T}/home`);
    for (const child of [luca, sofia]) {
      const sum = await ctx.prisma.walletMovement.aggregate({
        where: { tenantId, wallet: { studentId: child.id } },
        _sum: { amountCents: true },
      });
      const cents = sum._sum.amountCents ?? 0;
      const text = `${Math.trunc(cents / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')}`;
      expect(res.text).toContain(`${text}\u00a0€`);
    }
  });

  it('sends anonymous visitors to the login page', async () => {
    const res = await agentFor(ctx.app).get(`${T}/home`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${T}/accedi`);
  });
});

describe('scheda anagrafica', () => {
  it('shows the four tabs for each child, switching between them', async () => {
    const generali = await agent.get(`${T}/anagrafica?alunno=${sofia.id}`);
    expect(generali.status).toBe(200);
    expect(generali.text).toContain('data-qa="child-switcher"');
    expect(generali.text).toContain(`href="${T}/anagrafica?alunno=${luca.id}"`);
    for (const tab of ['Dati generali', 'Altre informazioni', 'Servizi', 'Fascicolo']) expect(generali.text).toContain(tab);
    expect(generali.text).toContain('data-qa="tab-generali"');
    expect(generali.text).toContain('10/02/2022');
    expect(generali.text).toContain('Femmina');
    expect(generali.text).toContain(`data-qa="badge-number">${sofia.badgeNumber}`);
    expect(generali.text).toContain('Aperto');

    const altre = await agent.get(`${T}/anagrafica?alunno=${luca.id}&scheda=altre`);
    expect(altre.text).toContain(DEMO_PARENT.fiscalCode);
    expect(altre.text).toContain('maria.rossi@example.com');
    expect(altre.text).toContain('pagoPA');
    expect(altre.text).toContain('Consultazione sul portale');

    const servizi = await agent.get(`${T}/anagrafica?alunno=${sofia.id}&scheda=servizi`);
    expect(servizi.text).toContain('2026/2027');
    expect(servizi.text).toMatch(/a pasto/);
    expect(servizi.text).toContain('Riduzione fratelli');
    expect(servizi.text).toMatch(/2º figlio/);
    expect(servizi.text).toContain('14/09/2026');

    const fascicolo = await agent.get(`${T}/anagrafica?alunno=${luca.id}&scheda=fascicolo`);
    expect(fascicolo.status).toBe(200);
    expect(fascicolo.text).toContain('data-qa="tab-fascicolo"');
  });

  it('lets the family download its attachments, and only those', async () => {
    const own = await ctx.prisma.attachment.findFirst({ where: { tenantId, studentId: { in: [luca.id, sofia.id] } } });
    if (own) {
      const res = await download(agent, `${T}/anagrafica/allegati/${own.id}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toContain(own.fileName);
      expect(Buffer.compare(res.body as Buffer, Buffer.from(own.content))).toBe(0);
    }
    const foreign = await ctx.prisma.attachment.findFirstOrThrow({
      where: { tenantId, student: { guardian: { fiscalCode: { not: DEMO_PARENT.fiscalCode } } } },
    });
    expect((await agent.get(`${T}/anagrafica/allegati/${foreign.id}`)).status).toBe(404);
  });
});

describe('documenti contabili', () => {
  it('lists the documents with the columns of the guide and the pagoPA downloads', async () => {
    const res = await agent.get(`${T}/documenti`);
    expect(res.status).toBe(200);
    for (const col of ['Data', 'Numero', 'Utente', 'Importo', 'Da pagare', 'Pagato', 'Scadenza', 'Messa a ruolo', 'Stato'])
      expect(res.text).toContain(`>${col}</th>`);
    const invoices = await ctx.prisma.invoice.findMany({
      where: { tenantId, studentId: { in: [luca.id, sofia.id] } },
      include: { noticeItems: { include: { notice: true } } },
    });
    expect(invoices.length).toBeGreaterThanOrEqual(2);
    expect(res.text.match(/data-qa="invoice-row"/g)).toHaveLength(invoices.length);
    for (const invoice of invoices) {
      expect(res.text).toContain(invoice.number);
      const notice = invoice.noticeItems[0]?.notice;
      if (!notice) continue;
      if (invoice.state === 'PAID') expect(res.text).toContain(`${T}/pagamenti/ricevute/${notice.id}/pdf`);
      else expect(res.text).toContain(`${T}/pagamenti/avvisi/${notice.id}/pdf`);
    }
    expect(res.text).toContain('01/09/2026');
    expect(res.text).toContain('30/09/2026');
  });

  it('filters by child, year and state', async () => {
    const sofias = await agent.get(`${T}/documenti?alunno=${sofia.id}`);
    expect(sofias.text.match(/data-qa="invoice-row"/g)).toHaveLength(1);
    expect(sofias.text).not.toMatch(/<td>Luca Rossi<\/td>/);
    const unpaid = await agent.get(`${T}/documenti?stato=da-pagare`);
    expect(unpaid.text).toContain('Da pagare</span>');
    expect(unpaid.text).not.toContain('bg-success');
    const paid = await agent.get(`${T}/documenti?stato=pagati`);
    expect(paid.text).toContain('data-qa="receipt-download"');
    expect(paid.text).not.toContain('data-qa="notice-download"');
    const otherYear = await agent.get(`${T}/documenti?anno=2024`);
    expect(otherYear.text).toContain('Nessun documento corrisponde ai filtri scelti.');
  });

  it('opens a document with its lines, payments and the invoice PDF', async () => {
    const invoice = await ctx.prisma.invoice.findFirstOrThrow({
      where: { tenantId, studentId: luca.id, state: 'PAID' },
      include: { lines: true },
    });
    const lines = await agent.get(`${T}/documenti/${invoice.id}`);
    expect(lines.status).toBe(200);
    expect(lines.text).toContain(invoice.lines[0].description);
    const payments = await agent.get(`${T}/documenti/${invoice.id}?scheda=pagamenti`);
    expect(payments.text).toContain('data-qa="invoice-payments"');
    const attachments = await agent.get(`${T}/documenti/${invoice.id}?scheda=allegati`);
    expect(attachments.text).toContain(`${T}/documenti/${invoice.id}/pdf`);

    const pdf = await download(agent, `${T}/documenti/${invoice.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.body as Buffer);
    expect(text).toContain(`Documento contabile n. ${invoice.number}`);
    expect(text).toContain('Comune Dimostrativo');
    expect(text).toContain('Maria Rossi');
    expect(text).toContain('30,00 €');
    expect(text).toContain('30/09/2026');
    expect(text).toContain('Come pagare');
  });
});

describe('conto corrente virtuale', () => {
  it('shows balance, movements with running balance, and the low-credit warning', async () => {
    const res = await agent.get(`${T}/conto?alunno=${sofia.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-qa="child-switcher"');
    expect(res.text).toContain('data-qa="low-balance"');
    expect(res.text).toContain(`${T}/ricariche?alunno=${sofia.id}`);
    expect(res.text).toContain('data-qa="movement-row"');
    const luca = await agent.get(`${T}/conto`);
    expect(luca.text).not.toContain('data-qa="low-balance"');
  });

  it('shows as balance exactly the sum of the movements, and the newest running balance equals it', async () => {
    const sum = await ctx.prisma.walletMovement.aggregate({
      where: { tenantId, wallet: { studentId: sofia.id } },
      _sum: { amountCents: true },
    });
    const res = await agent.get(`${T}/conto?alunno=${sofia.id}`);
    const shown = /data-qa="wallet-balance">([^<]+)</.exec(res.text)![1];
    const firstRunning = /data-qa="movement-row">(?:[\s\S]*?<td class="amount">){2}([^<]+)</.exec(res.text)![1];
    const cents = (text: string) => Number(text.replace(/[^\d,-]/g, '').replace(',', ''));
    expect(cents(shown)).toBe(sum._sum.amountCents);
    expect(cents(firstRunning)).toBe(sum._sum.amountCents);
  });

  it('filters by period and downloads the same movements as CSV', async () => {
    const res = await agent.get(`${T}/conto?alunno=${luca.id}&dal=01/10/2026&al=31/10/2026`);
    expect(res.status).toBe(200);
    const days = [...res.text.matchAll(/data-qa="movement-row">\s*<td>(\d\d\/\d\d\/\d{4})</g)].map((m) => m[1]);
    expect(days.length).toBeGreaterThan(0);
    expect(days.every((d) => d.endsWith('/10/2026'))).toBe(true);
    const csv = await agent.get(`${T}/conto/csv?alunno=${luca.id}&dal=2026-10-01&al=2026-10-31`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toBe('Data;Servizio;Tipo;Descrizione;Importo (€);Saldo (€)');
    const october = await ctx.prisma.walletMovement.count({
      where: {
        tenantId,
        wallet: { studentId: luca.id },
        occurredAt: { gte: new Date('2026-09-30T22:00:00Z'), lt: new Date('2026-10-31T23:00:00Z') },
      },
    });
    expect(rows).toHaveLength(october + 1);
  });

  it('refuses a nonsense period with an Italian message, keeping what was typed', async () => {
    const res = await agent.get(`${T}/conto?alunno=${luca.id}&dal=31/02/2026&al=ieri`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('La data &#34;Dal&#34; non è valida');
    expect(res.text).toContain('value="31/02/2026"');
    expect(res.text).toContain('value="ieri"');
  });

  it('opens a movement of the family, and 404 for another family', async () => {
    const own = await ctx.prisma.walletMovement.findFirstOrThrow({ where: { tenantId, wallet: { studentId: luca.id }, kind: 'MEAL' } });
    const res = await agent.get(`${T}/conto/movimenti/${own.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(own.description);
    const foreign = await ctx.prisma.walletMovement.findFirstOrThrow({
      where: { tenantId, wallet: { student: { firstName: 'Matteo', lastName: 'Colombo' } } },
    });
    expect((await agent.get(`${T}/conto/movimenti/${foreign.id}`)).status).toBe(404);
  });
});

describe("another family's ids are not found", () => {
  it('answers 404 for a foreign child, invoice, movement and attachment on every page', async () => {
    const matteo = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, firstName: 'Matteo', lastName: 'Colombo' } });
    const foreignInvoice = await ctx.prisma.invoice.create({
      data: {
        tenantId,
        number: 'ALTRA-1',
        issuedOn: new Date('2026-11-05T00:00:00Z'),
        dueOn: new Date('2026-11-30T00:00:00Z'),
        guardianId: matteo.guardianId,
        studentId: matteo.id,
        description: "Documento di un'altra famiglia",
        totalCents: 1000,
      },
    });
    const borgoverdeInvoice = await ctx.prisma.invoice.findFirstOrThrow({ where: { tenant: { slug: 'borgoverde' } } });
    for (const url of [
      `${T}/anagrafica?alunno=${matteo.id}`,
      `${T}/conto?alunno=${matteo.id}`,
      `${T}/conto/csv?alunno=${matteo.id}`,
      `${T}/documenti?alunno=${matteo.id}`,
      `${T}/documenti/${foreignInvoice.id}`,
      `${T}/documenti/${foreignInvoice.id}/pdf`,
      `${T}/documenti/${borgoverdeInvoice.id}`,
      `${T}/documenti/non-un-id`,
      `${T}/conto/movimenti/00000000-0000-7000-8000-000000000000`,
      `${T}/anagrafica/allegati/00000000-0000-7000-8000-000000000000`,
    ]) {
      const res = await agent.get(url);
      expect(res.status, url).toBe(404);
      expect(res.text).toContain('Pagina non trovata');
    }
  });
});

describe('news', () => {
  it('lists the news and opens one', async () => {
    const res = await agent.get(`${T}/news`);
    expect(res.status).toBe(200);
    const first = /href="\/dimostrativo\/news\/([0-9a-f-]{36})"/.exec(res.text)![1];
    const item = await ctx.prisma.news.findUniqueOrThrow({ where: { id: first } });
    const detail = await agent.get(`${T}/news/${first}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain(item.title);
    const other = await ctx.prisma.news.findFirstOrThrow({ where: { tenant: { slug: 'borgoverde' } } });
    expect((await agent.get(`${T}/news/${other.id}`)).status).toBe(404);
  });
});

describe('post-paid Comune', () => {
  it('has no virtual account and shows the amount to pay on the home page', async () => {
    const { DEMO_PARENT_BORGOVERDE } = await import('../../../prisma/seed/identities.ts');
    const parent = agentFor(ctx.app);
    await loginAsCitizen(parent, 'borgoverde', DEMO_PARENT_BORGOVERDE.fiscalCode);
    expect((await parent.get('/borgoverde/conto')).status).toBe(404);
    const home = await parent.get('/borgoverde/home');
    expect(home.status).toBe(200);
    expect(home.text).not.toContain('data-qa="child-balance"');
    expect(home.text).not.toContain('/borgoverde/conto');
    expect(home.text.match(/data-qa="child-card"/g)).toHaveLength(2);
    expect(home.text).toContain('data-qa="child-unpaid"');
  });
});
