// Month and weekday names follow the parent's language: in English the canteen's week menu and its messages, the
// wallet's statement months, a document's day lists (page and PDF) and the canteen days of the registry card say
// them in English, with the same dd/mm/yyyy digits; switched back to Italian they are as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT, DEMO_PARENT_BORGOVERDE } from '../../../prisma/seed/identities.ts';
import { agentFor, submitForm, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { download, pdfText } from '../../helpers/pdf.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
});
afterAll(() => ctx?.close());

/** The text of the page's flash messages. */
const flashes = (html: string) => [...html.matchAll(/data-qa="flash">([^<]*)</g)].map((m) => m[1].replace(/&#39;/g, "'")).join(' | ');

const plain = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/\s+/g, ' ');

/** A demo parent logged in and switched to English, their Comune's path and their first child by name. */
async function inEnglish(slug: string, fiscalCode: string) {
  const parent: Agent = agentFor(ctx.app);
  await loginAsCitizen(parent, slug, fiscalCode);
  expect((await parent.get(`/lingua/en?ritorno=${encodeURIComponent(`/${slug}/home`)}`)).status).toBe(303);
  const tenant = await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug } });
  const guardian = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId: tenant.id, fiscalCode } });
  const child = await ctx.prisma.student.findFirstOrThrow({
    where: { tenantId: tenant.id, guardianId: guardian.id },
    orderBy: { firstName: 'asc' },
  });
  const toItalian = () => parent.get(`/lingua/it?ritorno=${encodeURIComponent(`/${slug}/home`)}`).expect(303);
  return { T: `/${slug}`, parent, tenant, guardian, child, toItalian };
}

describe('dates in the parent language', () => {
  it('names the weekdays of the canteen week and of its messages in English', async () => {
    const { T, parent, child, toItalian } = await inEnglish('dimostrativo', DEMO_PARENT.fiscalCode);

    const calendar = await parent.get(`${T}/refezione?alunno=${child.id}`);
    expect(calendar.status).toBe(200);
    const week = plain(calendar.text);
    // DEMO_TODAY is Wednesday 18/11/2026: the menu panel shows that school week
    for (const day of ['Monday 16/11/2026', 'Tuesday 17/11/2026', 'Wednesday 18/11/2026', 'Thursday 19/11/2026', 'Friday 20/11/2026'])
      expect(week).toContain(day);
    expect(week).not.toMatch(/lunedì|mercoledì|venerdì/);

    // a change for yesterday is refused, naming the day in English
    const late = await submitForm(parent, `${T}/refezione?alunno=${child.id}`, `${T}/refezione/giorno`, {
      alunno: child.id,
      data: '2026-11-17',
      azione: 'CANCEL',
    });
    expect(late.status).toBe(303);
    expect(flashes((await parent.get(late.headers.location)).text)).toContain(
      'Tuesday 17/11/2026 has already been closed: it can no longer be changed.',
    );

    const next = await submitForm(parent, `${T}/refezione?alunno=${child.id}`, `${T}/refezione/disdici-prossimo`, { alunno: child.id });
    expect(next.status).toBe(303);
    expect(flashes((await parent.get(next.headers.location)).text)).toContain(
      `Next meal of ${child.firstName} ${child.lastName} cancelled: Wednesday 18/11/2026.`,
    );

    await toItalian();
    const italian = plain((await parent.get(`${T}/refezione?alunno=${child.id}`)).text);
    expect(italian).toContain('lunedì 16/11/2026');
    expect(italian).not.toContain('Monday');
  });

  it('offers the wallet statement by English month names, and prints the statement with one', async () => {
    const { T, parent, child, toItalian } = await inEnglish('dimostrativo', DEMO_PARENT.fiscalCode);

    const wallet = await parent.get(`${T}/conto?alunno=${child.id}`);
    expect(wallet.status).toBe(200);
    expect(wallet.text).toContain('<option value="2026-11">November 2026</option>');
    expect(wallet.text).toContain('<option value="2025-12">December 2025</option>');
    expect(wallet.text).not.toContain('novembre 2026');

    const statement = await download(parent, `${T}/conto/estratto?alunno=${child.id}&mese=2026-10`);
    expect(statement.status).toBe(200);
    expect(pdfText(statement.body as Buffer).replace(/\s+/g, ' ')).toContain('Monthly statement — October 2026');

    await toItalian();
    expect((await parent.get(`${T}/conto?alunno=${child.id}`)).text).toContain('<option value="2026-11">novembre 2026</option>');
  });

  it('shows the canteen days of the registry card as English short weekdays', async () => {
    const { T, parent, child, toItalian } = await inEnglish('dimostrativo', DEMO_PARENT.fiscalCode);
    const card = await parent.get(`${T}/anagrafica?alunno=${child.id}&scheda=servizi`);
    expect(card.status).toBe(200);
    expect(plain(card.text)).toContain('Days with lunch at school Mon, Tue, Wed, Thu ');

    await toItalian();
    expect(plain((await parent.get(`${T}/anagrafica?alunno=${child.id}&scheda=servizi`)).text)).toContain(
      'Giorni di rientro lun, mar, mer, gio ',
    );
  });

  it('lists the days of a document by English month names, on its page and in its PDF', async () => {
    const { T, parent, tenant, guardian, toItalian } = await inEnglish('borgoverde', DEMO_PARENT_BORGOVERDE.fiscalCode);
    // an October invoice of the demo's billing run, with its month's bookings linked
    const invoice = await ctx.prisma.invoice.findFirstOrThrow({
      where: { tenantId: tenant.id, guardianId: guardian.id, period: '2026-10', bookings: { some: { chargedCents: { gt: 0 } } } },
      orderBy: { number: 'asc' },
    });
    const charged = /Meals charged \(\d+\): (\d+, )*\d+ October 2026/;
    const detail = await parent.get(`${T}/documenti/${invoice.id}`);
    expect(detail.status).toBe(200);
    // the lines keep their stored (Italian) descriptions: only the day lists are formatted for the reader
    expect(plain(/data-qa="days-charged">(.*?)<\/p>/.exec(detail.text)?.[1] ?? '')).toMatch(charged);

    const pdf = await download(parent, `${T}/documenti/${invoice.id}/pdf`);
    expect(pdf.status).toBe(200);
    const text = pdfText(pdf.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toMatch(charged);

    await toItalian();
    expect(plain((await parent.get(`${T}/documenti/${invoice.id}`)).text)).toMatch(/Pasti addebitati \(\d+\): (\d+, )*\d+ ottobre 2026/);
  });

  it('names the months paid for in the 730 certificate in English', async () => {
    // the demo family paid its September invoices in October
    const { T, parent, child } = await inEnglish('borgoverde', DEMO_PARENT_BORGOVERDE.fiscalCode);
    const certificate = await download(parent, `${T}/anagrafica/certificazione-730?alunno=${child.id}&anno=2026`);
    expect(certificate.status).toBe(200);
    const text = pdfText(certificate.body as Buffer).replace(/\s+/g, ' ');
    expect(text).toContain('Period / purpose');
    expect(text).toMatch(/Doc\. no\. \d+ September 2026 pagoPA/);
    expect(text).not.toContain('settembre');
  });
});
