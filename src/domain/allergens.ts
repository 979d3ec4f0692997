/** The 14 allergens that must be declared on menus (Reg. UE 1169/2011, annex II), by their official number. */
export const EU_ALLERGENS: ReadonlyMap<number, string> = new Map([
  [1, 'Cereali contenenti glutine'],
  [2, 'Crostacei'],
  [3, 'Uova'],
  [4, 'Pesce'],
  [5, 'Arachidi'],
  [6, 'Soia'],
  [7, 'Latte'],
  [8, 'Frutta a guscio'],
  [9, 'Sedano'],
  [10, 'Senape'],
  [11, 'Semi di sesamo'],
  [12, 'Anidride solforosa e solfiti'],
  [13, 'Lupini'],
  [14, 'Molluschi'],
]);

export function isAllergenNumber(value: number): boolean {
  return EU_ALLERGENS.has(value);
}

export function allergenName(number: number): string {
  const name = EU_ALLERGENS.get(number);
  if (!name) throw new RangeError(`Not an EU allergen number: ${number}`);
  return name;
}

/** The allergens of a list of dishes, each once, in official order. */
export function allergensOf(dishes: readonly { allergens: readonly number[] }[]): { number: number; name: string }[] {
  const numbers = new Set(dishes.flatMap((dish) => dish.allergens));
  return [...numbers].sort((a, b) => a - b).map((number) => ({ number, name: allergenName(number) }));
}
