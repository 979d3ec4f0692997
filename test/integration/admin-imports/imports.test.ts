// Import of families, students and opening balances on two Comuni (prepaid dimostrativo, post-paid borgoverde):
// dry run = real import, re-import changes nothing, one bad row refuses the whole file, encodings and separators.
import { pricedEnrollmentSelect, pricesOn } from '../../../src/features/pricing/inputs.ts';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BALANCE_COLUMNS } from '../../../src/features/admin/imports/balances.ts';
import { ENROLLMENT_COLUMNS } from '../../../src/features/admin/imports/enrollments.ts';
import { csrfTokenFrom, type Agent } from '../../helpers/http.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { demoSchools, demoTenant, staffAgent } from '../admin-canteen/support.ts';
import { checkFile, confirmAndWait, csvOf, familiesFile } from '../../helpers/import-files.ts';
import { JOB_HANDLERS } from '../../../src/jobs/handlers.ts';

let ctx: TestContext;
let clerk: Agent;
let otherClerk: Agent;
let tenantId: string;
let otherTenantId: string;
let schoolCode: string;
let otherSchoolCode: string;
const D = 'dimostrativo';
const B = 'borgoverde';

beforeAll(async () => {
  ctx = await createTestContext({ demo: true, listen: true, jobs: true });
  const [own, other] = await Promise.all([demoTenant(ctx.prisma, D), demoTenant(ctx.prisma, B)]);
  tenantId = own.id;
  otherTenantId = other.id;
  schoolCode = (await demoSchools(ctx.prisma, own.id)).primary.code;
  otherSchoolCode = (await demoSchools(ctx.prisma, other.id)).primary.code;
  clerk = await staffAgent(ctx, D, 'operatore');
  otherClerk = await staffAgent(ctx, B, 'operatore');
});

afterAll(() => ctx.close());

const registryCounts = async (id = tenantId) => {
  const [guardians, students, movements, invoices, notices] = await Promise.all([
    ctx.prisma.guardian.count({ where: { tenantId: id } }),
    ctx.prisma.student.count({ where: { tenantId: id } }),
    ctx.prisma.walletMovement.count({ where: { tenantId: id } }),
    ctx.prisma.invoice.count({ where: { tenantId: id } }),
    ctx.prisma.paymentNotice.count({ where: { tenantId: id } }),
  ]);
  return { guardians, students, movements, invoices, notices };
};
const totals = async (batchId: string) => (await ctx.prisma.importBatch.findUniqueOrThrow({ where: { id: batchId } })).totals;

