// The one reference list of Kazakhstan's 17 regions and 3 cities of republican significance.
import { readFileSync } from 'node:fs';
import type { Language } from '../i18n/index.ts';

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

export function regionOptions(lang: Language, selected?: string | null): { code: string; name: string; selected: boolean }[] {
  return regions.map((r) => ({ code: r.code, name: r[lang], selected: r.code === selected }));
}
