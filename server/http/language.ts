import { LRUCache } from 'lru-cache';
import type { Request, RequestHandler, Response } from 'express';
import { defaultLanguage, interpolationOnlyKeys, isLanguage, languages, translator, type Language, type Translate } from '../i18n/index.ts';

export const languageCookie = 'qorgau_lang';

const MEMO_LIMIT = 20_000;
/** Strings made with a date (a quiz's deadline): the most recently used are remembered, this many. */
const DATED_LIMIT = 5_000;

/** Parameter names that are i18next options, not values: a call with one is never remembered. */
const OPTION_NAMES = new Set(['context', 'count', 'ordinal', 'lng', 'lngs', 'ns', 'defaultValue', 'replace', 'returnObjects', 'returnDetails', 'joinArrays', 'postProcess', 'interpolation', 'skipInterpolation', 'keySeparator', 'nsSeparator', 'fallbackLng']);

/** A string parameter's place in a remembered string (private-use characters, which no catalog holds). */
const slot = (i: number) => `\uE010${i}\uE011`;
const SLOTS = /\uE010(\d+)\uE011/g;

/**
 * A language's translator that remembers what it made: catalogs never change while the server
 * runs, and a page asks for dozens of strings, each an i18next lookup (and, for "{{count}} hours",
 * its plural rules) otherwise. A string is remembered under its key and number and date parameters; a
 * string parameter (a name, a title, which may come from a user) is remembered only as a slot, for
 * keys that do nothing but put values in place, and its value is put into the slot on each call,
 * exactly as given.
 */
function memoised(lang: Language): Translate {
  const t = translator(lang);
  const plain = interpolationOnlyKeys(lang);
  const memo = new Map<string, string>();
  // a date is a new value for every quiz attempt: its strings are kept apart, least recently used
  // forgotten first, so that they neither grow without end nor crowd out the rest
  const dated = new LRUCache<string, string>({ max: DATED_LIMIT });
  return (key, params) => {
    let memoKey = key;
    let values: string[] | undefined;
    let asked = params;
    let date = false;
    if (params) {
      for (const name in params) {
        const value = params[name];
        if (typeof value === 'number') memoKey += `\0${name}=${value}`;
        else if (value instanceof Date) {
          date = true;
          memoKey += `\0${name}@${value.getTime()}`;
        } else if (typeof value === 'string' && plain.has(key) && !OPTION_NAMES.has(name)) {
          values ??= [];
          if (asked === params) asked = { ...params };
          asked![name] = slot(values.length);
          values.push(value);
          memoKey += `\0${name}`;
        } else return t(key, params);
      }
    }
    let text: string | undefined;
    if (date) {
      text = dated.get(memoKey);
      if (text === undefined) {
        text = t(key, asked);
        dated.set(memoKey, text);
      }
    } else {
      text = memo.get(memoKey);
      if (text === undefined) {
        text = t(key, asked);
        if (memo.size < MEMO_LIMIT) memo.set(memoKey, text);
      }
    }
    return values ? text.replace(SLOTS, (_, i: string) => values[Number(i)] ?? '') : text;
  };
}

const translators = new Map<Language, Translate>(languages.map((l) => [l, memoised(l)]));

/** The translator requests in this language get (req.t). */
export const requestTranslator = (lang: Language): Translate => translators.get(lang)!;

/** Distinct Accept-Language headers remembered with the language they choose (browsers send a few). */
const NEGOTIATED_LIMIT = 1_000;

/** Requests whose language was chosen: by `?lang=` or the cookie it left. */
const chosen = new WeakSet<object>();

function use(req: Request, res: Response, lang: Language): void {
  req.lang = lang;
  req.t = translators.get(lang)!;
  res.locals.lang = lang;
  res.locals.t = req.t;
}

/** Keeps a language chosen (a link, the profile's preferred language) for this browser, a year. */
export function rememberLanguage(req: Request, res: Response, lang: Language): void {
  res.cookie(languageCookie, lang, { path: req.baseUrl || '/', maxAge: 365 * 24 * 3600 * 1000, httpOnly: true, sameSite: 'lax', secure: req.secure });
}

/**
 * A file (`.pdf`, `.csv`, `.xlsx`: an activity template, an export): its `?lang=` picks the file's
 * language, and the pages the reader goes back to keep theirs.
 */
const FILE_PATH = /\.[a-z0-9]{2,5}$/i;

/**
 * `?lang=` wins and is kept in a cookie (for pages; a file's is its own, FILE_PATH); then the
 * cookie; then Accept-Language.
 */
export function languageMiddleware(): RequestHandler {
  const negotiated = new Map<string, Language | undefined>();
  const fromHeader = (req: Request): Language | undefined => {
    const header = req.headers['accept-language'] ?? '';
    if (negotiated.has(header)) return negotiated.get(header);
    const lang = (req.acceptsLanguages(...languages) || undefined) as Language | undefined;
    if (negotiated.size < NEGOTIATED_LIMIT) negotiated.set(header, lang);
    return lang;
  };
  return (req, res, next) => {
    const asked = req.query.lang;
    let lang: Language | undefined;
    if (isLanguage(asked)) {
      lang = asked;
      if (!FILE_PATH.test(req.path)) rememberLanguage(req, res, lang);
    }
    const cookie = (req.cookies as Record<string, unknown> | undefined)?.[languageCookie];
    lang ??= isLanguage(cookie) ? cookie : undefined;
    if (lang) chosen.add(req);
    use(req, res, lang ?? fromHeader(req) ?? defaultLanguage);
    next();
  };
}

/** Whether this browser chose a language (a link, or the cookie one left). */
export const languageChosen = (req: Request): boolean => chosen.has(req);

/**
 * Once the user is known: a signed-in user who chose no language in this browser gets their
 * preferred one (the profile's, or the import's), not the phone's Accept-Language.
 */
export function preferredLanguage(): RequestHandler {
  return (req, res, next) => {
    const preferred = req.user?.lang;
    if (preferred && !chosen.has(req) && preferred !== req.lang && isLanguage(preferred)) use(req, res, preferred);
    next();
  };
}
