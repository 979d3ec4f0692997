// Every state-changing route of the app, read from its router stack (a route added tomorrow is swept too), gets a
// list of hostile bodies from every role of the demo Comune, each with a valid CSRF token: none may answer 5xx.
// Bodies that are not forms (JSON, text) must be refused with 415 on every form route.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANY, DEMO_DELEGATE, DEMO_PARENT, DEMO_PASSWORD } from '../../../prisma/seed/identities.ts';
import { DEMO_TODAY } from '../../helpers/demo-today.ts';
import { agentFor, csrfTokenFrom, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen, loginAsStaffWithPassword } from '../../helpers/login.ts';
import { appRoutes, fillPath, type AppRoute } from '../../helpers/routes.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';

const SLUG = 'dimostrativo';
const FOREIGN_SLUG = 'borgoverde';

/** Routes that are not browser forms; each proves who is calling in its own way and is tested where it lives. */
const EXCLUDED: { pattern: RegExp; reason: string }[] = [
  {
    pattern: /^\/:tenant\/saml\/(acs|slo)$/,
    reason: 'SAML bindings: signed XML from the identity provider, no CSRF token (garbage probed below)',
  },
  {
    pattern: /^\/:tenant\/pagopa\/receipts$/,
    reason: "pagoPA's receipt push: SOAP with a bearer token, no CSRF token (bad bodies with a valid token: hostile-receipt-push.test.ts)",
  },
  { pattern: /^\/_pagopa\//, reason: 'the pagoPA simulator: a JSON API standing for pagoPA, absent in production' },
  {
    pattern: /^\/_io\//,
    reason: 'the IO simulator: a JSON API standing for the IO app, absent in production (test/integration/notifications)',
  },
  { pattern: /^\/_dev-idp\//, reason: 'the local test identity provider: it plays the IdP, absent in production (test/integration/auth)' },
];

/**
 * The login form is the same for every visitor and each try costs a password hash (slow on purpose), so it is
 * swept once, by the anonymous visitor.
 */
const ANONYMOUS_ONLY = /^\/:tenant\/accedi$/;

/** Routes that end the session: swept last, so every other route is reached logged in. */
const ENDS_SESSION = /\/(esci|saml\/logout)$/;

/** Every form field name the views use (inputs, and the `name:`/`id:` given to the field partials). */
function formFieldNames(): string[] {
  const names = new Set<string>();
  const read = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) read(file);
      else if (entry.name.endsWith('.ejs'))
        for (const match of readFileSync(file, 'utf8').matchAll(/\bname="([A-Za-z][\w-]*)"|\b(?:name|id): '([A-Za-z][\w-]*)'/g))
          names.add((match[1] ?? match[2]).replace(/-$/, '-0'));
    }
  };
  read(path.resolve(import.meta.dirname, '../../../views'));
  names.delete('_csrf');
  names.delete('viewport');
  return [...names].sort();
}

type Fields = Record<string, string | string[]>;
interface HostileBody {
  name: string;
  /** a form body, or raw text of another content type */
  form?: Fields;
  raw?: { type: string; text: string };
}

const FREE_TEXT = 'Testo di prova del modulo';
const DATE_FIELD = /^(a|al|da|dal|data|date|from|to|inizio|ripresa|startsOn|endsOn|extraDate|week)$/;

