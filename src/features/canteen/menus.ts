import type { Db } from '../../db/client.ts';
import { allergensOf } from '../../domain/allergens.ts';
import { eachDay, fromDbDate, toDbDate, type IsoDate } from '../../domain/dates.ts';
import { dishesForDiet } from '../../domain/menu.ts';
import { schoolYearOf } from '../../domain/school-year.ts';
import { keptRead } from '../../db/change-feed.ts';
import type { StudentRef } from './meals.ts';

/** Longest range whose menus are kept between requests (the calendar's week; a period search reads its own). */
const KEPT_DAYS = 31;

export interface ServedDish {
  course: string;
  name: string;
  allergens: number[];
}

export interface ServedMenu {
  day: IsoDate;
  dishes: ServedDish[];
  /** every allergen of the day's dishes, once */
  allergens: number[];
}

/**
 * The menus a child is served from `from` to `to`, at the school of their enrollment for each school year,
 * with their diet's variants in place of the ordinary dishes. Days without a menu are left out.
 */
export async function menusForStudent(db: Db, student: StudentRef, from: IsoDate, to: IsoDate) {
  const schoolYears = [...new Set(eachDay(from, to).map(schoolYearOf))];
  const canteenEnrollments = {
    tenantId: student.tenantId,
    studentId: student.id,
    schoolYear: { in: schoolYears },
    service: { kind: 'CANTEEN' as const },
  };
  const dates = { gte: toDbDate(from), lte: toDbDate(to) };
  // the menus of the child's own school and of the schools of their canteen enrollments, read alongside those;
  // a week or a month of the whole Comune's menus is kept until a menu is written (placeOf picks the school)
  const kept =
    eachDay(from, to).length <= KEPT_DAYS
      ? keptRead(db, `menus|${student.tenantId}|${from}|${to}`, ['MenuDay', 'MenuDish'], () =>
          db.menuDay.findMany({ where: { tenantId: student.tenantId, date: dates }, include: { dishes: true } }),
        )
      : null;
  const [enrollments, menuDays] = await Promise.all([
    db.enrollment.findMany({ where: canteenEnrollments, select: { schoolYear: true, schoolId: true, dietCode: true } }),
    kept ??
      db.menuDay.findMany({
        where: {
          tenantId: student.tenantId,
          OR: [{ schoolId: student.schoolId }, { school: { enrollments: { some: canteenEnrollments } } }],
          date: dates,
        },
        include: { dishes: true },
      }),
  ]);
  const placeOf = (day: IsoDate) => {
    const enrollment = enrollments.find((e) => e.schoolYear === schoolYearOf(day));
    return { schoolId: enrollment?.schoolId ?? student.schoolId, dietCode: enrollment?.dietCode ?? null };
  };
  const menus = new Map<IsoDate, ServedMenu>();
  for (const menuDay of menuDays) {
    const day = fromDbDate(menuDay.date);
    const place = placeOf(day);
    if (menuDay.schoolId !== place.schoolId) continue;
    const served = dishesForDiet(menuDay.dishes, place.dietCode);
    const dishes = served.map((dish) => ({ course: dish.course, name: dish.name, allergens: allergensOf([dish]) }));
    menus.set(day, { day, dishes, allergens: allergensOf(served) });
  }
  return { menus, dietCode: placeOf(from).dietCode };
}
