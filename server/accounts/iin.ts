// The Kazakh individual identification number (ЖСН / ИИН): 12 ASCII digits, YYMMDD birth date, a
// century-and-sex digit (1–6) and a check digit computed with two weight rounds, mod 11.

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

export type IinProblem = 'format' | 'date' | 'future' | 'century' | 'checksum';

function weighted(digits: number[], weights: number[]): number {
  return digits.reduce((sum, d, i) => sum + d * weights[i]!, 0) % 11;
}

/** The check digit for the first 11 digits, or undefined when the IIN scheme allows none. */
export function iinCheckDigit(first11: string): number | undefined {
  const digits = [...first11].map(Number);
  const first = weighted(digits, FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = weighted(digits, SECOND_WEIGHTS);
  return second === 10 ? undefined : second;
}

/**
 * Returns what is wrong with an IIN, or undefined when it is valid. A birth date after `today` (an
 * IIN "born 2099") is refused; every path that takes an IIN (registration, import, admin) calls this.
 */
export function iinProblem(iin: string, today: Date = new Date()): IinProblem | undefined {
  if (!/^[0-9]{12}$/.test(iin)) return 'format';
  const centuryDigit = Number(iin[6]);
  if (centuryDigit < 1 || centuryDigit > 6) return 'century';
  const century = centuryDigit <= 2 ? 1800 : centuryDigit <= 4 ? 1900 : 2000;
  const year = century + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'date';
  if (date.getTime() > today.getTime()) return 'future';
  const check = iinCheckDigit(iin.slice(0, 11));
  if (check === undefined || check !== Number(iin[11])) return 'checksum';
  return undefined;
}

/**
 * An IIN that lost its leading zero in a spreadsheet (010203500018 saved as 10203500018): the zero
 * is put back when the 11 digits make a valid IIN with it; anything else is returned unchanged.
 */
export function restoreLeadingZero(value: string, today: Date = new Date()): string {
  return /^[0-9]{11}$/.test(value) && iinProblem(`0${value}`, today) === undefined ? `0${value}` : value;
}

export function isValidIin(iin: string): boolean {
  return iinProblem(iin) === undefined;
}

/**
 * An IIN as people type it, in groups or with dashes (8501 0130 0035, 850101-300035, (850101)300035):
 * its twelve digits, or undefined when the text is not an IIN written so.
 */
export function typedIin(text: string): string | undefined {
  const digits = text.replace(/[\s\-–—.()/]/g, '');
  return /^[0-9]{12}$/.test(digits) ? digits : undefined;
}

/** Shows only the last four digits, for lists and logs. */
export function maskedIin(iin: string): string {
  return `********${iin.slice(-4)}`;
}