function hostileBodies(fields: string[], plausible: (field: string) => string): HostileBody[] {
  const all = (value: (field: string) => string | string[]) => Object.fromEntries(fields.map((field) => [field, value(field)]));
  const long = 'x'.repeat(10_000);
  // 10 kB in every field would pass the 200 kB body limit: the fields get their 10 kB 16 at a time
  const longChunks = [];
  for (let i = 0; i < fields.length; i += 16) {
    const chunk = new Set(fields.slice(i, i + 16));
    longChunks.push({ name: `10 kB strings (fields ${i + 1}–${i + chunk.size})`, form: all((f) => (chunk.has(f) ? long : plausible(f))) });
  }
  const plausibleFields = all(plausible);
  return [
    { name: 'empty', form: {} },
    { name: 'blanks', form: all(() => '') },
    { name: 'plausible', form: plausibleFields },
    // one kind of field hostile, the others plausible, so the form's own rules run on it
    { name: 'blank dates', form: all((f) => (DATE_FIELD.test(f) ? '' : plausible(f))) },
    { name: 'spaces for dates', form: all((f) => (DATE_FIELD.test(f) ? '   ' : plausible(f))) },
    { name: 'NUL in free text', form: all((f) => (plausible(f) === FREE_TEXT ? 'Testo di\u0000 prova' : plausible(f))) },
    { name: 'NUL bytes', form: all((f) => `${plausible(f)}\u0000x\u0000`) },
    ...longChunks,
    { name: 'arrays for scalars', form: all((f) => [plausible(f), plausible(f)]) },
    { name: 'impossible ISO dates', form: all((f) => (DATE_FIELD.test(f) ? '2026-02-30' : plausible(f))) },
    { name: 'impossible Italian dates', form: all((f) => (DATE_FIELD.test(f) ? '31/02/2026' : plausible(f))) },
    { name: 'huge numbers', form: all(() => '99999999999999999999999') },
    { name: 'markup and quotes', form: all(() => `<script>alert(1)</script>' OR 1=1 --`) },
    { name: 'JSON', raw: { type: 'application/json', text: JSON.stringify(plausibleFields) } },
    { name: 'text/plain', raw: { type: 'text/plain', text: 'alunno=1&da=' } },
  ];
}

/** What a role the route refuses is still sent; and what goes to a route with another Comune's ids. */
const GUARD_BODIES = new Set(['empty', 'JSON']);
const FOREIGN_BODIES = new Set(['plausible', 'NUL in free text', 'JSON']);

interface Role {
  name: string;
  login(agent: Agent): Promise<void>;
  /** the family whose records are "own" (null for staff: the whole Comune is theirs) */
  guardianId: () => Promise<string | null>;
}

let ctx: TestContext;

const tenantIdOf = async (slug: string) => (await ctx.prisma.tenant.findUniqueOrThrow({ where: { slug } })).id;
const guardianByCode = async (fiscalCode: string) =>
  (await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId: await tenantIdOf(SLUG), fiscalCode } })).id;

const staff = (name: string, username: string): Role => ({
  name,
  login: (agent) => loginAsStaffWithPassword(agent, SLUG, username, DEMO_PASSWORD),
  guardianId: () => Promise.resolve(null),
});

const ROLES: Role[] = [
  { name: 'anonymous', login: () => Promise.resolve(), guardianId: () => Promise.resolve(null) },
  {
    name: 'parent',
    login: (agent) => loginAsCitizen(agent, SLUG, DEMO_PARENT.fiscalCode),
    guardianId: () => guardianByCode(DEMO_PARENT.fiscalCode),
  },
  {
    name: 'delegate',
    login: (agent) => loginAsCitizen(agent, SLUG, DEMO_DELEGATE.fiscalCode),
    guardianId: async () =>
      (await ctx.prisma.delegate.findFirstOrThrow({ where: { tenantId: await tenantIdOf(SLUG), fiscalCode: DEMO_DELEGATE.fiscalCode } }))
        .guardianId,
  },
  {
    name: 'company',
    login: (agent) => loginAsStaffWithPassword(agent, SLUG, DEMO_COMPANY.vatNumber, DEMO_PASSWORD),
    guardianId: () => guardianByCode(DEMO_COMPANY.vatNumber),
  },
  staff('clerk', 'operatore'),
  staff('admin', 'admin'),
  staff('cashier', 'cassa'),
  staff('caterer', 'cucina'),
];

