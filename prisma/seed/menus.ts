// MenuDay + MenuDish for every day the kitchen cooks at each school, with gluten- and lactose-free variants.
import { randomUUID } from 'node:crypto';
import type { IsoDate } from '../../src/domain/dates.ts';
import { kitchenDays } from './calendar.ts';
import { dbDate, weekdayOf } from './days.ts';
import { SERVICE_START, type SeedContext } from './context.ts';
import {
  DISHES,
  NURSERY_SNACKS,
  SUMMER_MENU,
  WINTER_MENU,
  WINTER_MENU_FROM,
  WINTER_MENU_TO,
  type Dish,
  type Variant,
} from './menus-data.ts';

const DAY_MS = 86_400_000;

export const DIET_GLUTEN_FREE = 'SENZA_GLUTINE';
export const DIET_LACTOSE_FREE = 'SENZA_LATTOSIO';

interface DishRow {
  course: Dish['course'];
  name: string;
  allergens: number[];
  dietCode: string | null;
  position: number;
}

function variantRow(dish: Dish, variant: Variant, without: number, dietCode: string, position: number): DishRow {
  const [name, allergens] = typeof variant === 'string' ? [variant, dish.allergens.filter((a) => a !== without)] : variant;
  return { course: dish.course, name, allergens, dietCode, position };
}

/** The dishes of one day: week of the rotation counted from the first Monday of service. */
export function dishesFor(day: IsoDate, withSnack: boolean): DishRow[] {
  const monthDay = day.slice(5);
  const rotation = monthDay >= WINTER_MENU_FROM || monthDay <= WINTER_MENU_TO ? WINTER_MENU : SUMMER_MENU;
  const week = Math.floor((Date.parse(day) - Date.parse(SERVICE_START)) / (7 * DAY_MS)) % rotation.length;
  const weekday = weekdayOf(day);
  const names = [...rotation[week][weekday - 1]];
  if (withSnack) names.push(NURSERY_SNACKS[weekday - 1]);
  const rows: DishRow[] = [];
  names.forEach((name, position) => {
    const dish = DISHES[name];
    if (!dish) throw new Error(`Dish missing from the seed's dish list: ${name}`);
    rows.push({ course: dish.course, name, allergens: dish.allergens, dietCode: null, position });
    if (dish.glutenFree) rows.push(variantRow(dish, dish.glutenFree, 1, DIET_GLUTEN_FREE, position));
    if (dish.lactoseFree) rows.push(variantRow(dish, dish.lactoseFree, 7, DIET_LACTOSE_FREE, position));
  });
  return rows;
}

export async function createMenus(ctx: SeedContext): Promise<{ days: number; dishes: number }> {
  const menuDays: { id: string; tenantId: string; schoolId: string; date: Date }[] = [];
  const dishes: (DishRow & { tenantId: string; menuDayId: string })[] = [];
  for (const school of ctx.schools.values()) {
    for (const day of kitchenDays(school)) {
      const id = randomUUID();
      menuDays.push({ id, tenantId: ctx.tenant.id, schoolId: school.id, date: dbDate(day) });
      for (const row of dishesFor(day, school.kind === 'INFANZIA')) {
        dishes.push({ ...row, tenantId: ctx.tenant.id, menuDayId: id });
      }
    }
  }
  await ctx.tx.menuDay.createMany({ data: menuDays });
  await ctx.tx.menuDish.createMany({ data: dishes });
  return { days: menuDays.length, dishes: dishes.length };
}
