// Phone numbers as people write them on a form: Italian ones with or without +39/0039, and foreign ones with
// their international prefix. Only the shape and the number of digits are checked; nobody is dialled.

/** An optional international prefix (+41, 0039, (+39)…), then groups of digits parted by one space, dot, dash or slash. */
const SHAPE = /^(?:\(?(?:\+|00)(\d{1,3})\)?[ ./-]?)?(\d+(?:[ ./-]\d+)*)$/;

/** Italian numbers: landlines start with 0 (6–11 digits), mobiles with 3 (9–10 digits). */
const ITALIAN = /^(?:0\d{5,10}|3\d{8,9})$/;

/** E.164: at most 15 digits with the country code; fewer than 8 is no real international number. */
const INTERNATIONAL = /^[1-9]\d{7,14}$/;

export function isPhoneNumber(text: string): boolean {
  const match = SHAPE.exec(text.trim());
  if (!match) return false;
  const national = match[2].replace(/\D/g, '');
  if (match[1] === undefined) return ITALIAN.test(national);
  const all = match[1] + national;
  return all.startsWith('39') ? ITALIAN.test(all.slice(2)) : INTERNATIONAL.test(all);
}
