/** An IBAN as parents see it on screen: country, check digits and the last four characters only. */
export function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (compact.length <= 8) return '*'.repeat(compact.length);
  return `${compact.slice(0, 4)} ${'*'.repeat(compact.length - 8)} ${compact.slice(-4)}`;
}