/** Real ids for each `:param`: records of the role's own scope in the demo Comune, or of the other Comune. */
async function idsOf(slug: string, guardianId: string | null): Promise<Record<string, string | undefined>> {
  const tenantId = await tenantIdOf(slug);
  const family = guardianId ? { guardianId } : {};
  const student = await ctx.prisma.student.findFirst({ where: { tenantId, ...family }, orderBy: { id: 'asc' } });
  const students = guardianId
    ? { studentId: { in: (await ctx.prisma.student.findMany({ where: { tenantId, guardianId } })).map((s) => s.id) } }
    : {};
  const [invoice, notice, delegate, message, receipt, service] = await Promise.all([
    // paid ones, by number (values the seed fixes): an unpaid one would send "pagamenti/avvia" to pagoPA, which
    // this app cannot reach (no simulator listening), and its honest 503 is not what the sweep looks for
    ctx.prisma.invoice.findFirst({ where: { tenantId, ...family, state: 'PAID' }, orderBy: { number: 'asc' } }),
    ctx.prisma.paymentNotice.findFirst({
      where: { tenantId, ...students, state: 'PAID' },
      orderBy: { noticeNumber: 'asc' },
    }),
    ctx.prisma.delegate.findFirst({ where: { tenantId, ...family } }),
    ctx.prisma.contactMessage.findFirst({ where: { tenantId, ...family } }),
    ctx.prisma.receipt.findFirst({ where: { tenantId } }),
    ctx.prisma.service.findFirst({ where: { tenantId } }),
  ]);
  return {
    tenant: SLUG,
    studentId: student?.id,
    schoolId: student?.schoolId,
    classId: student?.classId ?? undefined,
    invoiceId: invoice?.id,
    noticeId: notice?.id,
    delegateId: delegate?.id,
    messageId: message?.id,
    receiptId: receipt?.id,
    serviceId: service?.id,
    date: slug === SLUG ? DEMO_TODAY : '2026-02-30',
  };
}

function plausibleValues(ids: Record<string, string | undefined>): (field: string) => string {
  const known: Record<string, string | undefined> = {
    alunno: ids.studentId,
    scuola: ids.schoolId,
    servizio: ids.serviceId,
    documenti: ids.invoiceId && `i:${ids.invoiceId}`,
    ids: randomUUID(),
    email: 'nome.cognome@example.com',
    phone: '333 1234567',
    codiceFiscale: DEMO_PARENT.fiscalCode,
    fiscalCode: DEMO_PARENT.fiscalCode,
    otherFiscalCode: DEMO_DELEGATE.fiscalCode,
    tipologia: 'ASSENTE',
    azione: 'CANCEL',
    importo: 'altro',
    importoLibero: '15,50',
    modalita: 'avviso',
    periodi: '2026-10',
    weekdays: '3',
    schoolYear: '2026/2027',
    week: '2026-11-23',
    date: DEMO_TODAY,
    data: '25/11/2026',
    'course-0': 'FIRST',
    'allergens-0': '7',
  };
  return (field) => known[field] ?? (DATE_FIELD.test(field) ? '25/11/2026' : FREE_TEXT);
}

/** A form message that reached the page as its locale key instead of its text (messages travel as keys). */
const UNTRANSLATED_KEY = /(?<![\w/.-])(validation|pratiche\.errors)\.[a-zA-Z][\w.]*/;

interface Probe {
  role: string;
  route: string;
  body: string;
  status: number;
}