describe('families import', () => {
  it('dry run writes nothing, and its totals are those of the real import; the outcome downloads as CSV', async () => {
    const { rows } = familiesFile(30, schoolCode);
    const before = await registryCounts();
    const batchId = await checkFile(clerk, D, 'FAMILIES', csvOf(rows));
    expect(await registryCounts()).toEqual(before);
    const dryRun = await totals(batchId);
    expect(dryRun).toEqual({ created: 60, updated: 0, unchanged: 0, refused: 0 });

    const outcome = await clerk.get(`/${D}/admin/importazioni/${batchId}/esito.csv`);
    expect(outcome.status).toBe(200);
    const lines: string[][] = parse(outcome.text, { delimiter: ';', bom: true });
    expect(lines).toHaveLength(61);
    expect(lines[1][0]).toBe('2');

    const batch = await confirmAndWait(clerk, ctx.prisma, D, batchId);
    expect(batch.state).toBe('DONE');
    expect(batch.totals).toEqual(dryRun);
    expect(batch.rowsDone).toBe(60);
    const after = await registryCounts();
    expect(after.guardians - before.guardians).toBe(30);
    expect(after.students - before.students).toBe(60);
    expect(await ctx.prisma.auditEvent.count({ where: { tenantId, action: 'STUDENT_IMPORTED' } })).toBe(60);
    const page = await clerk.get(`/${D}/admin/importazioni/${batchId}`);
    expect(page.text).toContain('data-qa="total-created">60<');
  });

  it('importing the same file twice changes nothing; a changed e-mail is one update', async () => {
    const { rows } = familiesFile(5, schoolCode);
    await confirmAndWait(clerk, ctx.prisma, D, await checkFile(clerk, D, 'FAMILIES', csvOf(rows)));
    const snapshot = async () =>
      JSON.stringify(
        await Promise.all([
          ctx.prisma.guardian.findMany({ where: { tenantId }, orderBy: { id: 'asc' } }),
          ctx.prisma.student.findMany({ where: { tenantId }, orderBy: { id: 'asc' } }),
        ]),
      );
    const before = await snapshot();
    const again = await confirmAndWait(clerk, ctx.prisma, D, await checkFile(clerk, D, 'FAMILIES', csvOf(rows)));
    expect(again.state).toBe('DONE');
    expect(again.totals).toEqual({ created: 0, updated: 0, unchanged: 10, refused: 0 });
    expect(await snapshot()).toBe(before);

    rows[0].email = 'nuova@example.it';
    rows[1].email = 'nuova@example.it';
    const changed = await confirmAndWait(clerk, ctx.prisma, D, await checkFile(clerk, D, 'FAMILIES', csvOf(rows)));
    expect(changed.totals).toEqual({ created: 0, updated: 1, unchanged: 9, refused: 0 });
    expect((await ctx.prisma.guardian.findFirstOrThrow({ where: { tenantId, fiscalCode: rows[0].cf_intestatario } })).email).toBe(
      'nuova@example.it',
    );
  });

  it('one bad row refuses the whole file: the reason and line are shown, confirming writes nothing', async () => {
    const { rows } = familiesFile(10, schoolCode);
    rows[7].cf_alunno = 'RSSMRA80A01F205Z';
    rows[3].scuola = 'NESSUNA';
    const before = await registryCounts();
    const batchId = await checkFile(clerk, D, 'FAMILIES', csvOf(rows));
    expect(await totals(batchId)).toMatchObject({ created: 18, refused: 2 });
    const page = await clerk.get(`/${D}/admin/importazioni/${batchId}`);
    expect(page.text).toContain('data-qa="refused-note"');
    expect(page.text).not.toContain('data-qa="confirm-form"');
    const batch = await ctx.prisma.importBatch.findUniqueOrThrow({ where: { id: batchId } });
    const refused = (batch.outcomes as { line: number; outcome: string; message: string }[]).filter((r) => r.outcome === 'refused');
    expect(refused.map((r) => r.line)).toEqual([5, 9]);
    expect(refused[1].message).toMatch(/^cf_alunno: /);
    const confirmed = await confirmAndWait(clerk, ctx.prisma, D, batchId);
    expect(confirmed.state).toBe('CHECKED');
    expect(await registryCounts()).toEqual(before);
  });

  it('a row refused only at import time (a badge taken since the dry run) leaves the whole file unwritten', async () => {
    const { rows } = familiesFile(4, schoolCode);
    rows[6].badge = '990077';
    const batchId = await checkFile(clerk, D, 'FAMILIES', csvOf(rows));
    expect(await totals(batchId)).toMatchObject({ created: 8, refused: 0 });
    const someone = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId } });
    await ctx.prisma.student.update({ where: { id: someone.id }, data: { badgeNumber: '990077' } });
    const before = await registryCounts();
    const batch = await confirmAndWait(clerk, ctx.prisma, D, batchId);
    expect(batch.state).toBe('FAILED');
    expect(batch.error).toMatch(/nessun dato è stato importato/);
    expect(await registryCounts()).toEqual(before);
  });

  it('reads Windows-1252 files separated by commas, and UTF-8 with a BOM', async () => {
    const { rows } = familiesFile(1, schoolCode, 1);
    rows[0].nome_alunno = 'Niccolò';
    rows[0].cognome_intestatario = "D'Angelo";
    rows[0].indirizzo = 'Via Garibaldi, 3';
    const ansi = iconv.encode(csvOf(rows, ','), 'win1252');
    expect(ansi.includes(Buffer.from('ò', 'utf8'))).toBe(false);
    const batch = await confirmAndWait(clerk, ctx.prisma, D, await checkFile(clerk, D, 'FAMILIES', ansi));
    expect(batch.totals).toMatchObject({ created: 1, refused: 0 });
    const student = await ctx.prisma.student.findFirstOrThrow({ where: { tenantId, fiscalCode: rows[0].cf_alunno } });
    expect(student.firstName).toBe('Niccolò');
    expect(student.residenceStreet).toBe('Via Garibaldi, 3');

    const bom = await checkFile(clerk, D, 'FAMILIES', '\uFEFF' + csvOf(rows, ';'));
    expect(await totals(bom)).toEqual({ created: 0, updated: 0, unchanged: 1, refused: 0 });
  });

  it('refuses a file without the needed columns on the same page, with the reason next to the field', async () => {
    const token = csrfTokenFrom((await clerk.get(`/${D}/admin/importazioni`)).text);
    const response = await clerk
      .post(`/${D}/admin/importazioni/verifica`)
      .field('_csrf', token)
      .field('kind', 'FAMILIES')
      .attach('file', Buffer.from('nome;cognome\r\nA;B\r\n'), 'x.csv');
    expect(response.status).toBe(422);
    expect(response.text).toContain('data-qa="error-summary"');
    expect(response.text).toContain('Mancano le colonne: cf_intestatario');
  });
});

