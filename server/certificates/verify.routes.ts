// Public verification: no sign-in, no JavaScript, kk/ru/en; JSON for `Accept: application/json`.
// The published signing keys, for anyone checking a certificate's signed proof offline.
import { Router, type Request, type Response } from 'express';
import { AppError, ValidationError } from '../errors.ts';
import { params } from '../http/params.ts';
import { check } from '../http/validate.ts';
import type { Language } from '../i18n/index.ts';
import { certificateParams, validateVerifyForm, validateVerifyQuery } from './certificate.schema.ts';
import { looksLikeIin, normaliseCode, serialPattern } from './code.ts';
import { printedDate } from './pdf/certificate-pdf.ts';
import type { Keyring } from './signing/keyring.ts';
import type { PublicCertificate, VerifyService } from './verify.service.ts';

const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';

export function toJson(c: PublicCertificate, baseUrl: string, issuer: string) {
  return {
    status: c.status,
    code: c.code,
    serial: c.serial,
    holderName: c.holderName,
    course: { id: c.courseId, title: c.title, version: c.version },
    academicHours: c.academicHours,
    standards: c.standards,
    score: c.score,
    completedAt: c.completedAt.toISOString(),
    issuedAt: c.issuedAt.toISOString(),
    issuer,
    revoked: c.revoked ? { at: c.revoked.at.toISOString(), reason: c.revoked.reason } : null,
    supersededBy: c.supersededBy ? `${baseUrl}/verify/${c.supersededBy}` : null,
    credential: c.jws,
  };
}

function pageOf(c: PublicCertificate, lang: Language) {
  return {
    ...c,
    title: c.title[lang] || c.title.ru,
    completedOn: printedDate(c.completedAt),
    issuedOn: printedDate(c.issuedAt),
    standards: c.standards.join(', '),
    revokedOn: c.revoked ? printedDate(c.revoked.at) : null,
    reasonKey: c.revoked ? `certificates.reasons.${c.revoked.reason}` : null,
    statusKey: `certificates.status.${c.status}`,
    valid: c.status === 'valid',
  };
}

export function verifyRoutes(deps: { verify: VerifyService; keys: Keyring; baseUrl: string }): Router {
  const { verify, keys } = deps;
  const router = Router();

  // public keys, for anyone's checker, a page on another site too
  router.get('/.well-known/jwks.json', async (_req, res) => {
    res.set({ 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' }).json({ keys: await keys.publicKeys() });
  });

  /**
   * A typed code is sent on to its own page, as its code (case and separators made plain), never
   * as typed: an IIN typed in its place, or anything that cannot be a code, is answered where it
   * was typed, and never reaches an address or the log.
   */
  const sendOn = (req: Request, res: Response, typed: string | undefined) => {
    if (!typed?.trim()) return res.render('certificates/verify', { pageTitle: req.t('certificates.verify.title'), form: true });
    if (looksLikeIin(typed)) return unknown(req, res, new ValidationError('certificates.verify.notAnIin'), '');
    // the registration number printed beside the code: not a way in (serials are sequential), but said so
    if (serialPattern.test(typed.trim().toUpperCase())) return unknown(req, res, new ValidationError('certificates.verify.serialNotCode'), typed);
    const code = normaliseCode(typed);
    if (!code) return unknown(req, res, new ValidationError('certificates.verify.malformed'), typed);
    res.redirect(303, `${req.baseUrl}/verify/${code}`);
  };

  // the form posts the code; an old link's ?code= is taken as well
  router.get('/verify', (req, res) => sendOn(req, res, check(validateVerifyQuery, req.query).code));
  router.post('/verify', (req, res) => sendOn(req, res, check(validateVerifyForm, req.body ?? {}).code));

  // an unknown code is an answer too: a page that says so, with the 4xx status
  const unknown = (req: Request, res: Response, err: unknown, asTyped?: string) => {
    if (!(err instanceof AppError) || err.status >= 500 || err.status === 429 || wantsJson(req)) throw err;
    // the code as typed stays in the field, to be corrected (an IIN does not; nor do control characters)
    const given = asTyped ?? (typeof req.params.code === 'string' ? req.params.code : '');
    const typed = looksLikeIin(given) ? '' : given.replace(/[\p{Cc}\p{Cf}]/gu, '').slice(0, 64);
    // a refusal is about this visitor's typing: kept by no cache
    res.set('Cache-Control', 'no-store');
    res.status(err.status).render('certificates/verify', { pageTitle: req.t('certificates.verify.title'), unknown: true, message: req.t(err.messageKey), form: true, code: typed });
  };

  router.get('/verify/:code', params({ code: certificateParams.typedCode }, { refuse: unknown }), async (req, res) => {
    check(validateVerifyQuery, req.query);
    // a certificate's state changes (a revocation): no answer here is kept, a refusal neither
    res.set('Cache-Control', 'no-store');
    try {
      const found = await verify.byCode(req.params.code, req.ip ?? 'unknown');
      if (wantsJson(req)) return res.json(toJson(found, deps.baseUrl, req.t('certificates.issuer')));
      res.render('certificates/verify', { pageTitle: req.t('certificates.verify.title'), certificate: pageOf(found, req.lang), issuer: req.t('certificates.issuer') });
    } catch (err) {
      unknown(req, res, err);
    }
  });

  return router;
}
