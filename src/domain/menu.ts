/** Courses in the order they are served. */
export const COURSE_ORDER = ['FIRST', 'SECOND', 'SIDE', 'FRUIT', 'DESSERT', 'SNACK'] as const;
export type CourseKey = (typeof COURSE_ORDER)[number];

export interface MenuDishLike {
  course: CourseKey;
  name: string;
  allergens: readonly number[];
  /** null for the ordinary menu, else the special diet this dish is for */
  dietCode: string | null;
  position: number;
}

/**
 * The dishes a child is served: for each course that has variants for the child's diet, those variants
 * replace the ordinary dishes of that course; other courses stay ordinary. Other diets' variants never show.
 */
export function dishesForDiet<D extends MenuDishLike>(dishes: readonly D[], dietCode: string | null): D[] {
  const variantCourses = new Set(dietCode ? dishes.filter((d) => d.dietCode === dietCode).map((d) => d.course) : []);
  return dishes
    .filter((d) => (variantCourses.has(d.course) ? d.dietCode === dietCode : d.dietCode === null))
    .sort((a, b) => COURSE_ORDER.indexOf(a.course) - COURSE_ORDER.indexOf(b.course) || a.position - b.position);
}
