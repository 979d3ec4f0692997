import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDbDate } from '../../../src/domain/dates.ts';
import {
  aCalendar,
  aClass,
  aGuardian,
  aLocalAccount,
  anEnrollment,
  aSchool,
  aService,
  aStudent,
  aTariff,
  aTenant,
  TEST_PASSWORD,
} from '../../helpers/builders.ts';
import { agentFor, loginWithPassword, type Agent } from '../../helpers/http.ts';
import { createTestContext, type TestContext } from '../../helpers/test-app.ts';
import { visibleText } from '../admin-canteen/support.ts';

const DAY = '2026-11-19'; // a Thursday
let ctx: TestContext;
let caterer: Agent;

/** A small Comune whose count for DAY is known by heart: every category, quoting, a prolonged absence. */
beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-19T08:00:00Z' }); // 09:00:00 in Rome
  const prisma = ctx.prisma;
  const tenant = await aTenant(prisma, { slug: 'cucina-prova' });
  await aLocalAccount(prisma, tenant.id, { username: 'cucina', role: 'CATERER', fullName: 'Ristorazione di Prova' });
  const tariff = await aTariff(prisma, await aService(prisma, tenant.id));
  const guardian = await aGuardian(prisma, tenant.id);
  const primary = await aSchool(prisma, tenant.id, { name: 'Scuola primaria Rodari', kind: 'PRIMARIA' });
  const nursery = await aSchool(prisma, tenant.id, { name: 'Infanzia "Il Glicine"', kind: 'INFANZIA' });
  const closedSchool = await aSchool(prisma, tenant.id, { name: 'Scuola primaria Collodi', kind: 'PRIMARIA' });
  const child = async (
    school: { id: string; tenantId: string },
    classId: string,
    lastName: string,
    firstName: string,
    dietCode: string | null = null,
  ) => {
    const student = await aStudent(
      prisma,
      { tenantId: tenant.id, guardianId: guardian.id, schoolId: school.id, classId },
      { lastName, firstName },
    );
    await anEnrollment(prisma, { student, tariff }, { dietCode });
    return student;
  };
  const request = (studentId: string, status: 'ABSENT' | 'BLAND') =>
    prisma.booking.create({
      data: {
        tenantId: tenant.id,
        studentId,
        date: toDbDate(DAY),
        status,
        requestedAt: new Date('2026-11-18T19:00:00Z'),
        requestedBy: 'genitore',
      },
    });

  for (const school of [primary, nursery, closedSchool]) await aCalendar(prisma, school);
  const twoA = await aClass(prisma, primary, { name: '2A' });
  const thursdayOff = await aClass(prisma, primary, { name: '5B', mealWeekdays: [1, 3] });
  const sectionA = await aClass(prisma, nursery, { name: 'Sezione A' });
  const collodi = await aClass(prisma, closedSchool, { name: '1A' });

  await child(primary, twoA.id, 'Rossi', 'Anna');
  await request((await child(primary, twoA.id, 'Bianchi', 'Luca')).id, 'BLAND');
  await child(primary, twoA.id, 'Verdi', 'Marco', 'SENZA_GLUTINE');
  await request((await child(primary, twoA.id, 'Neri', 'Sara', 'SENZA_GLUTINE')).id, 'BLAND');
  await request((await child(primary, twoA.id, 'Russo', 'Paolo')).id, 'ABSENT');
  const away = await child(primary, twoA.id, 'Gallo', 'Ugo', 'SENZA_GLUTINE');
  await prisma.prolongedAbsence.create({
    data: { tenantId: tenant.id, studentId: away.id, startsOn: toDbDate('2026-11-16'), createdBy: 'genitore' },
  });
  await child(primary, thursdayOff.id, 'Fontana', 'Elia');
  await child(nursery, sectionA.id, 'Esposito', 'Lia');
  await child(nursery, sectionA.id, 'Colombo', 'Ada', 'SENZA_LATTOSIO');
  await child(closedSchool, collodi.id, 'Serra', 'Nina');
  await prisma.closureDay.create({
    data: { tenantId: tenant.id, schoolId: closedSchool.id, date: toDbDate(DAY), kind: 'EXTRAORDINARY', reason: 'Seggio elettorale' },
  });

  caterer = agentFor(ctx.app);
  expect((await loginWithPassword(caterer, 'cucina-prova', 'cucina', TEST_PASSWORD)).status).toBe(302);
});

afterAll(() => ctx.close());

describe('kitchen CSV', () => {
  it('is exactly the count per school and category, ;-separated UTF-8 with a BOM', async () => {
    const res = await caterer
      .get(`/cucina-prova/cucina/csv?data=${DAY}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=pasti-cucina-prova-2026-11-19.csv');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toBe(
      '\uFEFF' +
        [
          'Data;Plesso;Categoria;Dieta;Pasti;Alunni',
          '19/11/2026;"Infanzia ""Il Glicine""";Normale;;1;',
          '19/11/2026;"Infanzia ""Il Glicine""";In bianco;;0;',
          '19/11/2026;"Infanzia ""Il Glicine""";Dieta speciale;Senza lattosio;1;Colombo Ada (Sezione A)',
          '19/11/2026;"Infanzia ""Il Glicine""";Totale plesso;;2;',
          '19/11/2026;Scuola primaria Collodi;Normale;;0;',
          '19/11/2026;Scuola primaria Collodi;In bianco;;0;',
          '19/11/2026;Scuola primaria Collodi;Totale plesso;;0;',
          '19/11/2026;Scuola primaria Rodari;Normale;;1;',
          '19/11/2026;Scuola primaria Rodari;In bianco;;1;',
          '19/11/2026;Scuola primaria Rodari;Dieta speciale;Senza glutine;2;Neri Sara (2A) - in bianco, Verdi Marco (2A)',
          '19/11/2026;Scuola primaria Rodari;Totale plesso;;4;',
          '19/11/2026;Tutti i plessi;Totale;;6;',
        ].join('\r\n') +
        '\r\n',
    );
  });

  it('the page shows the same figures, the closure and the diet names, with a print button', async () => {
    const res = await caterer.get(`/cucina-prova/cucina?data=${DAY}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-qa="kitchen-totals" data-total="6"');
    expect(res.text).toContain('Servizio non erogato: Seggio elettorale');
    expect(res.text).toMatch(/Neri Sara \(2A\) — <em>in bianco<\/em>/);
    expect(res.text).toContain('Verdi Marco (2A)');
    expect(res.text).not.toContain('Rossi Anna');
    // the diets by their Italian names (the page is also the print view), never by their codes
    const shown = visibleText(res.text);
    expect(shown).toContain('Senza glutine: 2');
    expect(shown).toContain('Senza lattosio: 1');
    expect(shown).not.toMatch(/SENZA_/);
    expect(res.text).toContain('data-print');
    expect(res.text).toContain('/static/js/print.js');
  });

  it('a future day is a forecast, labelled so on the page and in the file name', async () => {
    const res = await caterer.get('/cucina-prova/cucina?data=2026-11-20');
    expect(res.text).toContain('data-qa="kitchen-forecast"');
    expect(res.text).toContain('Previsione');
    const csv = await caterer.get('/cucina-prova/cucina/csv?data=2026-11-20');
    expect(csv.headers['content-disposition']).toBe('attachment; filename=previsione-pasti-cucina-prova-2026-11-20.csv');
  });
});
