import { createHash } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Passport } from 'passport';
import { AppError, NotFoundError, TooManyRequestsError, ValidationError } from '../errors.ts';
import { check } from '../http/validate.ts';
import { languageChosen, rememberLanguage } from '../http/language.ts';
import { isLanguage } from '../i18n/index.ts';
import { renderFormError, safeNext } from '../http/forms.ts';
import { regionOptions } from './regions.ts';
import { accountFieldProblems, type AuthService } from './auth.service.ts';
import { resetTokenPattern, validateForgot, validateLogin, validateRegister, validateReset, type RegisterInput } from './user.schema.ts';
import type { SessionUser } from '../http/access.ts';

const registerLabels: Record<string, string> = {
  iin: 'accounts.fields.iin',
  email: 'accounts.fields.email',
  surname: 'accounts.fields.surname',
  givenName: 'accounts.fields.givenName',
  patronymic: 'accounts.fields.patronymic',
  region: 'accounts.fields.region',
  district: 'accounts.fields.district',
  school: 'accounts.fields.school',
  position: 'accounts.fields.position',
  password: 'accounts.fields.password',
  passwordConfirm: 'accounts.fields.passwordConfirm',
  consent: 'ux.register.consentLabel',
};

const RESET_TOKEN = new RegExp(resetTokenPattern);
/** Holds the token of the link just followed, for the form at the same path (no longer than a reset link lives). */
const RESET_COOKIE = 'qorgau_reset';
const RESET_COOKIE_MS = 60 * 60 * 1000;

export interface AuthRouteDeps {
  auth: AuthService;
  passport: InstanceType<typeof Passport>;
  selfRegistration: boolean;
}

function logIn(req: Request, user: SessionUser): Promise<void> {
  // Passport regenerates the session here, so an id planted before login is worthless after it.
  return new Promise((resolve, reject) => req.logIn(user, (err) => (err ? reject(err) : resolve())));
}

/** A used token as the session remembers it: never the token itself. */
/** each sign-in field's error names its field, and is tied to its input */
const loginLabels = { login: 'accounts.fields.login', password: 'accounts.fields.password' };

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

