import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../../db/client.ts';
import { eachDay, formatItalianDate, fromDbDate, isoWeekday, toDbDate, type IsoDate } from '../../../domain/dates.ts';
import { schoolYearBounds, type SchoolYear } from '../../../domain/school-year.ts';
import type { ClosureKind } from '../../../generated/prisma/enums.ts';
import { NotFoundError } from '../../../web/errors.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { schoolOf, schoolsOf } from './scope.ts';

const MAX_RANGE_DAYS = 366;

const followingYear = (year: SchoolYear) => `${Number(year.slice(0, 4)) + 1}/${Number(year.slice(0, 4)) + 2}`;
const min = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
const max = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

export interface ClosureGroup {
  ids: string[];
  from: IsoDate;
  to: IsoDate;
  days: number;
  kind: ClosureKind;
  reason: string;
}

/** Consecutive closed weekdays with the same kind and reason read as one range (e.g. "Vacanze di Natale"). */
function groupClosures(rows: { id: string; date: Date; kind: ClosureKind; reason: string }[]): ClosureGroup[] {
  const groups: ClosureGroup[] = [];
  for (const row of rows) {
    const day = fromDbDate(row.date);
    const last = groups.at(-1);
    const adjacent =
      last &&
      eachDay(last.to, day)
        .slice(1, -1)
        .every((between) => isoWeekday(between) > 5);
    if (last && adjacent && last.kind === row.kind && last.reason === row.reason) {
      last.ids.push(row.id);
      last.to = day;
      last.days++;
    } else {
      groups.push({ ids: [row.id], from: day, to: day, days: 1, kind: row.kind, reason: row.reason });
    }
  }
  return groups;
}

export async function calendarOverview(db: Db, tenantId: string, schoolId: string, schoolYear: SchoolYear) {
  const school = await schoolOf(db, tenantId, schoolId);
  const { from, to } = schoolYearBounds(schoolYear);
  const [schools, calendar, years, closures, classes] = await Promise.all([
    schoolsOf(db, tenantId),
    db.serviceCalendar.findFirst({ where: { tenantId, schoolId, schoolYear } }),
    db.serviceCalendar.findMany({ where: { tenantId, schoolId }, select: { schoolYear: true }, orderBy: { schoolYear: 'asc' } }),
    db.closureDay.findMany({
      where: { tenantId, schoolId, date: { gte: toDbDate(from), lte: toDbDate(to) } },
      orderBy: { date: 'asc' },
    }),
    db.schoolClass.findMany({ where: { tenantId, schoolId }, orderBy: { name: 'asc' } }),
  ]);
  return {
    school,
    schools,
    // the year shown and the next one are always offered, so next year's calendar can be prepared
    schoolYears: [...new Set([...years.map((y) => y.schoolYear), schoolYear, followingYear(schoolYear)])].sort(),
    period: calendar ? { startsOn: fromDbDate(calendar.startsOn), endsOn: fromDbDate(calendar.endsOn) } : null,
    closures: groupClosures(closures),
    classes: classes.map((c) => ({ id: c.id, name: c.name, mealWeekdays: [...c.mealWeekdays].sort() })),
  };
}

/**
 * Days already closed were charged from the calendar as it was: changing it now would silently disagree with
 * the charges, so those changes go through the attendance correction instead.
 */
async function refuseClosedDays(tx: Tx, tenantId: string, days: IsoDate[], field: string): Promise<void> {
  if (days.length === 0) return;
  const closed = await tx.serviceDayClosing.findFirst({
    where: { tenantId, date: { in: days.map(toDbDate) } },
    orderBy: { date: 'asc' },
  });
  if (closed) {
    throw new FieldRuleError(
      field,
      `Il giorno ${formatItalianDate(fromDbDate(closed.date))} è già stato chiuso e addebitato: per quel giorno correggi le presenze.`,
    );
  }
}

export async function setServicePeriod(
  db: Db,
  input: { tenantId: string; schoolId: string; schoolYear: SchoolYear; startsOn: IsoDate; endsOn: IsoDate; actor: Actor },
): Promise<void> {
  const { tenantId, schoolId, schoolYear, startsOn, endsOn } = input;
  const bounds = schoolYearBounds(schoolYear);
  if (startsOn < bounds.from || endsOn > bounds.to) {
    const field = startsOn < bounds.from ? 'startsOn' : 'endsOn';
    throw new FieldRuleError(
      field,
      `Il periodo deve cadere nell'anno scolastico ${schoolYear} (dal ${formatItalianDate(bounds.from)} al ${formatItalianDate(bounds.to)}).`,
    );
  }
  await inTransaction(db, async (tx) => {
    await schoolOf(tx, tenantId, schoolId);
    const existing = await tx.serviceCalendar.findFirst({ where: { tenantId, schoolId, schoolYear } });
    const before = existing ? { startsOn: fromDbDate(existing.startsOn), endsOn: fromDbDate(existing.endsOn) } : null;
    // a new period must not reach back into days already closed (they were closed without this school)
    const changed = before
      ? [
          ...(before.startsOn === startsOn ? [] : eachDay(min(before.startsOn, startsOn), max(before.startsOn, startsOn))),
          ...(before.endsOn === endsOn ? [] : eachDay(min(before.endsOn, endsOn), max(before.endsOn, endsOn))),
        ]
      : eachDay(startsOn, endsOn);
    await refuseClosedDays(tx, tenantId, changed, before?.startsOn === startsOn ? 'endsOn' : 'startsOn');
    const saved = existing
      ? await tx.serviceCalendar.update({
          where: { id: existing.id, tenantId: existing.tenantId },
          data: { startsOn: toDbDate(startsOn), endsOn: toDbDate(endsOn) },
        })
      : await tx.serviceCalendar.create({
          data: { tenantId, schoolId, schoolYear, startsOn: toDbDate(startsOn), endsOn: toDbDate(endsOn) },
        });
    await recordAudit(tx, {
      tenantId,
      actor: input.actor,
      action: 'CANTEEN_SERVICE_PERIOD_SET',
      entityType: 'ServiceCalendar',
      entityId: saved.id,
      details: { schoolId, schoolYear, before, after: { startsOn, endsOn } },
    });
  });
}

