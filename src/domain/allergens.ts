/**
 * The 14 allergens that must be declared on menus (Reg. UE 1169/2011, annex II), by their official number; their
 * names are in each language's locale (`canteen.allergens.<number>`).
 */
export const EU_ALLERGEN_NUMBERS: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];

export function isAllergenNumber(value: number): boolean {
  return EU_ALLERGEN_NUMBERS.includes(value);
}

/** The allergens of a list of dishes, each once, in official order. */
export function allergensOf(dishes: readonly { allergens: readonly number[] }[]): number[] {
  return [...new Set(dishes.flatMap((dish) => dish.allergens))].sort((a, b) => a - b);
}