export function authRoutes({ auth, passport, selfRegistration }: AuthRouteDeps): Router {
  const router = Router();
  const home = (req: Request) => `${req.baseUrl}/`;

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, home(req));
    const next = safeNext(req.baseUrl, req.query.next);
    res.render('accounts/login', { pageTitle: req.t('accounts.login.title'), next, unsaved: Boolean(next) && req.query.unsaved === '1', selfRegistration });
  });

  router.post('/login', (req: Request, res: Response, next: NextFunction) => {
    const model = { pageTitle: req.t('accounts.login.title'), selfRegistration };
    let body;
    try {
      body = check(validateLogin, req.body);
    } catch (err) {
      return renderFormError(res, 'accounts/login', err, model, loginLabels);
    }
    const view = { ...model, login: body.login, next: safeNext(req.baseUrl, body.next), unsaved: body.unsaved === '1' };
    passport.authenticate('local', (err: unknown, user: SessionUser | false, info?: { error?: AppError }) => {
      if (err) return next(err);
      if (!user) {
        const error = info?.error ?? new AppError('accounts.login.failed');
        if (error instanceof TooManyRequestsError) res.set('Retry-After', String(error.retryAfterSeconds));
        return renderFormError(res, 'accounts/login', error, view);
      }
      logIn(req, user)
        .then(() => {
          req.session.startedAt = Date.now();
          // the preferred language stays this browser's after signing out, unless it chose one itself
          if (!languageChosen(req) && isLanguage(user.lang)) rememberLanguage(req, res, user.lang);
          // back to a page whose form was sent after the session ended: it says that was not saved
          if (view.unsaved && view.next) req.session.flash = { kind: 'info', key: 'ux.login.unsavedAfter' };
          res.redirect(303, view.next ?? (user.role === 'teacher' ? `${req.baseUrl}/learn` : home(req)));
        })
        .catch(next);
    })(req, res, next);
  });

  // passport.authenticate gives POST /login Passport's request methods; sign-out asks for them here
  router.post('/logout', passport.initialize(), (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy(() => {
        res.clearCookie(req.app.get('sessionCookieName') as string, { path: '/' });
        res.redirect(303, home(req));
      });
    });
  });

  router.get('/register', (req, res) => {
    if (!selfRegistration) throw new NotFoundError('errors.notFound');
    if (req.user) return res.redirect(303, home(req));
    res.render('accounts/register', { pageTitle: req.t('accounts.register.title'), regions: regionOptions(req.lang), values: { lang: req.lang } });
  });

  router.post('/register', async (req, res) => {
    if (!selfRegistration) throw new NotFoundError('errors.notFound');
    const raw = (req.body ?? {}) as Partial<RegisterInput>;
    const values = { ...raw, password: undefined, passwordConfirm: undefined, _csrf: undefined };
    const model = { pageTitle: req.t('accounts.register.title'), regions: regionOptions(req.lang, typeof raw.region === 'string' ? raw.region : undefined), values };
    try {
      const input = check(validateRegister, req.body, undefined, accountFieldProblems);
      await auth.register(input, req.lang, req.ip ?? '');
      // the same answer for a new and a taken IIN or email; a second tap lands here too
      res.redirect(303, `${req.baseUrl}/register/done`);
    } catch (err) {
      if (err instanceof TooManyRequestsError) res.set('Retry-After', String(err.retryAfterSeconds));
      renderFormError(res, 'accounts/register', err, model, registerLabels);
    }
  });

  router.get('/register/done', (req, res) => {
    if (!selfRegistration) throw new NotFoundError('errors.notFound');
    res.render('accounts/register-done', { pageTitle: req.t('accounts.register.doneTitle') });
  });

  router.get('/password/forgot', (req, res) => {
    res.render('accounts/forgot', { pageTitle: req.t('accounts.forgot.title') });
  });

  router.post('/password/forgot', async (req, res) => {
    const model = { pageTitle: req.t('accounts.forgot.title') };
    try {
      const input = check(validateForgot, req.body);
      const login = input.login ?? input.email;
      if (!login) throw new ValidationError('errors.invalidInput', [{ field: 'login', message: 'validation.required' }]);
      await auth.requestReset(login, req.ip ?? '');
      res.render('accounts/forgot', { ...model, sent: true });
    } catch (err) {
      if (err instanceof TooManyRequestsError) res.set('Retry-After', String(err.retryAfterSeconds));
      renderFormError(res, 'accounts/forgot', err, { ...model, login: typeof req.body?.login === 'string' ? (req.body.login as string) : '' }, { login: 'accounts.fields.login' });
    }
  });

  // The mailed link carries its token in the query, the one way a link works without JavaScript.
  // The first request trades it for a cookie of this path alone and sends the browser on to the
  // same page without it: the token stays out of the address bar, the history, bookmarks, a
  // screenshot and every Referer, and the form holds it in its body.
  const resetPath = (req: Request) => `${req.baseUrl}/password/reset`;
  router.get('/password/reset', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const fromLink = req.query.token !== undefined;
    const given: unknown = fromLink ? req.query.token : (req.cookies as Record<string, unknown> | undefined)?.[RESET_COOKIE];
    const token = typeof given === 'string' && RESET_TOKEN.test(given) ? given : '';
    const valid = token !== '' && (await auth.checkResetToken(token));
    if (valid && fromLink) {
      res.cookie(RESET_COOKIE, token, { path: resetPath(req), httpOnly: true, sameSite: 'lax', secure: req.secure, maxAge: RESET_COOKIE_MS });
      return res.redirect(303, resetPath(req));
    }
    if (!valid) res.clearCookie(RESET_COOKIE, { path: resetPath(req) });
    res.status(valid ? 200 : 400).render('accounts/reset', { pageTitle: req.t('accounts.reset.title'), token: valid ? token : '', valid });
  });

  router.post('/password/reset', async (req, res) => {
    const token = typeof req.body?.token === 'string' ? (req.body.token as string) : '';
    const model = { pageTitle: req.t('accounts.reset.title'), token, valid: true };
    try {
      const input = check(validateReset, req.body, undefined, accountFieldProblems);
      await auth.resetPassword(input.token, input.password, input.passwordConfirm);
      res.clearCookie(RESET_COOKIE, { path: resetPath(req) });
      (req.session as { resetDone?: string }).resetDone = digest(input.token);
      req.session.flash = { kind: 'success', key: 'accounts.reset.done' };
      res.redirect(303, `${req.baseUrl}/login`);
    } catch (err) {
      // the same form sent again after it set the password (a double tap, the back button): done;
      // and said so as it is, for the form may carry another password, which was not set
      if (token && (req.session as { resetDone?: string } | undefined)?.resetDone === digest(token)) {
        req.session.flash = { kind: 'info', key: 'accounts.reset.doneBefore' };
        return res.redirect(303, `${req.baseUrl}/login`);
      }
      renderFormError(res, 'accounts/reset', err, model, { password: 'accounts.fields.password', passwordConfirm: 'accounts.fields.passwordConfirm' });
    }
  });

  return router;
}
