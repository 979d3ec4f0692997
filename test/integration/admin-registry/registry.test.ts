// The registry as a clerk of the prepaid demo Comune uses it: families, children, badges, fascicolo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARENT } from '../../../prisma/seed/identities.ts';
import { buildFiscalCode } from '../../../src/domain/fiscal-code.ts';
import { agentFor, submitForm, type Agent } from '../../helpers/http.ts';
import { loginAsCitizen } from '../../helpers/login.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { auditCount, demoSchools, demoTenant, staffAgent, visibleText } from '../admin-canteen/support.ts';
import { EXE_BYTES, guardianFields, pressButton, REAL_PDF, studentFields, uploadDocument } from './support.ts';
import { DEMO_TODAY } from '../../helpers/demo-today.ts';
import { pricedEnrollmentSelect, pricesOn } from '../../../src/features/pricing/inputs.ts';

let ctx: TestContext;
let clerk: Agent;
let tenant: Awaited<ReturnType<typeof demoTenant>>;
let schools: Awaited<ReturnType<typeof demoSchools>>;
const R = '/dimostrativo/admin/anagrafica';

beforeAll(async () => {
  ctx = await createTestContext({ demo: true });
  tenant = await demoTenant(ctx.prisma, 'dimostrativo');
  schools = await demoSchools(ctx.prisma, tenant.id);
  clerk = await staffAgent(ctx, 'dimostrativo', 'operatore');
});

afterAll(() => ctx.close());

async function createFamily(fields = guardianFields()) {
  const res = await submitForm(clerk, `${R}/intestatari/nuovo`, `${R}/intestatari`, fields);
  expect(res.status).toBe(303);
  const guardian = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId: tenant.id, fiscalCode: fields.fiscalCode } });
  return { guardian, page: res.headers.location };
}

async function addChild(guardianId: string, child: Parameters<typeof studentFields>[1], overrides: Record<string, string> = {}) {
  const family = `${R}/intestatari/${guardianId}`;
  return submitForm(clerk, `${family}/alunni/nuovo`, `${family}/alunni`, studentFields(schools.primary.id, child, overrides));
}

describe('admin navigation', () => {
  it('shows the areas as tiles on the admin landing page and as the menu of every admin page', async () => {
    const home = await clerk.get('/dimostrativo/admin');
    expect(home.status).toBe(200);
    for (const area of ['admin/anagrafica', 'admin/refezione', 'admin/pagamenti', 'admin/messaggi', 'sportello', 'cucina'])
      expect(home.text).toContain(`data-qa="tile-nav-${area.replace('/', '-')}"`);
    const students = await clerk.get(`${R}/alunni`);
    expect(students.text).toMatch(/class="dropdown-item list-item active" href="\/dimostrativo\/admin\/anagrafica"/);
    const canteen = await clerk.get('/dimostrativo/admin/refezione');
    expect(canteen.text).toMatch(/class="dropdown-item list-item active" href="\/dimostrativo\/admin\/refezione"/);
  });

  it('gives the cashier and the caterer only their own entry', async () => {
    const cashier = await staffAgent(ctx, 'dimostrativo', 'cassa');
    const desk = await cashier.get('/dimostrativo/sportello');
    expect(desk.text).toContain('href="/dimostrativo/sportello"');
    expect(desk.text).not.toContain('href="/dimostrativo/admin/anagrafica"');
    expect((await cashier.get(`${R}/alunni`)).status).toBe(404);
    const caterer = await staffAgent(ctx, 'dimostrativo', 'cucina');
    const kitchen = await caterer.get('/dimostrativo/cucina');
    expect(kitchen.text).toContain('href="/dimostrativo/cucina"');
    expect(kitchen.text).not.toContain('href="/dimostrativo/sportello"');
  });
});

