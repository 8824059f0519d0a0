import { isLanguage } from '../i18n/index.ts';
import { rememberLanguage } from '../http/language.ts';
import { Router } from 'express';
import { check } from '../http/validate.ts';
import { ValidationError } from '../errors.ts';
import { accountFieldProblems } from './auth.service.ts';
import { renderFormError } from '../http/forms.ts';
import type { ProfileService } from './profile.service.ts';
import { validateChangePassword, validateProfile } from './user.schema.ts';

const labels: Record<string, string> = {
  surname: 'accounts.fields.surname',
  givenName: 'accounts.fields.givenName',
  patronymic: 'accounts.fields.patronymic',
  district: 'accounts.fields.district',
  school: 'accounts.fields.school',
  position: 'accounts.fields.position',
  currentPassword: 'accounts.fields.currentPassword',
  password: 'accounts.fields.newPassword',
  passwordConfirm: 'accounts.fields.passwordConfirm',
};

/** A user's own page; the profile service decides what may change. */
export function profileRoutes(profile: ProfileService): Router {
  const router = Router();

  router.get('/profile', async (req, res) => {
    res.render('accounts/profile', { pageTitle: req.t('accounts.profile.title'), ...(await profile.view(req.user!.id, req.lang)) });
  });

  router.post('/profile', async (req, res) => {
    const base = await profile.view(req.user!.id, req.lang);
    try {
      const input = check(validateProfile, req.body);
      await profile.update(req.user!.id, input);
      // the preferred language is this browser's from now on, as a choice made with a link is
      if (input.lang && isLanguage(input.lang)) rememberLanguage(req, res, input.lang);
      req.session.flash = { kind: 'success', key: 'accounts.profile.saved' };
      res.redirect(303, `${req.baseUrl}/profile`);
    } catch (err) {
      renderFormError(res, 'accounts/profile', err, { pageTitle: req.t('accounts.profile.title'), ...base, values: { ...base.values, ...(req.body as object), _csrf: undefined } }, labels);
    }
  });

  router.get('/profile/password', (req, res) => {
    res.render('accounts/password', { pageTitle: req.t('accounts.password.title') });
  });

  router.post('/profile/password', async (req, res) => {
    const model = { pageTitle: req.t('accounts.password.title') };
    try {
      let input;
      try {
        input = check(validateChangePassword, req.body, undefined, accountFieldProblems);
      } catch (err) {
        // the new password refused: a wrong current one is said too, not on the next try
        const sent = (req.body ?? {}) as Record<string, unknown>;
        if (!(err instanceof ValidationError) || err.details.some((d) => d.field === 'currentPassword') || (await profile.passwordHolds(req.user!.id, sent.currentPassword))) throw err;
        throw new ValidationError(err.messageKey, [{ field: 'currentPassword', message: 'accounts.password.wrongCurrent' }, ...err.details], err.params);
      }
      await profile.changePassword(req.user!.id, input, req.sessionID);
      req.session.flash = { kind: 'success', key: 'accounts.password.changed' };
      res.redirect(303, `${req.baseUrl}/profile`);
    } catch (err) {
      renderFormError(res, 'accounts/password', err, model, labels);
    }
  });

  return router;
}
