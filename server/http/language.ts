import type { RequestHandler } from 'express';
import { defaultLanguage, isLanguage, languages, translator, type Language } from '../i18n/index.ts';

export const languageCookie = 'qorgau_lang';

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
    req.t = translator(lang);
    res.locals.lang = lang;
    res.locals.t = req.t;
    next();
  };
}
