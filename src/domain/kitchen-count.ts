import { isBeforeCutoff } from './cutoff.ts';
import { romeDateOf, type IsoDate } from './dates.ts';

export interface MealToCount {
  status: 'PRESENT' | 'ABSENT' | 'BLAND';
  dietCode: string | null;
  firstName: string;
  lastName: string;
  className: string | null;
}

export interface DietCount {
  code: string;
  count: number;
  students: { name: string; className: string | null; bland: boolean }[];
}

export interface MealCount {
  normal: number;
  bland: number;
  diets: DietCount[];
  total: number;
}

/**
 * What the kitchen cooks: ordinary meals, bland meals, and one group per special diet with the children's
 * names. A child on a diet who asked for a bland meal stays in the diet's group (the diet still applies),
 * marked as bland.
 */
export function countMeals(meals: readonly MealToCount[]): MealCount {
  let normal = 0;
  let bland = 0;
  const diets = new Map<string, DietCount>();
  for (const meal of meals) {
    if (meal.status === 'ABSENT') continue;
    if (meal.dietCode) {
      const diet = diets.get(meal.dietCode) ?? { code: meal.dietCode, count: 0, students: [] };
      diet.count++;
      diet.students.push({ name: `${meal.lastName} ${meal.firstName}`, className: meal.className, bland: meal.status === 'BLAND' });
      diets.set(meal.dietCode, diet);
    } else if (meal.status === 'BLAND') bland++;
    else normal++;
  }
  const sorted = [...diets.values()].sort((a, b) => a.code.localeCompare(b.code));
  for (const diet of sorted) diet.students.sort((a, b) => a.name.localeCompare(b.name, 'it'));
  return { normal, bland, diets: sorted, total: normal + bland + sorted.reduce((sum, d) => sum + d.count, 0) };
}

export function addCounts(counts: readonly MealCount[]): { normal: number; bland: number; diets: number; total: number } {
  return counts.reduce(
    (sum, c) => ({
      normal: sum.normal + c.normal,
      bland: sum.bland + c.bland,
      diets: sum.diets + c.diets.reduce((n, d) => n + d.count, 0),
      total: sum.total + c.total,
    }),
    { normal: 0, bland: 0, diets: 0, total: 0 },
  );
}

/**
 * How the count of a day may be shown at `now`: a past day is final; today only from the cutoff on (before
 * it parents can still cancel, and the kitchen must not cook from a number that can still change); a
 * future day is a forecast.
 */
export type ReportPhase = 'FINAL' | 'NOT_YET' | 'FORECAST';

export function reportPhase(day: IsoDate, now: Date, cutoffTime: string): ReportPhase {
  const today = romeDateOf(now);
  if (day > today) return 'FORECAST';
  if (day < today) return 'FINAL';
  return isBeforeCutoff(day, now, cutoffTime) ? 'NOT_YET' : 'FINAL';
}