const balances = (rows: Record<string, string>[]) => csvOf(rows, ';', BALANCE_COLUMNS);

describe('opening balances import', () => {
  it('prepaid Comune: debts and credits become opening wallet movements, never doubled by a second import', async () => {
    const { rows, families } = familiesFile(2, schoolCode, 1);
    await confirmAndWait(clerk, ctx.prisma, D, await checkFile(clerk, D, 'FAMILIES', csvOf(rows)));
    const file = balances([
      { riferimento: 'OLD-1', cf_alunno: families[0].children[0], tipo: 'CREDITO', importo: '1.234,56', data: '31/08/2026' },
      { riferimento: 'OLD-2', cf_alunno: families[1].children[0], tipo: 'DEBITO', importo: '12,5', data: '31/08/2026' },
    ]);
    const first = await confirmAndWait(clerk, ctx.prisma, D, await checkFile(clerk, D, 'OPENING_BALANCES', file));
    expect(first.totals).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 0 });
    const movements = await ctx.prisma.walletMovement.findMany({
      where: { tenantId, importRef: { in: ['OLD-1', 'OLD-2'] } },
      orderBy: { importRef: 'asc' },
    });
    expect(movements.map((m) => [m.kind, m.amountCents])).toEqual([
      ['OPENING', 123456],
      ['OPENING', -1250],
    ]);
    const before = await registryCounts();
    const second = await confirmAndWait(clerk, ctx.prisma, D, await checkFile(clerk, D, 'OPENING_BALANCES', file));
    expect(second.totals).toEqual({ created: 0, updated: 0, unchanged: 2, refused: 0 });
    expect(await registryCounts()).toEqual(before);

    const changed = await checkFile(clerk, D, 'OPENING_BALANCES', file.replace('1.234,56', '1.000,00'));
    expect(await totals(changed)).toMatchObject({ refused: 1 });
  });

  it('post-paid Comune: a debt becomes an opening debt document with a pagoPA notice; a credit is refused', async () => {
    const { rows, families } = familiesFile(1, otherSchoolCode, 1);
    await confirmAndWait(otherClerk, ctx.prisma, B, await checkFile(otherClerk, B, 'FAMILIES', csvOf(rows)));
    const credit = await checkFile(
      otherClerk,
      B,
      'OPENING_BALANCES',
      balances([{ riferimento: 'C-1', cf_alunno: families[0].children[0], tipo: 'CREDITO', importo: '5,00', data: '31/08/2026' }]),
    );
    expect(await totals(credit)).toMatchObject({ refused: 1 });

    const file = balances([
      {
        riferimento: 'D-1',
        cf_alunno: families[0].children[0],
        tipo: 'DEBITO',
        importo: '45,60',
        data: '31/08/2026',
        scadenza: '31/12/2026',
        descrizione: 'Mensa 2025/2026',
      },
    ]);
    const batch = await confirmAndWait(otherClerk, ctx.prisma, B, await checkFile(otherClerk, B, 'OPENING_BALANCES', file));
    expect(batch.state).toBe('DONE');
    const invoice = await ctx.prisma.invoice.findFirstOrThrow({
      where: { tenantId: otherTenantId, importRef: 'D-1' },
      include: { noticeItems: { include: { notice: true } }, lines: true },
    });
    expect(invoice).toMatchObject({ kind: 'OPENING_BALANCE', totalCents: 4560, state: 'ISSUED', description: 'Mensa 2025/2026' });
    expect(invoice.lines).toHaveLength(1);
    expect(invoice.noticeItems.map((i) => [i.notice.state, i.notice.amountCents])).toEqual([['VALID', 4560]]);

    const again = await confirmAndWait(otherClerk, ctx.prisma, B, await checkFile(otherClerk, B, 'OPENING_BALANCES', file));
    expect(again.totals).toMatchObject({ unchanged: 1, created: 0 });
    expect(await ctx.prisma.invoice.count({ where: { tenantId: otherTenantId, importRef: 'D-1' } })).toBe(1);
    expect(await ctx.prisma.paymentNotice.count({ where: { tenantId: otherTenantId, items: { some: { invoiceId: invoice.id } } } })).toBe(
      1,
    );
  });
});

