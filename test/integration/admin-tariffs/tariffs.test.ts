import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromDbDate } from '../../../src/domain/dates.ts';
import { pricedEnrollmentSelect, pricesOn } from '../../../src/features/pricing/inputs.ts';
import { agentFor, csrfTokenFrom, submitForm, type Agent } from '../../helpers/http.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { auditCount, demoTenant, staffAgent, visibleText } from '../admin-canteen/support.ts';

let ctx: TestContext;
let clerk: Agent;
let demo: Awaited<ReturnType<typeof demoTenant>>;
let borgo: Awaited<ReturnType<typeof demoTenant>>;
const base = '/dimostrativo/admin/tariffe';

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  demo = await demoTenant(ctx.prisma, 'dimostrativo');
  borgo = await demoTenant(ctx.prisma, 'borgoverde');
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
});

afterAll(() => ctx.close());

const canteenBand = async (tenantId: string, code: string) =>
  ctx.prisma.tariff.findFirstOrThrow({ where: { tenantId, code, service: { code: 'REFEZIONE' } }, orderBy: { validFrom: 'desc' } });

/** Posts a form found on `page` (its CSRF token) to `action`. */
async function post(page: string, action: string, fields: Record<string, string | string[]>) {
  return submitForm(clerk, page, action, fields);
}

const bandFields = (overrides: Record<string, string> = {}) => ({
  description: 'Tariffa intera — ISEE oltre 15.000,00 € o non presentato',
  unit: 'PER_MEAL',
  amount: '5,00',
  iseeFrom: '15.000,01',
  iseeTo: '',
  siblingReduction: '20',
  laterSiblingReduction: '100',
  validFrom: '23/11/2026',
  ...overrides,
});

describe('services and tariff tables', () => {
  it('lists the Comune’s services with search, sort and paging, and its table with bands, reductions and versions', async () => {
    const list = await clerk.get(`${base}?q=refez`);
    expect(list.status).toBe(200);
    expect(visibleText(list.text)).toContain('Refezione scolastica');
    expect(visibleText(list.text)).not.toContain('Pre-scuola');
    const sorted = await clerk.get(`${base}?ordina=code&verso=desc`);
    expect(sorted.text.indexOf('REFEZIONE')).toBeLessThan(sorted.text.indexOf('PRESCUOLA'));
    const service = await ctx.prisma.service.findFirstOrThrow({ where: { tenantId: demo.id, code: 'REFEZIONE' } });
    const table = visibleText((await clerk.get(`${base}/servizi/${service.id}?anno=2026/2027`)).text);
    expect(table).toContain('FASCIA_1');
    expect(table).toMatch(/fino a 8\.000,00/);
    expect(table).toContain('2º figlio: −20%');
    expect(table).toContain('dal 3º: −100%');
    expect(table).toContain('già applicata');
    expect(table).toContain('data di nascita, dal più grande');
  });

  it('creates a service with a billing mode, refuses a bad one next to its field keeping the input, and audits', async () => {
    const bad = await post(`${base}/servizi/nuovo`, `${base}/servizi`, {
      code: 'POST SCUOLA',
      name: 'Po',
      kind: 'POST_SCHOOL',
      billingMode: 'FLAT_INSTALMENTS',
      instalments: '',
    });
    expect(bad.status).toBe(422);
    const text = visibleText(bad.text);
    expect(text).toContain('Il codice può avere da 2 a 30 lettere');
    expect(text).toContain('Indica il nome del servizio (almeno 3 caratteri).');
    expect(text).toContain('Indica in quante rate si paga la quota.');
    expect(bad.text).toContain('value="POST SCUOLA"');
    const before = await auditCount(ctx.prisma, demo.id, 'SERVICE_CREATED');
    const ok = await post(`${base}/servizi/nuovo`, `${base}/servizi`, {
      code: 'POSTSCUOLA',
      name: 'Post-scuola',
      kind: 'POST_SCHOOL',
      billingMode: 'FLAT_INSTALMENTS',
      instalments: '3',
      active: 'on',
    });
    expect(ok.status).toBe(302);
    expect(await ctx.prisma.service.findFirst({ where: { tenantId: demo.id, code: 'POSTSCUOLA' } })).toMatchObject({
      billingMode: 'FLAT_INSTALMENTS',
      instalments: 3,
    });
    expect(await auditCount(ctx.prisma, demo.id, 'SERVICE_CREATED')).toBe(before + 1);
    const twice = await post(`${base}/servizi/nuovo`, `${base}/servizi`, {
      code: 'postscuola',
      name: 'Altro',
      kind: 'POST_SCHOOL',
      billingMode: 'FLAT_MONTHLY',
    });
    expect(twice.status).toBe(422);
    expect(visibleText(twice.text)).toContain('Esiste già un servizio con questo codice.');
  });
});

