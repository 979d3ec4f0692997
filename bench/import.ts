// The 20,000-student import: a families CSV of 10,000 families with two children each, checked (dry run)
// and imported as the import worker does it, timed. Called by bench/run.ts on the bench database.
import { addDays } from '../src/domain/dates.ts';
import { buildFiscalCode } from '../src/domain/fiscal-code.ts';
import type { AppDeps } from '../src/deps.ts';
import { checkUpload, runImportBatch } from '../src/features/admin/imports/batches.ts';
import { FAMILY_COLUMNS } from '../src/features/admin/imports/families.ts';

const FAMILIES = Number(process.env.BENCH_IMPORT_FAMILIES ?? 10_000);

/** A distinct, valid fiscal code for every n (the birth day walks the calendar, the place changes every 36,500). */
function code(n: number, sex: 'M' | 'F'): string {
  const birthDate = addDays('1926-01-01', n % 36_500);
  return buildFiscalCode({
    lastName: 'Prova',
    firstName: 'Bench',
    birthDate,
    sex,
    cadastralCode: `B${String(Math.floor(n / 36_500)).padStart(3, '0')}`,
  });
}

function familiesCsv(schoolCode: string): string {
  const lines = [FAMILY_COLUMNS.join(';')];
  for (let f = 0; f < FAMILIES; f++) {
    const guardian = code(3 * f, 'F');
    for (let c = 1; c <= 2; c++)
      lines.push(
        [
          guardian,
          'Prova',
          'Bench',
          '',
          '',
          `Via Roma ${f}`,
          'Milano',
          '20100',
          'MI',
          code(3 * f + c, c === 1 ? 'M' : 'F'),
          'Prova',
          'Figlio',
          `0${c}/03/2018`,
          c === 1 ? 'M' : 'F',
          'Milano',
          'MI',
          schoolCode,
          '',
          '',
        ].join(';'),
      );
  }
  return lines.join('\r\n') + '\r\n';
}

export async function benchImport(deps: Pick<AppDeps, 'prisma' | 'pagopa' | 'logger'>, slug: string) {
  const tenant = await deps.prisma.tenant.findUniqueOrThrow({ where: { slug } });
  const school = await deps.prisma.school.findFirstOrThrow({ where: { tenantId: tenant.id } });
  const buffer = Buffer.from(familiesCsv(school.code));
  const actor = { kind: 'STAFF' as const, id: null, label: 'bench' };
  const checkStarted = Date.now();
  const batch = await checkUpload(deps.prisma, tenant, actor, 'FAMILIES', { originalName: 'bench.csv', buffer }, false);
  const checkSeconds = (Date.now() - checkStarted) / 1000;
  await deps.prisma.importBatch.update({ where: { id: batch.id }, data: { state: 'QUEUED' } });
  const importStarted = Date.now();
  await runImportBatch(deps, batch.id);
  const importSeconds = (Date.now() - importStarted) / 1000;
  const done = await deps.prisma.importBatch.findUniqueOrThrow({ where: { id: batch.id } });
  return {
    students: FAMILIES * 2,
    megabytes: +(buffer.length / 1024 / 1024).toFixed(1),
    checkSeconds,
    importSeconds,
    state: done.state,
    totals: done.totals,
    error: done.error,
  };
}
