import type { Request, Response } from 'express';
import { LANG_COOKIE, Locale, negotiateLang } from './locale';

/**
 * The language a page answers in (see {@link negotiateLang}); given the response, `?lang=` also
 * sets the switch's cookie for the next pages, and the answer varies by language and cookie.
 */
export function requestLocale(req: Request, res?: Response): Locale {
  const lang = negotiateLang({
    query: req.query.lang,
    cookie: req.headers.cookie,
    acceptLanguage: req.headers['accept-language'],
  });
  if (res) {
    if (req.query.lang === lang)
      res.cookie(LANG_COOKIE, lang, { sameSite: 'lax', maxAge: 365 * 86_400_000, path: '/' });
    res.vary('Accept-Language').vary('Cookie');
  }
  return new Locale(lang);
}
