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
/** A region's name without the word for region or city, as people often write it (`Павлодар`). */
const shortName = (name: string) =>
  name
    .toLowerCase()
    .replace(/(^|\s)(облысы|қаласы|область|обл\.?|город|г\.|region|city)(?=\s|$)/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const byShortName = new Map<string, Region[]>();
for (const r of regions) for (const n of new Set([r.kk, r.ru, r.en].map(shortName))) byShortName.set(n, [...(byShortName.get(n) ?? []), r]);

/**
 * A region by its code or its name in any language; also by its name without "облысы", "область"
 * or "қаласы" when only one region has it (`Павлодар`, not `Алматы`, which is a city and a region).
 */
export function findRegion(value: string): Region | undefined {
  const v = value.trim().toLowerCase();
  const exact = byCode.get(v) ?? regions.find((r) => [r.kk, r.ru, r.en].some((n) => n.toLowerCase() === v));
  if (exact) return exact;
  const short = byShortName.get(shortName(v));
  return short?.length === 1 ? short[0] : undefined;
}

/** The regions in each language's alphabetical order of their names, as lists show them. */
const listed = new Map<Language, readonly Region[]>((['kk', 'ru', 'en'] as const).map((lang) => [lang, [...regions].sort((a, b) => alphabetical(a[lang], b[lang]))]));

export function regionOptions(lang: Language, selected?: string | null): { code: string; name: string; selected: boolean }[] {
  return listed.get(lang)!.map((r) => ({ code: r.code, name: r[lang], selected: r.code === selected }));
}