describe('families and students', () => {
  it('creates a family with two children through the forms, audited with the data after', async () => {
    const before = await auditCount(ctx.prisma, tenant.id, 'STUDENT_CREATED');
    const { guardian, page } = await createFamily();
    expect(visibleText((await clerk.get(page)).text)).toContain('Intestatario registrato');
    expect((await addChild(guardian.id, { firstName: 'Marco', birthDate: '2017-04-02', sex: 'M' })).status).toBe(303);
    expect((await addChild(guardian.id, { firstName: 'Alice', birthDate: '2019-09-20', sex: 'F' })).status).toBe(303);
    const family = await clerk.get(page);
    expect(family.text.match(/data-qa="family-student"/g)).toHaveLength(2);
    const children = await ctx.prisma.student.findMany({
      where: { tenantId: tenant.id, guardianId: guardian.id },
      orderBy: { birthDate: 'asc' },
    });
    expect(children.map((c) => c.firstName)).toEqual(['Marco', 'Alice']);
    // badges left blank: the next free numbers, all different
    expect(new Set(children.map((c) => c.badgeNumber)).size).toBe(2);
    expect(await auditCount(ctx.prisma, tenant.id, 'STUDENT_CREATED')).toBe(before + 2);
    const event = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { tenantId: tenant.id, action: 'STUDENT_CREATED', entityId: children[0].id },
    });
    expect(event.actorKind).toBe('STAFF');
    expect((event.details as { after: { firstName: string } }).after.firstName).toBe('Marco');
  });

  it('finds students by name, fiscal code and badge, sorted and paged', async () => {
    const luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, firstName: 'Luca', lastName: 'Rossi' } });
    for (const q of ['luca rossi', luca.fiscalCode!.toLowerCase(), luca.badgeNumber]) {
      const res = await clerk.get(`${R}/alunni?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`/alunni/${luca.id}`);
    }
    const byName = await clerk.get(`${R}/alunni?ordina=cognome-za`);
    const names = [...byName.text.matchAll(/data-qa="student-row">\s*<th scope="row"><a [^>]+>([^<]+)</g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(1);
    expect([...names].sort((a, b) => b.localeCompare(a, 'it'))).toEqual(names);
    const total = await ctx.prisma.student.count({ where: { tenantId: tenant.id, deactivatedAt: null } });
    expect(visibleText(byName.text)).toContain(`${total} risultati`);
    if (total > 25) expect(byName.text).toContain('data-qa="pager"');
    const guardians = await clerk.get(`${R}/intestatari?q=${DEMO_PARENT.fiscalCode}`);
    expect(guardians.text.match(/data-qa="guardian-row"/g)).toHaveLength(1);
  });

  it('refuses a duplicate fiscal code with a link to the record that has it, keeping what was typed', async () => {
    const luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, firstName: 'Luca', lastName: 'Rossi' } });
    const { guardian } = await createFamily();
    const count = await ctx.prisma.student.count({ where: { tenantId: tenant.id } });
    const res = await addChild(guardian.id, { firstName: 'Pietro', birthDate: '2018-01-01', sex: 'M' }, { fiscalCode: luca.fiscalCode! });
    expect(res.status).toBe(422);
    expect(visibleText(res.text)).toContain(`Il codice fiscale ${luca.fiscalCode} è già registrato per l'alunno Luca Rossi.`);
    expect(res.text).toContain(`href="${R}/alunni/${luca.id}"`);
    expect(res.text).toContain('value="Pietro"');
    expect(await ctx.prisma.student.count({ where: { tenantId: tenant.id } })).toBe(count);

    const dup = await submitForm(
      clerk,
      `${R}/intestatari/nuovo`,
      `${R}/intestatari`,
      guardianFields({ fiscalCode: DEMO_PARENT.fiscalCode }),
    );
    expect(dup.status).toBe(422);
    const maria = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId: tenant.id, fiscalCode: DEMO_PARENT.fiscalCode } });
    expect(dup.text).toContain(`href="${R}/intestatari/${maria.id}"`);
    expect(dup.text).toContain('data-qa="error-summary"');
  });

  it('refuses a fiscal code with a wrong check character, with the message next to the field', async () => {
    const { guardian } = await createFamily();
    const good = buildFiscalCode({ lastName: 'Conti', firstName: 'Ugo', birthDate: '2018-02-02', sex: 'M', cadastralCode: 'F205' });
    const wrong = good.slice(0, 15) + (good[15] === 'A' ? 'B' : 'A');
    const res = await addChild(guardian.id, { firstName: 'Ugo', birthDate: '2018-02-02', sex: 'M' }, { fiscalCode: wrong });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="fiscalCode-error"[^>]*>Il codice fiscale non è valido/);
  });

  it('warns, without refusing, when birth date or sex disagree with the fiscal code', async () => {
    const { guardian, page } = await createFamily();
    const fiscalCode = buildFiscalCode({ lastName: 'Conti', firstName: 'Nina', birthDate: '2018-06-15', sex: 'F', cadastralCode: 'F205' });
    const res = await addChild(guardian.id, { firstName: 'Nina', birthDate: '2018-06-16', sex: 'M' }, { fiscalCode });
    expect(res.status).toBe(303);
    expect(visibleText((await clerk.get(page)).text)).toContain(
      'Attenzione: la data di nascita, il sesso non corrisponde al codice fiscale.',
    );
    const nina = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, fiscalCode } });
    const card = await clerk.get(`${R}/alunni/${nina.id}`);
    expect(card.text).toContain('data-qa="cf-mismatch"');
  });

  it('edits a student and audits only what changed, before and after', async () => {
    const { guardian } = await createFamily();
    await addChild(guardian.id, { firstName: 'Teo', birthDate: '2016-03-03', sex: 'M' });
    const teo = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, guardianId: guardian.id } });
    const edit = `${R}/alunni/${teo.id}/modifica`;
    const res = await submitForm(
      clerk,
      edit,
      edit,
      studentFields(schools.primary.id, { firstName: 'Teo', birthDate: '2016-03-03', sex: 'M' }, { birthPlace: 'Monza' }),
    );
    expect(res.status).toBe(303);
    const event = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { tenantId: tenant.id, action: 'STUDENT_UPDATED', entityId: teo.id },
    });
    expect(event.details).toEqual({ before: { birthPlace: 'Milano' }, after: { birthPlace: 'Monza' } });
  });
});

