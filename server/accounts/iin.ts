// The Kazakh individual identification number (ЖСН / ИИН): 12 ASCII digits, YYMMDD birth date, a
// century-and-sex digit (1–6) and a check digit computed with two weight rounds, mod 11.

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

export type IinProblem = 'format' | 'date' | 'century' | 'checksum';

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

/** Returns what is wrong with an IIN, or undefined when it is valid. */
export function iinProblem(iin: string): IinProblem | undefined {
  if (!/^[0-9]{12}$/.test(iin)) return 'format';
  const centuryDigit = Number(iin[6]);
  if (centuryDigit < 1 || centuryDigit > 6) return 'century';
  const century = centuryDigit <= 2 ? 1800 : centuryDigit <= 4 ? 1900 : 2000;
  const year = century + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'date';
  const check = iinCheckDigit(iin.slice(0, 11));
  if (check === undefined || check !== Number(iin[11])) return 'checksum';
  return undefined;
}

export function isValidIin(iin: string): boolean {
  return iinProblem(iin) === undefined;
}

/** Shows only the last four digits, for lists and logs. */
export function maskedIin(iin: string): string {
  return `********${iin.slice(-4)}`;
}
