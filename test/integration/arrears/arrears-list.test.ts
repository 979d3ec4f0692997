// Morosità: the arrears list by family with age buckets, its filters and CSV, the family's flag, and who may see it.
import { beforeAll, describe, expect, it } from 'vitest';
import { arrearsFlagForFamily } from '../../../src/features/admin/arrears/index.ts';
import { visibleText } from '../admin-canteen/support.ts';
import type { Agent } from '../../helpers/http.ts';
import { useTestContext } from '../../helpers/test-app.ts';
import { anArrearsComune, anotherComune, loggedIn, type ArrearsComune } from './support.ts';

const ctx = useTestContext();
let comune: ArrearsComune;
let other: Awaited<ReturnType<typeof anotherComune>>;
let clerk: Agent;
let base: string;

beforeAll(async () => {
  comune = await anArrearsComune(ctx);
  other = await anotherComune(ctx);
  clerk = await loggedIn(ctx, comune.tenant.slug, comune.clerk);
  base = `/${comune.tenant.slug}/admin/morosita`;
});

/** The rows of the list: guardian id → the row's visible text. */
function rowsOf(html: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const match of html.matchAll(/<tr data-qa="arrears-row" data-guardian-id="([^"]+)">([\s\S]*?)<\/tr>/g))
    rows.set(match[1], visibleText(match[2]));
  return rows;
}

