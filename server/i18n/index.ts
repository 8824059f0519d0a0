// UI strings live only in the per-language catalogs under ./locales; templates and services use keys.
import { readdirSync, readFileSync } from 'node:fs';
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

function merge(target: Catalog, source: Catalog, file: string, prefix = ''): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (value && typeof value === 'object' && existing && typeof existing === 'object') merge(existing as Catalog, value as Catalog, file, `${prefix}${key}.`);
    else if (existing !== undefined) throw new Error(`${file}: key ${prefix}${key} is defined twice`);
    else target[key] = value;
  }
}

/** A language's catalog: every `locales/<lang>/*.json` (one file per feature) merged into one tree. */
export function loadCatalog(lang: Language): Catalog {
  const dir = path.join(localesDir, lang);
  const catalog: Catalog = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    merge(catalog, JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Catalog, `${lang}/${file}`);
  }
  return catalog;
}

const catalogs = new Map<Language, Catalog>(languages.map((l) => [l, loadCatalog(l)]));

/**
 * The keys of a language whose text only puts values in place: no formatter (`{{time, datetime}}`),
 * no nested `$t(...)`, no plural or context variants (`key_one`, `key_male`). A string made from
 * one of these can be remembered with a slot for each value (http/language.ts).
 */
export function interpolationOnlyKeys(lang: Language): Set<string> {
  const flat = new Map<string, unknown>();
  const walk = (node: Catalog, prefix: string) => {
    for (const [k, v] of Object.entries(node)) {
      if (v && typeof v === 'object') walk(v as Catalog, `${prefix}${k}.`);
      else flat.set(`${prefix}${k}`, v);
    }
  };
  walk(catalogs.get(lang)!, '');
  const plain = new Set<string>();
  for (const [key, text] of flat) if (typeof text === 'string' && !/\{\{[^}]*,/.test(text) && !text.includes('$t(')) plain.add(key);
  for (const key of flat.keys()) {
    const variant = /^(.*)_[^_.]+$/.exec(key);
    if (variant) plain.delete(variant[1]!);
  }
  return plain;
}

const instance = i18next.createInstance();
await instance.init({
  resources: Object.fromEntries(languages.map((l) => [l, { translation: catalogs.get(l)! }])),
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

/** The options of `Intl.DateTimeFormat` a catalog's `{{time, datetime(...)}}` may set. */
const DATE_TIME_OPTIONS = ['dateStyle', 'timeStyle', 'timeZone', 'calendar', 'numberingSystem', 'hour12', 'hourCycle', 'weekday', 'era', 'year', 'month', 'day', 'dayPeriod', 'hour', 'minute', 'second', 'fractionalSecondDigits', 'timeZoneName'] as const;

/**
 * `datetime` with one `Intl.DateTimeFormat` per language and format. i18next's own remembers its
 * formatters under every option of the call, the value formatted among them: each new date (every
 * quiz attempt's deadline) built a new formatter, a costly object, kept for as long as the server
 * ran. The key here is the language and the format's own options alone.
 */
function dateTimeFormatter(): (value: unknown, lng: string | undefined, options: Record<string, unknown>) => string {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return (value, lng, options) => {
    const picked: Record<string, unknown> = {};
    for (const name of DATE_TIME_OPTIONS) if (options[name] !== undefined) picked[name] = options[name];
    const key = `${lng ?? ''}\0${JSON.stringify(picked)}`;
    let format = formats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(lng, picked as Intl.DateTimeFormatOptions);
      formats.set(key, format);
    }
    return format.format(value as Date | number);
  };
}
instance.services.formatter?.add('datetime', dateTimeFormatter());

const fixed = new Map<Language, TFunction>(languages.map((l) => [l, instance.getFixedT(l)]));

export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** The locale `Intl` writes a language's numbers and dates in. */
export const intlLocale = (lang: Language): string => (lang === 'kk' ? 'kk-KZ' : lang === 'ru' ? 'ru-RU' : 'en-GB');

const numberFormats = new Map<Language, Intl.NumberFormat>(languages.map((l) => [l, new Intl.NumberFormat(intlLocale(l), { maximumFractionDigits: 1, useGrouping: false })]));

const moments = new Map<string, Intl.DateTimeFormat>();
/** A moment as the language writes it, in Kazakhstan's time: its day (`date`), or its day and time (`dateTime`); one formatter each. */
export function momentFormat(lang: Language, what: 'date' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${lang} ${what}`;
  let format = moments.get(key);
  if (!format) {
    const style: Intl.DateTimeFormatOptions = what === 'date' ? { dateStyle: 'long' } : { dateStyle: 'medium', timeStyle: 'medium' };
    format = new Intl.DateTimeFormat(intlLocale(lang), { ...style, timeZone: 'Asia/Almaty' });
    moments.set(key, format);
  }
  return format;
}

/** A number as the language writes it: `87,5` in Kazakh and Russian, `87.5` in English (scores are kept to a tenth). */
export function formatNumber(lang: Language, value: number): string {
  return numberFormats.get(lang)!.format(value);
}

/**
 * (The placeholders are private-use characters, which no catalog holds.)
 * i18next would interpolate `{{...}}` (and `$t(...)`) found inside a parameter's value, and a value
 * may come from a user (a name, an uploaded link). So string values go in as inert placeholders
 * and are put back after interpolation, exactly as given.
 */
function translateInert(t: TFunction, lang: Language, key: string, params: Record<string, unknown> | undefined): string {
  if (!params) return t(key, {}) as string;
  const values: string[] = [];
  const inert: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    // a fraction is written as the language writes it (87,5 in Kazakh and Russian); `count` stays a
    // number, for i18next's plural rules
    if (typeof value === 'number' && !Number.isInteger(value) && name !== 'count') inert[name] = formatNumber(lang, value);
    else if (typeof value === 'string' && /[{}$]/.test(value)) {
      inert[name] = `\uE000${values.length}\uE001`;
      values.push(value);
    } else inert[name] = value;
  }
  const text = t(key, inert) as string;
  return values.length ? text.replace(/\uE000(\d+)\uE001/g, (_, i: string) => values[Number(i)] ?? '') : text;
}

export function translator(lang: Language): Translate {
  const t = fixed.get(lang)!;
  return (key, params) => translateInert(t, lang, key, params);
}

export function hasKey(lang: Language, key: string): boolean {
  return instance.exists(key, { lng: lang });
}