describe('tariff versions', () => {
  it('refuses to edit in place a band already used by closed days, with a message, and changes nothing', async () => {
    const used = await canteenBand(demo.id, 'FASCIA_3');
    const page = await clerk.get(`${base}/fasce/${used.id}/modifica`);
    expect(page.status).toBe(200);
    expect(visibleText(page.text)).toContain('già stata applicata a giorni chiusi');
    const res = await post(`${base}/fasce/${used.id}/modifica`, `${base}/fasce/${used.id}`, bandFields({ validFrom: '01/09/2026' }));
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain('crea una nuova versione da una data');
    expect(await ctx.prisma.tariff.findUniqueOrThrow({ where: { id: used.id } })).toEqual(used);
  });

  it('refuses a new version over closed days or not after the latest version', async () => {
    const used = await canteenBand(demo.id, 'FASCIA_3');
    const page = `${base}/fasce/${used.id}/nuova-versione`;
    const closed = await post(page, page, bandFields({ validFrom: '17/11/2026' }));
    expect(closed.status).toBe(422);
    expect(visibleText(closed.text)).toContain('al più presto dal 18/11/2026');
    expect(closed.text).toContain('value="5,00"');
    const overlap = await post(page, page, bandFields({ iseeFrom: '14.000,00' }));
    expect(visibleText(overlap.text)).toContain('si sovrappone alla fascia FASCIA_2');
    expect(await ctx.prisma.tariff.count({ where: { tenantId: demo.id, code: 'FASCIA_3', service: { code: 'REFEZIONE' } } })).toBe(1);
  });

  it('makes a new version from a date: the old price before it, the new one from it, both in the simulator', async () => {
    const used = await canteenBand(demo.id, 'FASCIA_3');
    const page = `${base}/fasce/${used.id}/nuova-versione`;
    const before = await auditCount(ctx.prisma, demo.id, 'TARIFF_VERSION_CREATED');
    const res = await post(page, page, bandFields());
    expect(res.status).toBe(302);
    expect(await auditCount(ctx.prisma, demo.id, 'TARIFF_VERSION_CREATED')).toBe(before + 1);
    const versions = await ctx.prisma.tariff.findMany({
      where: { tenantId: demo.id, code: 'FASCIA_3', service: { code: 'REFEZIONE' } },
      orderBy: { validFrom: 'asc' },
    });
    expect(versions.map((v) => [fromDbDate(v.validFrom), v.amountCents])).toEqual([
      ['2026-09-01', 450],
      ['2026-11-23', 500],
    ]);

    // an only child with no ISEE pays the open band: 4,50 € up to Sunday 22, 5,00 € from Monday 23
    const enrollment = await ctx.prisma.enrollment.findFirstOrThrow({
      where: { tenantId: demo.id, iseeCents: null, service: { code: 'REFEZIONE' } },
      select: { ...pricedEnrollmentSelect, student: { select: { guardianId: true, badgeNumber: true } } },
    });
    const [friday] = await pricesOn(ctx.prisma, demo.id, [enrollment], '2026-11-20');
    const [monday] = await pricesOn(ctx.prisma, demo.id, [enrollment], '2026-11-23');
    expect(friday).toMatchObject({ ok: true, fullCents: 450, tariff: { validFrom: '2026-09-01' } });
    expect(monday).toMatchObject({ ok: true, fullCents: 500, tariff: { validFrom: '2026-11-23' } });
    const simulated = await clerk.get(`${base}/simula?alunno=${enrollment.student.badgeNumber}&data=23/11/2026`);
    expect(simulated.text).toContain('data-qa="simulate-result"');
    expect(visibleText(simulated.text)).toContain('in vigore dal 23/11/2026');

    // the new version is not used yet: it can still be corrected in place
    const fresh = versions[1];
    const edit = await post(`${base}/fasce/${fresh.id}/modifica`, `${base}/fasce/${fresh.id}`, bandFields({ amount: '4,90' }));
    expect(edit.status).toBe(302);
    expect((await ctx.prisma.tariff.findUniqueOrThrow({ where: { id: fresh.id } })).amountCents).toBe(490);
  });

  it('adds a band to a table, refusing one that overlaps another', async () => {
    const service = await ctx.prisma.service.findFirstOrThrow({ where: { tenantId: demo.id, code: 'PRESCUOLA' } });
    const page = `${base}/servizi/${service.id}/fasce/nuova?anno=2026/2027`;
    const action = `${base}/servizi/${service.id}/fasce?anno=2026/2027`;
    const overlap = await post(page, action, {
      ...bandFields({ unit: 'PER_MONTH', amount: '10,00', iseeFrom: '', iseeTo: '5.000,00' }),
      code: 'ESENTI',
    });
    expect(overlap.status).toBe(422);
    expect(visibleText(overlap.text)).toContain('si sovrappone alla fascia FASCIA_1');
    const year = await post(
      `${base}/servizi/${service.id}/fasce/nuova?anno=2027/2028`,
      `${base}/servizi/${service.id}/fasce?anno=2027/2028`,
      {
        ...bandFields({ unit: 'PER_MONTH', amount: '22,00', iseeFrom: '', iseeTo: '', validFrom: '01/09/2027' }),
        code: 'UNICA',
      },
    );
    expect(year.status).toBe(302);
    expect(await ctx.prisma.tariff.count({ where: { tenantId: demo.id, serviceId: service.id, schoolYear: '2027/2028' } })).toBe(1);
  });
});