/**
 * Closes every weekday from `from` to `to` at one school or at all schools of the Comune. Days already closed
 * at a school keep their own reason; the result says how many days were added and how many were already closed.
 */
export async function addClosures(
  db: Db,
  input: {
    tenantId: string;
    schoolId: string;
    allSchools: boolean;
    from: IsoDate;
    to: IsoDate;
    kind: ClosureKind;
    reason: string;
    actor: Actor;
    /** the form field a refusal is shown next to */
    field: string;
  },
): Promise<{ added: number; alreadyClosed: number }> {
  const { tenantId, from, to } = input;
  const all = eachDay(from, to);
  if (all.length > MAX_RANGE_DAYS) throw new FieldRuleError('to', 'Un intervallo di chiusura non può superare un anno.');
  const weekdays = all.filter((day) => isoWeekday(day) <= 5);
  if (weekdays.length === 0) {
    throw new FieldRuleError(
      input.field,
      'Nei giorni indicati non ci sono giorni feriali (il servizio non è mai attivo il sabato e la domenica).',
    );
  }
  return inTransaction(db, async (tx) => {
    const school = await schoolOf(tx, tenantId, input.schoolId);
    const schoolIds = input.allSchools ? (await schoolsOf(tx, tenantId)).map((s) => s.id) : [school.id];
    await refuseClosedDays(tx, tenantId, weekdays, input.field);
    const { count } = await tx.closureDay.createMany({
      data: schoolIds.flatMap((schoolId) =>
        weekdays.map((day) => ({ tenantId, schoolId, date: toDbDate(day), kind: input.kind, reason: input.reason })),
      ),
      skipDuplicates: true,
    });
    await recordAudit(tx, {
      tenantId,
      actor: input.actor,
      action: input.kind === 'EXTRAORDINARY' ? 'CANTEEN_EXTRAORDINARY_CLOSURE_ADDED' : 'CANTEEN_CLOSURE_ADDED',
      entityType: 'ClosureDay',
      details: { schoolIds, from, to, kind: input.kind, reason: input.reason, added: count },
    });
    return { added: count, alreadyClosed: schoolIds.length * weekdays.length - count };
  });
}

export async function removeClosures(db: Db, input: { tenantId: string; schoolId: string; ids: string[]; actor: Actor }): Promise<number> {
  const { tenantId, schoolId, ids } = input;
  return inTransaction(db, async (tx) => {
    const rows = await tx.closureDay.findMany({ where: { tenantId, schoolId, id: { in: ids } }, orderBy: { date: 'asc' } });
    if (rows.length !== new Set(ids).size) throw new NotFoundError();
    await refuseClosedDays(
      tx,
      tenantId,
      rows.map((r) => fromDbDate(r.date)),
      'closures',
    );
    await tx.closureDay.deleteMany({ where: { tenantId, schoolId, id: { in: ids } } });
    await recordAudit(tx, {
      tenantId,
      actor: input.actor,
      action: 'CANTEEN_CLOSURE_REMOVED',
      entityType: 'ClosureDay',
      details: {
        schoolId,
        removed: rows.map((r) => ({ id: r.id, date: fromDbDate(r.date), kind: r.kind, reason: r.reason })),
      },
    });
    return rows.length;
  });
}

export async function setMealWeekdays(
  db: Db,
  input: { tenantId: string; schoolId: string; classId: string; weekdays: number[]; actor: Actor },
): Promise<void> {
  const { tenantId, schoolId, classId } = input;
  const weekdays = [...new Set(input.weekdays)].sort();
  await inTransaction(db, async (tx) => {
    const schoolClass = await tx.schoolClass.findFirst({ where: { id: classId, tenantId, schoolId } });
    if (!schoolClass) throw new NotFoundError();
    await tx.schoolClass.update({ where: { id: classId, tenantId }, data: { mealWeekdays: weekdays } });
    await recordAudit(tx, {
      tenantId,
      actor: input.actor,
      action: 'CANTEEN_MEAL_WEEKDAYS_SET',
      entityType: 'SchoolClass',
      entityId: classId,
      details: { schoolId, before: schoolClass.mealWeekdays, after: weekdays },
    });
  });
}