describe('deactivate instead of delete', () => {
  it('refuses to delete a child with bookings, invoices or payments, and deactivates it instead', async () => {
    const luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, firstName: 'Luca', lastName: 'Rossi' } });
    const card = `${R}/alunni/${luca.id}`;
    expect((await clerk.get(card)).text).not.toContain('data-qa="delete"');
    const del = await pressButton(clerk, card, `${card}/elimina`);
    expect(del.status).toBe(303);
    expect(visibleText((await clerk.get(card)).text)).toContain('non può essere eliminato, solo disattivato');
    expect(await ctx.prisma.student.findUnique({ where: { id: luca.id } })).not.toBeNull();
  });

  it('deactivates a child with history and no current enrollment; the record stays and is reactivated', async () => {
    const { guardian } = await createFamily();
    await addChild(guardian.id, { firstName: 'Ada', birthDate: '2016-05-05', sex: 'F' });
    const ada = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, guardianId: guardian.id } });
    await ctx.prisma.booking.create({ data: { tenantId: tenant.id, studentId: ada.id, date: new Date('2026-10-01'), status: 'ABSENT' } });
    const card = `${R}/alunni/${ada.id}`;
    await pressButton(clerk, card, `${card}/disattiva`);
    expect((await ctx.prisma.student.findUniqueOrThrow({ where: { id: ada.id } })).deactivatedAt).not.toBeNull();
    expect((await clerk.get(`${R}/alunni?q=Ada`)).text).not.toContain(`/alunni/${ada.id}"`);
    expect((await clerk.get(`${R}/alunni?q=Ada&stato=disattivati`)).text).toContain(`/alunni/${ada.id}"`);
    await pressButton(clerk, card, `${card}/riattiva`);
    expect((await ctx.prisma.student.findUniqueOrThrow({ where: { id: ada.id } })).deactivatedAt).toBeNull();
  });

  it('refuses to deactivate a child still enrolled, and deletes a record typed by mistake', async () => {
    const luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, firstName: 'Luca', lastName: 'Rossi' } });
    const card = `${R}/alunni/${luca.id}`;
    await pressButton(clerk, card, `${card}/disattiva`);
    expect(visibleText((await clerk.get(card)).text)).toContain('ha iscrizioni in corso');
    expect((await ctx.prisma.student.findUniqueOrThrow({ where: { id: luca.id } })).deactivatedAt).toBeNull();

    const { guardian, page } = await createFamily();
    await addChild(guardian.id, { firstName: 'Errore', birthDate: '2016-05-05', sex: 'M' });
    const mistake = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, guardianId: guardian.id } });
    const res = await pressButton(clerk, `${R}/alunni/${mistake.id}`, `${R}/alunni/${mistake.id}/elimina`);
    expect(res.headers.location).toBe(page);
    expect(await ctx.prisma.student.findUnique({ where: { id: mistake.id } })).toBeNull();
    expect(await auditCount(ctx.prisma, tenant.id, 'STUDENT_DELETED')).toBe(1);
  });
});

