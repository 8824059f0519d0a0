import { Router } from 'express';
import type { Connection } from 'mongoose';
import { NotFoundError, UnauthorizedError } from '../errors.ts';
import { check } from '../http/validate.ts';
import { renderFormError } from '../http/forms.ts';
import { endSessionsOf } from './sessions.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { regionName } from './regions.ts';
import { assertPassword } from './auth.service.ts';
import { userRepository } from './user.repository.ts';
import { tokenRepository } from './token.repository.ts';
import { validateChangePassword, validateProfile } from './user.schema.ts';
import type { Clock } from '../clock.ts';

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

/** A user's own page. Role, scope, region, IIN and status never come from this form. */
export function profileRoutes(db: Connection, clock: Clock): Router {
  const router = Router();
  const users = userRepository(db);

  async function view(userId: string, lang: 'kk' | 'ru' | 'en') {
    const user = await users.findById(userId);
    if (!user) throw new NotFoundError('errors.notFound');
    return {
      values: { surname: user.surname, givenName: user.givenName, patronymic: user.patronymic, district: user.district, school: user.school, position: user.position, lang: user.lang },
      iin: user.iin,
      email: user.email,
      regionName: regionName(user.region, lang),
      roleKey: `accounts.roles.${user.role}`,
    };
  }

  router.get('/profile', async (req, res) => {
    res.render('accounts/profile', { pageTitle: req.t('accounts.profile.title'), ...(await view(req.user!.id, req.lang)) });
  });

  router.post('/profile', async (req, res) => {
    const base = await view(req.user!.id, req.lang);
    try {
      const input = check(validateProfile, req.body);
      await users.update(req.user!.id, {
        surname: input.surname,
        givenName: input.givenName,
        patronymic: input.patronymic ?? '',
        district: input.district ?? '',
        school: input.school ?? '',
        position: input.position ?? '',
        ...(input.lang ? { lang: input.lang } : {}),
      });
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
      const input = check(validateChangePassword, req.body);
      const user = await users.findById(req.user!.id);
      if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw new UnauthorizedError('errors.invalidInput', [{ field: 'currentPassword', message: 'accounts.password.wrongCurrent' }]);
      }
      assertPassword(input.password, input.passwordConfirm);
      await users.update(user._id, { passwordHash: await hashPassword(input.password), passwordChangedAt: clock.now() });
      // links mailed before the change no longer set a password
      await tokenRepository(db).revokeAll(user._id);
      // other devices signed in with the old password are signed out
      await endSessionsOf(db, String(user._id), req.sessionID);
      req.session.flash = { kind: 'success', key: 'accounts.password.changed' };
      res.redirect(303, `${req.baseUrl}/profile`);
    } catch (err) {
      renderFormError(res, 'accounts/password', err, model, labels);
    }
  });

  return router;
}