describe('the arrears list', () => {
  it('lists the families with overdue documents, most owed first, with the amount in each age bucket', async () => {
    const page = await clerk.get(base);
    expect(page.status).toBe(200);
    const rows = rowsOf(page.text);
    expect([...rows.keys()]).toEqual([comune.rossi.id, comune.verdi.id]);
    // Rossi: 30,00 (8 days) + 45,00 (79 days); Verdi: 40,00 still due, 141 days
    expect(rows.get(comune.rossi.id)).toMatch(/Rossi Mario .* 2 75,00 € 30,00 € 45,00 € 0,00 € 0,00 € 79 gg/);
    expect(rows.get(comune.verdi.id)).toMatch(/Verdi Anna .* 1 40,00 € 0,00 € 0,00 € 40,00 € 0,00 € 141 gg/);
    const totals = visibleText(page.text);
    expect(totals).toContain('2 famiglie in ritardo per un totale di 115,00 €');
    expect(totals).toContain('0–30 giorni: 30,00 €');
    expect(totals).toContain('31–90 giorni: 45,00 €');
    expect(totals).toContain('Oltre 90 giorni: 40,00 €');
    // the other Comune's family and the direct debit at the bank are not there
    expect(page.text).not.toContain('Gialli');
    expect(page.text).not.toContain(comune.neri.id);
  });

  it('filters by school and by service', async () => {
    expect([...rowsOf((await clerk.get(`${base}?scuola=${comune.schoolA.id}`)).text).keys()]).toEqual([comune.rossi.id]);
    expect([...rowsOf((await clerk.get(`${base}?scuola=${comune.schoolB.id}`)).text).keys()]).toEqual([comune.verdi.id]);
    expect([...rowsOf((await clerk.get(`${base}?servizio=${comune.transport.id}`)).text).keys()]).toEqual([comune.verdi.id]);
    const none = await clerk.get(`${base}?scuola=${comune.schoolB.id}&servizio=${comune.canteen.id}`);
    expect(none.text).toContain('data-qa="empty-state"');
    // a filter that is not an id of this Comune finds nothing of another Comune either
    const foreign = await clerk.get(`${base}?scuola=not-an-id`);
    expect(rowsOf(foreign.text).size).toBe(2);
  });

  it('exports the filtered list as CSV', async () => {
    const csv = await clerk.get(`${base}/csv?servizio=${comune.canteen.id}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Cognome;Nome;Codice fiscale;Documenti;Da pagare;0-30 giorni;31-90 giorni;Oltre 90 giorni;Di cui a ruolo;Giorni di ritardo massimo;Ultimo sollecito',
    );
    expect(lines.slice(1)).toEqual([`Rossi;Mario;${comune.rossi.fiscalCode};2;75,00;30,00;45,00;0,00;0,00;79;`]);
  });

  it('shows the re-enrolment flag and the arrears on the family page, by the Comune threshold', async () => {
    // the default threshold: 100,00 € overdue by at least 60 days; nobody reaches it
    const verdiPage = await clerk.get(`/${comune.tenant.slug}/admin/anagrafica/intestatari/${comune.verdi.id}`);
    expect(verdiPage.text).toContain('data-qa="arrears-no-flag"');
    expect(visibleText(verdiPage.text)).toContain('Scaduto e non pagato: 40,00 €; ritardo massimo 141 giorni.');

    await ctx.prisma.tenant.update({
      where: { id: comune.tenant.id },
      data: { reenrolmentArrearsCents: 4000, reenrolmentArrearsDays: 90 },
    });
    const flagged = await arrearsFlagForFamily(ctx.prisma, comune.tenant.id, comune.verdi.id, '2026-11-18');
    expect(flagged).toMatchObject({ flagged: true, amountCents: 4000, oldestDays: 141 });
    expect(flagged.documents.map((d) => d.number)).toEqual([comune.verdiOld.number]);
    // Rossi owes 75,00 but only 45,00 of it is older than 60 days, none older than 90
    expect(await arrearsFlagForFamily(ctx.prisma, comune.tenant.id, comune.rossi.id, '2026-11-18')).toMatchObject({
      flagged: false,
      amountCents: 7500,
      oldestDays: 79,
    });
    const page = await clerk.get(`/${comune.tenant.slug}/admin/anagrafica/intestatari/${comune.verdi.id}`);
    expect(page.text).toContain('data-qa="arrears-flag"');
    // another Comune's family is nobody here
    expect((await arrearsFlagForFamily(ctx.prisma, comune.tenant.id, other.guardian.id, '2026-11-18')).amountCents).toBe(0);
  });

  it('lets the administrator change the rules in Impostazioni, and keeps what was typed on a mistake', async () => {
    const admin = await loggedIn(ctx, comune.tenant.slug, comune.admin);
    const settings = `/${comune.tenant.slug}/admin/impostazioni`;
    const page = await admin.get(settings);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const bad = await admin
      .post(`${settings}/morosita`)
      .type('form')
      .send({ _csrf: csrf, ruoloGiorni: 'tanti', ruoloSolleciti: '2', soglia: '50,00', sogliaGiorni: '30' });
    expect(bad.status).toBe(422);
    expect(visibleText(bad.text)).toContain('Inserisci i giorni dalla scadenza con un numero intero');
    expect(bad.text).toContain('value="tanti"');
    const good = await admin
      .post(`${settings}/morosita`)
      .type('form')
      .send({ _csrf: csrf, ruoloGiorni: '120', ruoloSolleciti: '1', soglia: '50,00', sogliaGiorni: '30' });
    expect(good.status).toBe(302);
    expect(await ctx.prisma.tenant.findUniqueOrThrow({ where: { id: comune.tenant.id } })).toMatchObject({
      collectionAfterDays: 120,
      collectionAfterReminders: 1,
      reenrolmentArrearsCents: 5000,
      reenrolmentArrearsDays: 30,
    });
    expect(await ctx.prisma.auditEvent.count({ where: { tenantId: comune.tenant.id, action: 'SETTINGS_ARREARS_UPDATED' } })).toBe(1);
  });
});

describe('privacy', () => {
  it('shows nothing of the arrears to a parent, nor to the clerk of another Comune', async () => {
    const parent = await loggedIn(ctx, comune.tenant.slug, comune.parent);
    for (const path of ['', '/csv', `/solleciti/00000000-0000-7000-8000-000000000000`]) {
      expect((await parent.get(`${base}${path}`)).status).toBe(404);
    }
    expect((await parent.get(`/${comune.tenant.slug}/admin/anagrafica/intestatari/${comune.rossi.id}`)).status).toBe(404);
    const otherClerk = await loggedIn(ctx, other.tenant.slug, other.clerk);
    const foreign = await otherClerk.get(base);
    expect([302, 403, 404]).toContain(foreign.status);
    expect(foreign.text ?? '').not.toContain('Rossi');
    const own = await otherClerk.get(`/${other.tenant.slug}/admin/morosita`);
    expect([...rowsOf(own.text).keys()]).toEqual([other.guardian.id]);
    expect(own.text).not.toContain('Rossi');
  });

  it('shows the parent only their own documents, with no other family in arrears', async () => {
    const parent = await loggedIn(ctx, comune.tenant.slug, comune.parent);
    const page = await parent.get(`/${comune.tenant.slug}/documenti`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(comune.verdiOld.number);
    expect(page.text).not.toContain(comune.rossiOld.number);
    expect(page.text).not.toContain('Rossi');
  });
});
