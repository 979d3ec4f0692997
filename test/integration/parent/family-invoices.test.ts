// A monthly invoice of a billing run for two siblings (no student of its own, a line group per child, the month's
// closed bookings linked) and a credit note reversing part of it: what the family, its delegate and others see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEuro as euro } from '../../../src/domain/money.ts';
import { aClass, aFiscalCode, aGuardian, anInvoice, aSchool, aStudent, aTenant } from '../../helpers/builders.ts';
import { aCreditNote, aFamilyInvoice } from '../../helpers/invoice-builders.ts';
import { agentFor, submitForm, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { download, pdfText } from '../../helpers/pdf.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;
let T: string;
let parent: Agent;
let delegate: Agent;
let stranger: Agent;
let refs: { tenantId: string; guardianId: string };
let luca: { id: string; firstName: string };
let sara: { id: string; firstName: string };
let family: { id: string; number: string; totalCents: number };
let creditNote: { id: string; number: string };
let lucaAlone: { id: string; number: string };

// Luca: 12 meals (one bland), 3 absences communicated; Sara: 4 meals, 1 absence
const LUCA_CHARGED = ['03', '04', '05', '06', '09', '10', '11', '12', '13', '16', '17', '18'].map((d) => `2026-11-${d}`);
const LUCA_CANCELLED = ['2026-11-19', '2026-11-20', '2026-11-23'];
const SARA_CHARGED = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-30'];
const SARA_CANCELLED = ['2026-11-05'];

const spaced = (cents: number) => euro(cents).replace(/\u00a0/g, ' ');
const rows = (html: string) => html.match(/data-qa="invoice-row"/g)?.length ?? 0;

beforeAll(async () => {
  ctx = await createTestContext({ listen: true });
  const { prisma } = ctx;
  const tenant = await aTenant(prisma, { billingMode: 'POSTPAID' });
  T = `/${tenant.slug}`;
  const primaria = await aSchool(prisma, tenant.id, { name: 'Scuola primaria Collodi' });
  const infanzia = await aSchool(prisma, tenant.id, { name: 'Scuola infanzia Rodari', kind: 'INFANZIA' });
  const terza = await aClass(prisma, primaria, { name: '3ª B' });
  const paolo = await aGuardian(prisma, tenant.id, { firstName: 'Paolo', lastName: 'Lombardi' });
  refs = { tenantId: tenant.id, guardianId: paolo.id };
  const lucaRow = await aStudent(
    prisma,
    { ...refs, schoolId: primaria.id, classId: terza.id },
    { firstName: 'Luca', lastName: 'Lombardi' },
  );
  const saraRow = await aStudent(prisma, { ...refs, schoolId: infanzia.id }, { firstName: 'Sara', lastName: 'Lombardi' });
  luca = lucaRow;
  sara = saraRow;
  family = await aFamilyInvoice(prisma, refs, [
    { student: lucaRow, charged: LUCA_CHARGED, bland: ['2026-11-10'], cancelled: LUCA_CANCELLED },
    { student: saraRow, charged: SARA_CHARGED, cancelled: SARA_CANCELLED },
  ]);
  creditNote = await aCreditNote(
    prisma,
    { ...family, ...refs, serviceId: null, period: '2026-11' },
    { studentId: luca.id, amountCents: 450 },
  );
  lucaAlone = await anInvoice(prisma, { ...refs, studentId: luca.id }, { description: 'Quota di iscrizione' });

  const grandmaCode = aFiscalCode({ lastName: 'Leone', firstName: 'Carmela', sex: 'F', birthDate: '1950-04-11' });
  await prisma.delegate.create({ data: { ...refs, fiscalCode: grandmaCode, firstName: 'Carmela', lastName: 'Leone' } });
  const other = await aGuardian(prisma, tenant.id, { firstName: 'Rita', lastName: 'Ferrara' });
  await aStudent(prisma, { tenantId: tenant.id, guardianId: other.id, schoolId: primaria.id }, { firstName: 'Ugo', lastName: 'Ferrara' });

  parent = agentFor(ctx.app);
  await loginAsCitizen(parent, tenant.slug, paolo.fiscalCode);
  delegate = agentFor(ctx.app);
  await loginAsCitizen(delegate, tenant.slug, grandmaCode);
  stranger = agentFor(ctx.app);
  await loginAsCitizen(stranger, tenant.slug, other.fiscalCode);
});

afterAll(() => ctx?.close());

/** What the page and the PDF say of the two children's days. */
const DAY_LINES = [
  'Pasti addebitati (12): 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18 novembre 2026',
  'di cui pasti in bianco (1): 10 novembre 2026',
  'Assenze comunicate, non addebitate (3): 19, 20, 23 novembre 2026',
  'Pasti addebitati (4): 2, 3, 4, 30 novembre 2026',
];

describe('a family invoice of two siblings', () => {
  it('is in the list once, for both children, and the filter finds it under either child', async () => {
    const all = await parent.get(`${T}/documenti`);
    expect(all.status).toBe(200);
    expect(rows(all.text)).toBe(3);
    expect(all.text).toContain(family.number);
    expect(all.text).toContain('<td>Luca e Sara Lombardi</td>');
    // owed: the family invoice and Luca's own; the credit note is never owed
    expect(all.text).toContain(`data-qa="unpaid-total">${euro(family.totalCents + 8100)}<`);

    const lucas = await parent.get(`${T}/documenti?alunno=${luca.id}`);
    expect(rows(lucas.text)).toBe(3);
    const saras = await parent.get(`${T}/documenti?alunno=${sara.id}`);
    expect(rows(saras.text)).toBe(1);
    expect(saras.text).toContain(family.number);
    expect(saras.text).not.toContain(lucaAlone.number);
  });

  it('explains itself per child: school and class, lines, the days charged, bland and cancelled', async () => {
    const res = await parent.get(`${T}/documenti/${family.id}`);
    expect(res.status).toBe(200);
    const text = plain(res.text);
    expect(res.text.match(/data-qa="invoice-child"/g)).toHaveLength(2);
    expect(text).toContain('Luca Lombardi');
    expect(text).toContain('Scuola primaria Collodi, classe 3ª B');
    expect(text).toContain('Scuola infanzia Rodari');
    expect(text).toContain('Luca: 12 pasti × 4,50 €');
    for (const line of DAY_LINES) expect(text).toContain(line);
    expect(text).toContain('Assenze comunicate, non addebitate (1): 5 novembre 2026');
    expect(text).toContain('Totale Luca Lombardi 54,00 €');
    expect(text).toContain('Totale Sara Lombardi 18,00 €');
    expect(text).toContain(`Totale: ${spaced(family.totalCents)}`);
    expect(res.text).toContain('Vai ai pagamenti pagoPA');
    // the credit note that reverses part of it is named
    expect(res.text).toContain(`${T}/documenti/${creditNote.id}`);
  });

  it('prints the same in its PDF, with the days of each child', async () => {
    const pdf = await download(parent, `${T}/documenti/${family.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain(`Documento contabile n. ${family.number}`);
    expect(text).toContain('Paolo Lombardi');
    for (const line of DAY_LINES) expect(text).toContain(line);
    expect(text).toContain('Scuola infanzia Rodari');
    expect(text).toContain('Totale Sara Lombardi');
    expect(text).toContain(`Totale documento ${spaced(family.totalCents)}`);
  });

  it('is payable with both children named, and its pagoPA notice prints for the family', async () => {
    const payments = await parent.get(`${T}/pagamenti`);
    expect(payments.status).toBe(200);
    expect(payments.text).toMatch(new RegExp(`data-number="${family.number}"[\\s\\S]*?<td>Luca e Sara Lombardi</td>`));
    expect(payments.text).not.toContain(`data-number="${creditNote.number}"`);
    const issued = await submitForm(parent, `${T}/pagamenti`, `${T}/pagamenti/documenti/${family.id}/avviso`, {});
    expect(issued.status).toBe(303);
    const notice = await download(parent, issued.headers.location);
    expect(notice.status).toBe(200);
    expect(notice.headers['content-type']).toBe('application/pdf');
    expect((await download(stranger, issued.headers.location)).status).toBe(404);
  });

  it('is seen by the delegate of the family, as the intestatario sees it', async () => {
    const list = await delegate.get(`${T}/documenti?alunno=${sara.id}`);
    expect(list.status).toBe(200);
    expect(list.text).toContain(family.number);
    const detail = await delegate.get(`${T}/documenti/${family.id}`);
    expect(detail.status).toBe(200);
    expect(plain(detail.text)).toContain('Pasti addebitati (4): 2, 3, 4, 30 novembre 2026');
    expect((await download(delegate, `${T}/documenti/${family.id}/pdf`)).status).toBe(200);
  });

  it('is not found for another family, nor are its children', async () => {
    for (const url of [
      `${T}/documenti/${family.id}`,
      `${T}/documenti/${family.id}/pdf`,
      `${T}/documenti/${creditNote.id}`,
      `${T}/documenti?alunno=${luca.id}`,
    ]) {
      const res = await stranger.get(url);
      expect(res.status, url).toBe(404);
    }
    expect(rows((await stranger.get(`${T}/documenti`)).text)).toBe(0);
  });

  it('shares the amount owed among the children on the home page', async () => {
    const home = await parent.get(`${T}/home`);
    expect(home.status).toBe(200);
    // Luca: his enrollment fee (81,00) and his 54,00 of the family invoice; Sara: her 18,00
    expect(home.text).toContain(`<strong>${euro(8100 + 5400)}</strong> — 2 documenti da pagare`);
    expect(home.text).toContain(`<strong>${euro(1800)}</strong> — 1 documento da pagare`);
  });
});

describe('a credit note', () => {
  it('is listed with its kind and the invoice it reverses', async () => {
    const res = await parent.get(`${T}/documenti`);
    expect(res.text).toMatch(
      new RegExp(
        `${creditNote.number}</a>\\s*<br><span class="small" data-qa="credit-note-kind">Nota di credito — storna il n. ${family.number}`,
      ),
    );
    // its row: the negative total, nothing owed, and no "paid" amount as if money had moved
    const row = res.text.split('data-qa="invoice-row"').find((r) => r.includes(creditNote.number))!;
    const amounts = [...row.matchAll(/<td class="amount">([^<]*)<\/td>/g)].map((m) => m[1].replace(/\u00a0/g, ' '));
    expect(amounts).toEqual([expect.stringMatching(/^-/), '0,00 €', '—']);
  });

  it('opens as a credit note of negative amount, linked to the reversed invoice, with nothing to pay', async () => {
    const res = await parent.get(`${T}/documenti/${creditNote.id}`);
    expect(res.status).toBe(200);
    const text = plain(res.text);
    expect(text).toContain(`Nota di credito n. ${creditNote.number}`);
    expect(res.text).toContain(`href="${T}/documenti/${family.id}" data-qa="credited-invoice"`);
    expect(text).toContain('-4,50 €');
    expect(text).toContain("non c'è nulla da pagare");
    expect(res.text).not.toContain('Vai ai pagamenti pagoPA');
    expect(res.text).not.toContain('Scarica avviso');

    const refused = await submitForm(parent, `${T}/pagamenti`, `${T}/pagamenti/documenti/${creditNote.id}/avviso`, {});
    expect(refused.status).toBe(404);
    const due = await parent.get(`${T}/documenti?stato=da-pagare`);
    expect(due.text).not.toContain(creditNote.number);
  });

  it('prints as "Nota di credito n. …" naming the reversed invoice', async () => {
    const pdf = await download(parent, `${T}/documenti/${creditNote.id}/pdf`);
    expect(pdf.status).toBe(200);
    const text = pdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain(`Nota di credito n. ${creditNote.number}`);
    expect(text).toContain(`Storna il documento contabile n. ${family.number} del 03/12/2026`);
    expect(text).toContain('-4,50 €');
    expect(text).not.toContain('Da pagare entro il');
  });
});

describe('a later invoice', () => {
  it('shows an adjustment as a line saying what it corrects, and a child with every meal cancelled by their days', async () => {
    const december = await aFamilyInvoice(
      ctx.prisma,
      refs,
      [
        { student: luca, charged: ['2026-12-01', '2026-12-02'] },
        { student: sara, charged: [], cancelled: ['2026-12-01', '2026-12-02'] },
      ],
      { period: '2026-12', issuedOn: new Date('2027-01-05'), totalCents: 900 - 450 },
    );
    const correction = `Rettifica del documento n. ${family.number}: pasto del 10 novembre 2026 non dovuto`;
    await ctx.prisma.invoiceLine.create({
      data: {
        tenantId: refs.tenantId,
        invoiceId: december.id,
        position: 9,
        studentId: null,
        description: correction,
        quantity: 1,
        unitCents: -450,
        amountCents: -450,
      },
    });
    const res = await parent.get(`${T}/documenti/${december.id}`);
    expect(res.status).toBe(200);
    const text = plain(res.text);
    expect(res.text).toContain('data-qa="invoice-family-lines"');
    expect(text).toContain(`Altre voci del documento`);
    expect(text).toContain(`${correction} 1 -4,50 € -4,50 €`);
    expect(text).toContain('Pasti addebitati (2): 1, 2 dicembre 2026');
    const saraSection = res.text.split('data-qa="invoice-child"')[2];
    expect(plain(saraSection)).toContain('Sara Lombardi');
    expect(plain(saraSection)).toContain('Assenze comunicate, non addebitate (2): 1, 2 dicembre 2026');
    expect(saraSection.split('invoice-family-lines')[0]).not.toContain('data-qa="invoice-lines"');
    expect(text).toContain(`Totale: ${spaced(450)}`);

    // with no avviso yet it can be paid spontaneously, offered under the child it bills
    const spontaneous = await parent.get(`${T}/pagamenti/spontaneo`);
    expect(spontaneous.status).toBe(200);
    const groups = spontaneous.text.split('fw-semibold">').slice(1);
    const groupOf = (name: string) => groups.find((g) => g.startsWith(name)) ?? '';
    expect(groupOf('Luca Lombardi')).toContain(`(doc. ${december.number})`);
    expect(groupOf('Sara Lombardi')).toContain('Nessuna retta da pagare per Sara Lombardi');
    expect(groupOf('Sara Lombardi')).not.toContain(`(doc. ${december.number})`);
  });
});

/** The page's text, tags dropped and spaces made plain, as a reader sees it. */
function plain(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([:,.])/g, '$1');
}
