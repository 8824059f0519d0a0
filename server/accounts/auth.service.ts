// Registration, sign-in and password resets. Takes plain arguments and injected repositories.
import type { Connection } from 'mongoose';
import type { Clock } from '../app.ts';
import { UnauthorizedError, ValidationError, ForbiddenError } from '../errors.ts';
import { endSessionsOf } from '../http/session.ts';
import { translator, type Language } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import { iinProblem } from './iin.ts';
import { loginThrottle } from './login-throttle.ts';
import { burnVerification, hashPassword, needsRehash, passwordProblem, verifyPassword } from './password.ts';
import type { RegisterInput } from './user.schema.ts';
import { userRepository } from './user.repository.ts';
import { tokenRepository } from './token.repository.ts';
import type { UserDoc } from './user.model.ts';

export interface AuthDeps {
  db: Connection;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  baseUrl: string;
}

/** Checks a new password against the rules; throws ValidationError naming the field. */
export function assertPassword(password: string, confirm: string | undefined, field = 'password'): void {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationError('errors.invalidInput', [{ field, message: `accounts.password.${problem}`, params: { min: 8, max: 256 } }]);
  if (confirm !== undefined && confirm !== password) throw new ValidationError('errors.invalidInput', [{ field: 'passwordConfirm', message: 'accounts.password.mismatch' }]);
}

export function assertIin(iin: string, field = 'iin'): void {
  const problem = iinProblem(iin);
  if (problem) throw new ValidationError('errors.invalidInput', [{ field, message: `accounts.iin.${problem}` }]);
}

export function authService({ db, mailer, clock, logger, baseUrl }: AuthDeps) {
  const users = userRepository(db);
  const tokens = tokenRepository(db);
  const throttle = loginThrottle(db);

  type Recipient = Pick<UserDoc, '_id' | 'email' | 'givenName' | 'lang'>;

  async function sendLink(user: Recipient, purpose: 'reset' | 'set', token: string): Promise<void> {
    const t = translator(user.lang as Language);
    const link = `${baseUrl}/password/reset?token=${token}`;
    await mailer.send({
      to: user.email,
      subject: t(`accounts.mail.${purpose}.subject`),
      text: t(`accounts.mail.${purpose}.body`, { name: user.givenName, link, hours: purpose === 'reset' ? 1 : 14 * 24 }),
      link,
    });
  }

  return {
    async register(input: RegisterInput): Promise<UserDoc> {
      assertIin(input.iin);
      assertPassword(input.password, input.passwordConfirm);
      const user = await users.create({
        iin: input.iin,
        email: input.email,
        surname: input.surname,
        givenName: input.givenName,
        patronymic: input.patronymic ?? '',
        region: input.region,
        district: input.district ?? '',
        school: input.school ?? '',
        position: input.position ?? '',
        role: 'teacher',
        regionScope: null,
        lang: input.lang ?? 'kk',
        passwordHash: await hashPassword(input.password),
      });
      logger.info({ userId: String(user._id), iin: `****${user.iin.slice(-4)}` }, 'teacher registered');
      return user;
    },

    /** Same message and similar time for an unknown login and a wrong password. */
    async authenticate(login: string, password: string, ip: string): Promise<UserDoc> {
      const now = clock.now();
      await throttle.check(login, ip, now);
      const user = await users.findByLogin(login);
      const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await burnVerification(password), false);
      if (!user || !ok) {
        await throttle.fail(login, ip, now);
        throw new UnauthorizedError('accounts.login.failed');
      }
      if (user.status !== 'active') {
        await throttle.fail(login, ip, now);
        throw new UnauthorizedError('accounts.login.failed');
      }
      await throttle.succeed(login, now);
      if (needsRehash(user.passwordHash!)) await users.update(user._id, { passwordHash: await hashPassword(password) });
      return user;
    },

    /** Always answers the same way, whether or not the address is known. */
    async requestReset(email: string): Promise<void> {
      const user = await users.findByEmail(email);
      if (!user || user.status !== 'active') return;
      await sendLink(user, 'reset', await tokens.issue(user._id, 'reset', clock.now()));
    },

    async sendSetPasswordLink(user: Recipient, token?: string): Promise<void> {
      await sendLink(user, 'set', token ?? (await tokens.issue(user._id, 'set', clock.now())));
    },

    async checkResetToken(token: string): Promise<boolean> {
      return (await tokens.peek(token, clock.now())) !== null;
    },

    async resetPassword(token: string, password: string, confirm: string): Promise<UserDoc> {
      assertPassword(password, confirm);
      const hash = await hashPassword(password);
      const userId = await tokens.consume(token, clock.now());
      if (!userId) throw new ValidationError('accounts.reset.invalid');
      const user = await users.update(userId, { passwordHash: hash, passwordChangedAt: clock.now() }, { status: 'active' });
      if (!user) throw new ForbiddenError('accounts.reset.invalid');
      await endSessionsOf(db, String(user._id));
      return user;
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
