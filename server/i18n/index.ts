// UI strings live only in the per-language catalogs under ./locales; templates and services use keys.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';

export const languages = ['kk', 'ru', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'kk';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

const localesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

export type Catalog = Record<string, unknown>;
export function loadCatalog(lang: Language): Catalog {
  return JSON.parse(readFileSync(path.join(localesDir, `${lang}.json`), 'utf8')) as Catalog;
}

const instance = i18next.createInstance();
await instance.init({
  resources: Object.fromEntries(languages.map((l) => [l, { translation: loadCatalog(l) }])),
  lng: defaultLanguage,
  fallbackLng: false,
  supportedLngs: [...languages],
  initAsync: false,
  returnNull: false,
  // Handlebars escapes on output; escaping here too would double-escape.
  interpolation: { escapeValue: false },
  saveMissing: false,
  showSupportNotice: false,
});

const fixed = new Map<Language, TFunction>(languages.map((l) => [l, instance.getFixedT(l)]));

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export function translator(lang: Language): Translate {
  const t = fixed.get(lang)!;
  return (key, params) => t(key, params ?? {}) as string;
}

export function hasKey(lang: Language, key: string): boolean {
  return instance.exists(key, { lng: lang });
}