describe('enrollments import', () => {
  it('enrolls by service and tariff code, derives the sibling order, and a second import changes nothing', async () => {
    const { rows, families } = familiesFile(1, schoolCode, 2);
    await confirmAndWait(clerk, ctx.prisma, D, await checkFile(clerk, D, 'FAMILIES', csvOf(rows)));
    const tariff = await ctx.prisma.tariff.findFirstOrThrow({ where: { tenantId }, include: { service: true } });
    const [elder, younger] = families[0].children;
    const file = csvOf(
      [younger, elder].map((cf) => ({
        cf_alunno: cf,
        servizio: tariff.service.code,
        anno_scolastico: tariff.schoolYear,
        isee: '8.500,00',
        inizio: '01/12/2026',
      })),
      ';',
      ENROLLMENT_COLUMNS,
    );
    const first = await confirmAndWait(clerk, ctx.prisma, D, await checkFile(clerk, D, 'ENROLLMENTS', file));
    expect(first.totals).toEqual({ created: 2, updated: 0, unchanged: 0, refused: 0 });
    const enrollments = await ctx.prisma.enrollment.findMany({
      where: { tenantId, student: { fiscalCode: { in: [elder, younger] } } },
      select: { ...pricedEnrollmentSelect, student: { select: { fiscalCode: true, guardianId: true } } },
    });
    // the sibling order is the price function's, from the family on the day
    const prices = await pricesOn(ctx.prisma, tenantId, enrollments, '2026-12-01');
    const rankOf = (cf: string) => {
      const at = enrollments.findIndex((e) => e.student.fiscalCode === cf);
      const price = prices[at];
      return { rank: price.ok ? price.siblingRank : null, iseeCents: enrollments[at].iseeCents };
    };
    expect([rankOf(elder).rank, rankOf(younger).rank]).toEqual([1, 2]);
    expect(rankOf(elder).iseeCents).toBe(850000);
    const again = await confirmAndWait(clerk, ctx.prisma, D, await checkFile(clerk, D, 'ENROLLMENTS', file));
    expect(again.totals).toEqual({ created: 0, updated: 0, unchanged: 2, refused: 0 });
  });
});

describe('imports of two Comuni', () => {
  it('a clerk never sees, downloads or confirms the other Comune’s import', async () => {
    const { rows } = familiesFile(1, otherSchoolCode, 1);
    const foreign = await checkFile(otherClerk, B, 'FAMILIES', csvOf(rows));
    for (const path of [`/${D}/admin/importazioni/${foreign}`, `/${D}/admin/importazioni/${foreign}/esito.csv`])
      expect((await clerk.get(path)).status, path).toBe(404);
    const token = csrfTokenFrom((await clerk.get(`/${D}/admin/importazioni`)).text);
    expect((await clerk.post(`/${D}/admin/importazioni/${foreign}/conferma`).type('form').send({ _csrf: token })).status).toBe(404);
    expect((await ctx.prisma.importBatch.findUniqueOrThrow({ where: { id: foreign } })).state).toBe('CHECKED');
    expect((await clerk.get(`/${D}/admin/importazioni`)).text).not.toContain(foreign);
  });

  it('a file of the other Comune’s school code is refused: schools are looked up in the clerk’s own Comune', async () => {
    const { rows } = familiesFile(1, 'NOPE', 1);
    expect(await totals(await checkFile(clerk, D, 'FAMILIES', csvOf(rows)))).toMatchObject({ refused: 1 });
  });
});

describe('the import job', () => {
  it('confirming sends the batch to the queue as one import job, keyed by the batch', async () => {
    const { rows } = familiesFile(1, schoolCode, 1);
    const batchId = await checkFile(clerk, D, 'FAMILIES', csvOf(rows));
    expect((await confirmAndWait(clerk, ctx.prisma, D, batchId)).state).toBe('DONE');
    expect(ctx.sentJobs.filter((job) => job.singletonKey === batchId)).toEqual([
      { name: 'import', data: { batchId }, singletonKey: batchId },
    ]);
  });

  it('a run that died halfway (the batch left RUNNING) is run again by the job’s retry; a second delivery does nothing', async () => {
    const { rows } = familiesFile(3, schoolCode);
    const batchId = await checkFile(clerk, D, 'FAMILIES', csvOf(rows));
    // what a worker killed inside the import's transaction leaves: the claim and some progress, no data
    await ctx.prisma.importBatch.update({ where: { id: batchId }, data: { state: 'RUNNING', rowsDone: 2 } });
    const before = await registryCounts();
    expect(await JOB_HANDLERS.import!(ctx.deps, { batchId })).toBe(true);
    const batch = await ctx.prisma.importBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch).toMatchObject({ state: 'DONE', rowsDone: 6 });
    const after = await registryCounts();
    expect([after.guardians - before.guardians, after.students - before.students]).toEqual([3, 6]);
    expect(await JOB_HANDLERS.import!(ctx.deps, { batchId })).toBe(false);
    expect(await registryCounts()).toEqual(after);
  });
});