describe('moving a child', () => {
  it('moves a child to another family and the price function ranks the siblings of both families anew', async () => {
    const maria = await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId: tenant.id, fiscalCode: DEMO_PARENT.fiscalCode } });
    const [luca, sofia] = await Promise.all(
      ['Luca', 'Sofia'].map((firstName) =>
        ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, firstName, lastName: 'Rossi' } }),
      ),
    );
    // the sibling order is derived by the price function from the family on the day
    const rankOf = async (studentId: string) => {
      const enrollment = await ctx.prisma.enrollment.findFirstOrThrow({
        where: { tenantId: tenant.id, studentId, service: { kind: 'CANTEEN' } },
        select: pricedEnrollmentSelect,
      });
      const [price] = await pricesOn(ctx.prisma, tenant.id, [enrollment], DEMO_TODAY);
      return price.ok ? price.siblingRank : null;
    };
    const [eldest, youngest] = luca.birthDate < sofia.birthDate ? [luca, sofia] : [sofia, luca];
    expect(await rankOf(youngest.id)).toBe(2);

    const { guardian: other } = await createFamily();
    const card = `${R}/alunni/${eldest.id}`;
    const res = await submitForm(clerk, card, `${card}/sposta`, { toFiscalCode: other.fiscalCode });
    expect(res.status).toBe(303);
    expect((await ctx.prisma.student.findUniqueOrThrow({ where: { id: eldest.id } })).guardianId).toBe(other.id);
    // the younger child is now the only one left in Maria's family: rank 1, full price
    expect(await rankOf(youngest.id)).toBe(1);
    expect(await rankOf(eldest.id)).toBe(1);
    const event = await ctx.prisma.auditEvent.findFirstOrThrow({
      where: { tenantId: tenant.id, action: 'STUDENT_MOVED', entityId: eldest.id },
    });
    expect(event.details).toMatchObject({ before: { guardianId: maria.id }, after: { guardianId: other.id } });

    const back = await submitForm(clerk, card, `${card}/sposta`, { toFiscalCode: maria.fiscalCode });
    expect(back.status).toBe(303);
    expect(await rankOf(youngest.id)).toBe(2);

    const same = await submitForm(clerk, card, `${card}/sposta`, { toFiscalCode: maria.fiscalCode });
    expect(same.status).toBe(422);
    expect(visibleText(same.text)).toContain('L’alunno fa già parte di questa famiglia.');
  });
});

describe('badges', () => {
  it('blocks, unblocks and replaces a badge; the old number stays in the history and is never reused', async () => {
    const { guardian } = await createFamily();
    await addChild(guardian.id, { firstName: 'Bea', birthDate: '2017-07-07', sex: 'F' }, { badgeNumber: 'TEST-77' });
    const bea = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, guardianId: guardian.id } });
    const card = `${R}/alunni/${bea.id}`;
    await pressButton(clerk, card, `${card}/badge/blocca`);
    expect((await ctx.prisma.student.findUniqueOrThrow({ where: { id: bea.id } })).badgeState).toBe('SUSPENDED');
    await pressButton(clerk, card, `${card}/badge/sblocca`);
    expect((await ctx.prisma.student.findUniqueOrThrow({ where: { id: bea.id } })).badgeState).toBe('ACTIVE');

    const res = await submitForm(clerk, card, `${card}/badge/sostituisci`, { reason: 'LOST', newNumber: 'TEST-78' });
    expect(res.status).toBe(303);
    expect((await ctx.prisma.student.findUniqueOrThrow({ where: { id: bea.id } })).badgeNumber).toBe('TEST-78');
    const page = await clerk.get(card);
    expect(page.text).toMatch(/data-qa="badge-history"><li><strong>TEST-77<\/strong> — Smarrito/);
    expect((await clerk.get(`${R}/alunni?q=TEST-77`)).text).toContain(`/alunni/${bea.id}"`);

    const reuse = await submitForm(clerk, card, `${card}/badge/sostituisci`, { reason: 'BROKEN', newNumber: 'TEST-77' });
    expect(reuse.status).toBe(422);
    expect(visibleText(reuse.text)).toContain('Il badge TEST-77 è stato sostituito in passato e non può essere riassegnato.');
    expect(await auditCount(ctx.prisma, tenant.id, 'BADGE_REPLACED')).toBe(1);
  });
});

describe('delegates', () => {
  it('adds a delegate to a family, edits and revokes it; the parent’s own code is refused', async () => {
    const { guardian, page } = await createFamily();
    const fiscalCode = buildFiscalCode({ lastName: 'Galli', firstName: 'Rita', birthDate: '1955-01-01', sex: 'F', cadastralCode: 'F205' });
    const self = await submitForm(clerk, page, `${page}/delegati`, {
      fiscalCode: guardian.fiscalCode,
      firstName: 'Elena',
      lastName: 'Conti',
    });
    expect(self.status).toBe(422);
    const add = await submitForm(clerk, page, `${page}/delegati`, { fiscalCode, firstName: 'Rita', lastName: 'Galli' });
    expect(add.status).toBe(303);
    const delegate = await ctx.prisma.delegate.findFirstOrThrow({ where: { tenantId: tenant.id, guardianId: guardian.id } });
    expect((await clerk.get(`${R}/delegati?q=galli`)).text).toContain(`/delegati/${delegate.id}"`);
    const edit = `${R}/delegati/${delegate.id}`;
    expect((await submitForm(clerk, edit, edit, { fiscalCode, firstName: 'Rita Maria', lastName: 'Galli' })).status).toBe(303);
    await pressButton(clerk, edit, `${edit}/revoca`);
    const after = await ctx.prisma.delegate.findUniqueOrThrow({ where: { id: delegate.id } });
    expect(after.firstName).toBe('Rita Maria');
    expect(after.revokedAt).not.toBeNull();
  });
});