describe('a clerk of one Comune', () => {
  it('never reaches the other Comune’s services, tariffs or enrollments: every route answers 404 and nothing changes', async () => {
    const foreignService = await ctx.prisma.service.findFirstOrThrow({ where: { tenantId: borgo.id, code: 'REFEZIONE' } });
    const foreignTariff = await canteenBand(borgo.id, 'FASCIA_1');
    const foreignEnrollment = await ctx.prisma.enrollment.findFirstOrThrow({ where: { tenantId: borgo.id }, include: { student: true } });
    const gets = [
      `${base}/servizi/${foreignService.id}`,
      `${base}/servizi/${foreignService.id}/modifica`,
      `${base}/servizi/${foreignService.id}/fasce/nuova`,
      `${base}/fasce/${foreignTariff.id}/modifica`,
      `${base}/fasce/${foreignTariff.id}/nuova-versione`,
      `/dimostrativo/admin/iscrizioni/${foreignEnrollment.id}`,
      `${base}/servizi/not-a-uuid`,
    ];
    for (const path of gets) expect((await clerk.get(path)).status, path).toBe(404);
    const token = csrfTokenFrom((await clerk.get(base + '/servizi/nuovo')).text);
    const posts: [string, Record<string, string>][] = [
      [`${base}/servizi/${foreignService.id}`, { code: 'X1', name: 'Preso', kind: 'CANTEEN', billingMode: 'PREPAID' }],
      [`${base}/servizi/${foreignService.id}/fasce`, { ...bandFields(), code: 'NUOVA' }],
      [`${base}/fasce/${foreignTariff.id}`, bandFields()],
      [`${base}/fasce/${foreignTariff.id}/nuova-versione`, bandFields()],
      [`/dimostrativo/admin/iscrizioni/${foreignEnrollment.id}`, { schoolId: foreignEnrollment.schoolId, startsOn: '18/11/2026' }],
      [`/dimostrativo/admin/iscrizioni/${foreignEnrollment.id}/ritiro`, { withdrawnOn: '20/11/2026', withdrawalReason: 'Trasferito' }],
    ];
    const snapshot = () =>
      Promise.all([
        ctx.prisma.service.findMany({ where: { tenantId: borgo.id }, orderBy: { id: 'asc' } }),
        ctx.prisma.tariff.findMany({ where: { tenantId: borgo.id }, orderBy: { id: 'asc' } }),
        ctx.prisma.enrollment.findMany({ where: { tenantId: borgo.id }, orderBy: { id: 'asc' } }),
      ]);
    const before = await snapshot();
    for (const [path, fields] of posts) {
      const res = await clerk
        .post(path)
        .type('form')
        .send({ ...fields, _csrf: token });
      expect(res.status, path).toBe(404);
    }
    expect(await snapshot()).toEqual(before);

    // lists and the simulator show only the Comune's own records
    expect(visibleText((await clerk.get(base)).text)).not.toContain('Trasporto scolastico');
    const search = await clerk.get(`/dimostrativo/admin/iscrizioni?q=${foreignEnrollment.student.badgeNumber}`);
    expect(search.text).toContain('data-qa="empty-state"');
    const simulated = await clerk.get(`${base}/simula?alunno=${foreignEnrollment.student.badgeNumber}&data=18/11/2026`);
    expect(simulated.text).toContain('data-qa="simulate-none"');
  });

  it('is the only one: a cashier or an anonymous visitor does not reach the pages', async () => {
    const cashier = await staffAgent(ctx, 'dimostrativo', 'cassa');
    expect((await cashier.get(base)).status).toBe(404);
    expect((await cashier.get('/dimostrativo/admin/iscrizioni')).status).toBe(404);
    expect((await agentFor(ctx.app).get(base)).status).not.toBe(200);
  });
});