async function sweep(role: Role, routes: AppRoute[], fields: string[]): Promise<{ probes: number; failures: Probe[] }> {
  const agent = agentFor(ctx.app);
  await role.login(agent);
  const home = await agent.get(`/${SLUG}/accedi`).redirects(1);
  const token = csrfTokenFrom(home.text);
  const guardianId = await role.guardianId();
  const own = await idsOf(SLUG, guardianId);
  const foreign = await idsOf(FOREIGN_SLUG, null);
  const ownBodies = hostileBodies(fields, plausibleValues(own));
  const failures: Probe[] = [];
  let probes = 0;
  const send = async (route: AppRoute, url: string, body: HostileBody) => {
    const call = agent[route.method.toLowerCase() as 'post'](url).set('X-CSRF-Token', token);
    const res = body.raw
      ? await call.set('Content-Type', body.raw.type).send(body.raw.text)
      : await call.type('form').send({ ...body.form, _csrf: token });
    probes++;
    const wrong = body.raw ? res.status !== 415 : res.status >= 500;
    if (wrong) failures.push({ role: role.name, route: `${route.method} ${url}`, body: body.name, status: res.status });
    const rawKey = res.status >= 400 && typeof res.text === 'string' ? UNTRANSLATED_KEY.exec(res.text) : null;
    if (rawKey)
      failures.push({ role: role.name, route: `${route.method} ${url}`, body: `${body.name}: shows ${rawKey[0]}`, status: res.status });
    return res;
  };
  for (const route of routes.filter((r) => role.name === 'anonymous' || !ANONYMOUS_ONLY.test(r.path))) {
    const ownUrl = fillPath(route.path, (param) => own[param] ?? randomUUID());
    // A role the route does not let in (login page, or 404 for the wrong role) gets the same answer whatever the
    // body: it is sent the bodies that come before any guard (empty, not a form), not the whole list.
    const first = await send(
      route,
      ownUrl,
      ownBodies.find((body) => body.name === 'plausible')!,
    );
    const refused = first.status === 404 || (first.status >= 300 && first.status < 400 && /\/accedi$/.test(first.headers.location ?? ''));
    const bodies = refused
      ? ownBodies.filter((body) => GUARD_BODIES.has(body.name))
      : ownBodies.filter((body) => body.name !== 'plausible');
    for (const body of bodies) await send(route, ownUrl, body);
    if (refused || !/:(?!tenant\b)/.test(route.path)) continue;
    // a foreign or missing id: the route must refuse it, whatever the body
    const foreignUrl = fillPath(route.path, (param) => foreign[param] ?? randomUUID());
    for (const body of ownBodies.filter((b) => FOREIGN_BODIES.has(b.name))) await send(route, foreignUrl, body);
  }
  return { probes, failures };
}

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
});
afterAll(() => ctx?.close());

describe('hostile bodies on every state-changing route', () => {
  it('lists the routes from the router stack, with the excluded ones named', () => {
    const routes = appRoutes(ctx.app).filter((route) => route.method !== 'GET' && route.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toContainEqual({ method: 'POST', path: '/:tenant/assenze' });
    expect(routes).toContainEqual({ method: 'POST', path: '/:tenant/admin/refezione/scuole/:schoolId/presenze/:studentId' });
    for (const { pattern } of EXCLUDED) expect(routes.some((route) => pattern.test(route.path))).toBe(true);
  });

  it('never answers 5xx, from any role, and refuses bodies that are not forms with 415', async () => {
    const all = appRoutes(ctx.app).filter((route) => route.method !== 'GET' && route.method !== 'HEAD');
    const swept = all
      .filter((route) => !EXCLUDED.some(({ pattern }) => pattern.test(route.path)))
      .sort((a, b) => Number(ENDS_SESSION.test(a.path)) - Number(ENDS_SESSION.test(b.path)));
    const fields = formFieldNames();
    const results = await Promise.all(ROLES.map((role) => sweep(role, swept, fields)));
    const probes = results.reduce((sum, result) => sum + result.probes, 0);
    const failures = results.flatMap((result) => result.failures);
    console.info(
      `hostile sweep: ${swept.length} routes × ${ROLES.length} roles, ${hostileBodies(fields, () => '').length} bodies, ${probes} requests`,
    );
    expect(failures.map((f) => `${f.status} ${f.role} ${f.route} [${f.body}]`)).toEqual([]);
  }, 300_000);
});

describe('the excluded routes that prove themselves by signature or token', () => {
  const garbage = [
    '',
    'not base64 at all',
    Buffer.from('<x>').toString('base64'),
    Buffer.from('x'.repeat(10_000)).toString('base64'),
    '\u0000',
  ];

  it.each(['acs', 'slo'])('SAML %s answers garbage without a 5xx', async (binding) => {
    const agent = agentFor(ctx.app);
    for (const value of garbage)
      for (const field of ['SAMLResponse', 'SAMLRequest']) {
        const res = await agent
          .post(`/${SLUG}/saml/${binding}`)
          .type('form')
          .send({ [field]: value, RelayState: value });
        expect(res.status, `${field}=${value.slice(0, 20)}`).toBeLessThan(500);
      }
    const repeated = await agent
      .post(`/${SLUG}/saml/${binding}`)
      .type('form')
      .send({ SAMLResponse: ['a', 'b'] });
    expect(repeated.status).toBeLessThan(500);
    const json = await agent.post(`/${SLUG}/saml/${binding}`).set('Content-Type', 'application/json').send('{"SAMLResponse":"x"}');
    expect(json.status).toBeLessThan(500);
  });
});
