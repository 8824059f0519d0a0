// The one reference list of Kazakhstan's 17 regions and 3 cities of republican significance.
import { readFileSync } from 'node:fs';
import type { Language } from '../i18n/index.ts';
import { alphabetical } from '../i18n/collation.ts';

export interface Region {
  code: string;
  kind: 'region' | 'city';
  kk: string;
  ru: string;
  en: string;
}

export const regions: readonly Region[] = (JSON.parse(readFileSync(new URL('./regions.json', import.meta.url), 'utf8')) as { regions: Region[] }).regions;
export const regionCodes: readonly string[] = regions.map((r) => r.code);
const byCode = new Map(regions.map((r) => [r.code, r]));

export function regionName(code: string, lang: Language): string {
  return byCode.get(code)?.[lang] ?? code;
}

export function isRegion(code: unknown): code is string {
  return typeof code === 'string' && byCode.has(code);
}

/** Finds a region by its code or by its name in any language (for imported spreadsheets). */
export function findRegion(value: string): Region | undefined {
  const v = value.trim().toLowerCase();
  return byCode.get(v) ?? regions.find((r) => [r.kk, r.ru, r.en].some((n) => n.toLowerCase() === v));
}

/** The regions in each language's alphabetical order of their names, as lists show them. */
const listed = new Map<Language, readonly Region[]>((['kk', 'ru', 'en'] as const).map((lang) => [lang, [...regions].sort((a, b) => alphabetical(a[lang], b[lang]))]));

export function regionOptions(lang: Language, selected?: string | null): { code: string; name: string; selected: boolean }[] {
  return listed.get(lang)!.map((r) => ({ code: r.code, name: r[lang], selected: r.code === selected }));
}
