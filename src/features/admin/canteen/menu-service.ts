import { recordAudit, type Actor } from '../../../audit.ts';
import { inTransaction, type Db, type Tx } from '../../../db/client.ts';
import { addDays, formatItalianDate, fromDbDate, isoWeekday, toDbDate, type IsoDate } from '../../../domain/dates.ts';
import type { Course } from '../../../generated/prisma/enums.ts';
import { FieldRuleError } from '../../../web/forms.ts';
import { schoolOf } from './scope.ts';
import type { DishInput } from './schemas.ts';

export interface DishView {
  course: Course;
  name: string;
  allergens: number[];
  dietCode: string | null;
}

/** The Monday of the week a day falls in; menus are handled a school week (Monday–Friday) at a time. */
export function mondayOf(day: IsoDate): IsoDate {
  return addDays(day, 1 - isoWeekday(day));
}

const schoolWeek = (monday: IsoDate) => [0, 1, 2, 3, 4].map((n) => addDays(monday, n));

const dishOrder = [{ position: 'asc' as const }, { dietCode: { sort: 'asc' as const, nulls: 'first' as const } }, { name: 'asc' as const }];

export async function weekMenus(db: Db, tenantId: string, schoolId: string, anyDay: IsoDate) {
  const school = await schoolOf(db, tenantId, schoolId);
  const monday = mondayOf(anyDay);
  const days = schoolWeek(monday);
  const range = { gte: toDbDate(days[0]), lte: toDbDate(days[4]) };
  const [menus, closures] = await Promise.all([
    db.menuDay.findMany({ where: { tenantId, schoolId, date: range }, include: { dishes: { orderBy: dishOrder } } }),
    db.closureDay.findMany({ where: { tenantId, schoolId, date: range } }),
  ]);
  return {
    school,
    monday,
    previousWeek: addDays(monday, -7),
    nextWeek: addDays(monday, 7),
    days: days.map((date) => ({
      date,
      closure: closures.find((c) => fromDbDate(c.date) === date)?.reason ?? null,
      dishes: menus.find((m) => fromDbDate(m.date) === date)?.dishes ?? [],
    })),
  };
}

export async function dayMenu(db: Db, tenantId: string, schoolId: string, date: IsoDate) {
  const school = await schoolOf(db, tenantId, schoolId);
  const [menu, closure, enrolledDiets, menuDiets] = await Promise.all([
    db.menuDay.findFirst({ where: { tenantId, schoolId, date: toDbDate(date) }, include: { dishes: { orderBy: dishOrder } } }),
    db.closureDay.findFirst({ where: { tenantId, schoolId, date: toDbDate(date) } }),
    db.enrollment.findMany({ where: { tenantId, dietCode: { not: null } }, distinct: ['dietCode'], select: { dietCode: true } }),
    db.menuDish.findMany({ where: { tenantId, dietCode: { not: null } }, distinct: ['dietCode'], select: { dietCode: true } }),
  ]);
  return {
    school,
    // not `date`: views have a date() formatting helper
    day: date,
    monday: mondayOf(date),
    closure: closure?.reason ?? null,
    dishes: (menu?.dishes ?? []) as DishView[],
    dietCodes: [...new Set([...enrolledDiets, ...menuDiets].map((d) => d.dietCode!))].sort(),
  };
}

function assertSchoolDay(date: IsoDate, field: string): void {
  if (isoWeekday(date) > 5) throw new FieldRuleError(field, 'I menu si compilano solo dal lunedì al venerdì.');
}

/**
 * A diet variant shares the position of the ordinary dish it replaces (the one of the same course above it),
 * which is how the parents' menu pairs them.
 */
function withPositions(dishes: DishView[]): (DishView & { position: number })[] {
  let next = 0;
  const lastOfCourse = new Map<Course, number>();
  return dishes.map((dish) => {
    const paired = dish.dietCode ? lastOfCourse.get(dish.course) : undefined;
    if (paired !== undefined) return { ...dish, position: paired };
    const position = next++;
    if (!dish.dietCode) lastOfCourse.set(dish.course, position);
    return { ...dish, position };
  });
}

async function replaceDayMenu(
  tx: Tx,
  tenantId: string,
  schoolId: string,
  date: IsoDate,
  dishes: (DishView & { position: number })[],
): Promise<void> {
  await tx.menuDay.deleteMany({ where: { tenantId, schoolId, date: toDbDate(date) } });
  if (dishes.length === 0) return;
  const menu = await tx.menuDay.create({ data: { tenantId, schoolId, date: toDbDate(date) } });
  await tx.menuDish.createMany({
    data: dishes.map((dish) => ({
      tenantId,
      menuDayId: menu.id,
      course: dish.course,
      name: dish.name,
      allergens: [...new Set(dish.allergens)].sort((a, b) => a - b),
      dietCode: dish.dietCode,
      position: dish.position,
    })),
  });
}

/** Replaces the whole menu of a day with the dishes of the form (an empty form removes the day's menu). */
export async function saveDayMenu(
  db: Db,
  input: { tenantId: string; schoolId: string; date: IsoDate; dishes: DishInput[]; actor: Actor },
): Promise<void> {
  const { tenantId, schoolId, date, dishes } = input;
  assertSchoolDay(date, 'form');
  await inTransaction(db, async (tx) => {
    await schoolOf(tx, tenantId, schoolId);
    await replaceDayMenu(tx, tenantId, schoolId, date, withPositions(dishes));
    await recordAudit(tx, {
      tenantId,
      actor: input.actor,
      action: 'CANTEEN_MENU_DAY_SAVED',
      entityType: 'MenuDay',
      details: { schoolId, date, dishes: dishes.map((d) => ({ ...d })) },
    });
  });
}

/**
 * Copies Monday–Friday of a week onto the next week, which ends up identical: a day without a menu in the
 * source week leaves no menu in the target week.
 */
export async function copyWeekForward(
  db: Db,
  input: { tenantId: string; schoolId: string; week: IsoDate; actor: Actor },
): Promise<{ from: IsoDate; to: IsoDate; days: number }> {
  const { tenantId, schoolId } = input;
  const source = schoolWeek(mondayOf(input.week));
  const target = source.map((day) => addDays(day, 7));
  return inTransaction(db, async (tx) => {
    await schoolOf(tx, tenantId, schoolId);
    const menus = await tx.menuDay.findMany({
      where: { tenantId, schoolId, date: { gte: toDbDate(source[0]), lte: toDbDate(source[4]) } },
      include: { dishes: { orderBy: dishOrder } },
    });
    if (menus.length === 0) {
      throw new FieldRuleError('copy', `La settimana dal ${formatItalianDate(source[0])} non ha menu da copiare.`);
    }
    for (const [i, day] of source.entries()) {
      const dishes = menus.find((m) => fromDbDate(m.date) === day)?.dishes ?? [];
      await replaceDayMenu(tx, tenantId, schoolId, target[i], dishes);
    }
    await recordAudit(tx, {
      tenantId,
      actor: input.actor,
      action: 'CANTEEN_MENU_WEEK_COPIED',
      entityType: 'MenuDay',
      details: { schoolId, from: source[0], to: target[0], days: menus.length },
    });
    return { from: source[0], to: target[0], days: menus.length };
  });
}