describe('fascicolo', () => {
  it('refuses a renamed executable, accepts a real PDF, and the parent sees and downloads it', async () => {
    const luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, firstName: 'Luca', lastName: 'Rossi' } });
    const card = `${R}/alunni/${luca.id}`;
    const count = () => ctx.prisma.attachment.count({ where: { tenantId: tenant.id, studentId: luca.id } });
    const before = await count();

    const exe = await uploadDocument(clerk, card, { name: 'x.pdf', type: 'application/pdf', bytes: EXE_BYTES });
    expect(exe.status).toBe(422);
    expect(visibleText(exe.text)).toContain('Il file non è un PDF, un JPEG o un PNG');
    expect(exe.text).toContain('value="Certificato medico"');
    expect(await count()).toBe(before);

    const pdf = await uploadDocument(
      clerk,
      card,
      { name: '../certificato dieta.PDF', type: 'application/octet-stream', bytes: REAL_PDF },
      'Certificato dieta 2026',
    );
    expect(pdf.status).toBe(303);
    const stored = await ctx.prisma.attachment.findFirstOrThrow({
      where: { tenantId: tenant.id, studentId: luca.id, title: 'Certificato dieta 2026' },
    });
    expect(stored).toMatchObject({
      mimeType: 'application/pdf',
      fileName: 'certificato dieta.pdf',
      sizeBytes: REAL_PDF.length,
      kind: 'DIET_CERTIFICATE',
    });
    expect(await auditCount(ctx.prisma, tenant.id, 'STUDENT_DOCUMENT_ADDED')).toBe(1);

    const office = await clerk.get(`${card}/documenti/${stored.id}`).buffer(true);
    expect(office.status).toBe(200);
    expect(Buffer.from(office.body as Buffer).equals(REAL_PDF)).toBe(true);

    const parent = agentFor(ctx.app);
    await loginAsCitizen(parent, 'dimostrativo', DEMO_PARENT.fiscalCode);
    const tab = await parent.get(`/dimostrativo/anagrafica?alunno=${luca.id}&scheda=fascicolo`);
    expect(tab.text).toContain('Certificato dieta 2026');
    expect(tab.text).toContain(`/anagrafica/allegati/${stored.id}`);
    const download = await parent.get(`/dimostrativo/anagrafica/allegati/${stored.id}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');

    const { guardian: foreign } = await createFamily();
    await addChild(foreign.id, { firstName: 'Leo', birthDate: '2018-08-08', sex: 'M' });
    const other = agentFor(ctx.app);
    await loginAsCitizen(other, 'dimostrativo', foreign.fiscalCode);
    expect((await other.get('/dimostrativo/anagrafica?scheda=fascicolo')).text).not.toContain('Certificato dieta 2026');
    expect((await other.get(`/dimostrativo/anagrafica/allegati/${stored.id}`)).status).toBe(404);
  });

  it('refuses a file over the size limit and a form without a file, with the message next to the field', async () => {
    const luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, firstName: 'Luca', lastName: 'Rossi' } });
    const card = `${R}/alunni/${luca.id}`;
    const big = await uploadDocument(clerk, card, {
      name: 'grande.pdf',
      type: 'application/pdf',
      bytes: Buffer.concat([REAL_PDF, Buffer.alloc(5 * 1024 * 1024)]),
    });
    expect(big.status).toBe(422);
    expect(big.text).toMatch(/id="file-error"[^>]*>Il file supera 5 MB/);
  });

  it('refuses an upload without the CSRF token', async () => {
    const luca = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId: tenant.id, firstName: 'Luca', lastName: 'Rossi' } });
    const res = await clerk
      .post(`${R}/alunni/${luca.id}/documenti`)
      .field('title', 'x')
      .field('kind', 'OTHER')
      .attach('file', REAL_PDF, 'a.pdf');
    expect(res.status).toBe(403);
  });
});
