import type { RequestHandler } from 'express';
import { defaultLanguage, isLanguage, languages, translator, type Language, type Translate } from '../i18n/index.ts';

export const languageCookie = 'qorgau_lang';

const MEMO_LIMIT = 20_000;

/**
 * A language's translator that remembers strings without parameters, or whose parameters are all
 * numbers ("{{count}} hours", whose plural form i18next works out on every call): catalogs never
 * change while the server runs, and a page asks for dozens of strings, each an i18next lookup
 * otherwise. A string parameter (a name, a title) may come from a user and is never remembered.
 */
function memoised(lang: Language): Translate {
  const t = translator(lang);
  const memo = new Map<string, string>();
  return (key, params) => {
    let memoKey = key;
    if (params) {
      for (const name in params) {
        const value = params[name];
        if (typeof value !== 'number') return t(key, params);
        memoKey += `\0${name}=${value}`;
      }
    }
    let text = memo.get(memoKey);
    if (text === undefined) {
      text = t(key, params);
      if (memo.size < MEMO_LIMIT) memo.set(memoKey, text);
    }
    return text;
  };
}

const translators = new Map<Language, Translate>(languages.map((l) => [l, memoised(l)]));

/** The translator requests in this language get (req.t). */
export const requestTranslator = (lang: Language): Translate => translators.get(lang)!;

/** `?lang=` wins and is kept in a cookie; then the cookie; then Accept-Language. */
export function languageMiddleware(): RequestHandler {
  return (req, res, next) => {
    const asked = req.query.lang;
    let lang: Language | undefined;
    if (isLanguage(asked)) {
      lang = asked;
      res.cookie(languageCookie, lang, {
        path: req.baseUrl || '/',
        maxAge: 365 * 24 * 3600 * 1000,
        httpOnly: true,
        sameSite: 'lax',
        secure: req.secure,
      });
    }
    const cookie = (req.cookies as Record<string, unknown> | undefined)?.[languageCookie];
    lang ??= isLanguage(cookie) ? cookie : undefined;
    lang ??= (req.acceptsLanguages(...languages) || undefined) as Language | undefined;
    lang ??= defaultLanguage;
    req.lang = lang;
    req.t = translators.get(lang)!;
    res.locals.lang = lang;
    res.locals.t = req.t;
    next();
  };
}
