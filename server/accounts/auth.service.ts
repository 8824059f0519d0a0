// Registration, sign-in and password resets. Takes plain arguments and injected repositories.
import type { Connection } from 'mongoose';
import type { Clock } from '../clock.ts';
import { ConflictError, UnauthorizedError, ValidationError, ForbiddenError, type ErrorDetail } from '../errors.ts';
import { endSessionsOf } from './sessions.ts';
import { translator, type Language } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { Mailer } from '../mail/mailer.ts';
import { iinProblem } from './iin.ts';
import { loginThrottle } from './login-throttle.ts';
import { requestLimit } from './request-limit.ts';
import { burnVerification, hashPassword, needsRehash, passwordProblem, verifyPassword } from './password.ts';
import type { RegisterInput } from './user.schema.ts';
import { SET_LINK_DAYS } from './token.repository.ts';
import { accountsRepositories, type AccountsRepositories } from './accounts.repository.ts';
import type { UserDoc } from './user.model.ts';

export interface AuthDeps {
  db: Connection;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  baseUrl: string;
  /** keys the hashes the sign-in and mail-form throttles count under: SESSION_SECRET */
  secret: string;
  /** the feature's repositories (accounts.ts builds them once); built from `db` when left out */
  repos?: AccountsRepositories;
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

/**
 * What the schemas cannot say about an account's fields, wherever they are sent (registration,
 * a reset, a password change, an admin's new teacher): an IIN's date and check digit, a new
 * password's rules and its confirmation. Only fields present as text are judged; the schema
 * speaks for the rest (`check`'s rules, http/validate.ts).
 */
export function accountFieldProblems(data: Readonly<Record<string, unknown>>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (typeof data.iin === 'string' && /^[0-9]{12}$/.test(data.iin)) {
    const iin = iinProblem(data.iin);
    if (iin) problems.push({ field: 'iin', message: `accounts.iin.${iin}` });
  }
  if (typeof data.password === 'string' && data.password !== '') {
    const password = passwordProblem(data.password);
    if (password) problems.push({ field: 'password', message: `accounts.password.${password}`, params: { min: 8, max: 256 } });
    else if (typeof data.passwordConfirm === 'string' && data.passwordConfirm !== '' && data.passwordConfirm !== data.password) problems.push({ field: 'passwordConfirm', message: 'accounts.password.mismatch' });
  }
  return problems;
}

export function authService({ db, mailer, clock, logger, baseUrl, secret, repos = accountsRepositories(db) }: AuthDeps) {
  const { users, tokens } = repos;
  const throttle = loginThrottle(db, secret);
  // forms that send mail: a few uses an hour per IP, fewer per IIN or address
  const registerLimit = requestLimit(db, 'register', { perIp: 10, perTarget: 3 }, secret);
  const resetLimit = requestLimit(db, 'reset', { perIp: 10, perTarget: 3 }, secret);

  type Recipient = Pick<UserDoc, '_id' | 'email' | 'givenName' | 'lang'>;

  /**
   * Mail goes out after the response: a form that mails answers in the same time whether or not
   * the address is known. A failure is logged; the user's answer does not depend on it.
   */
  function later(what: string, send: () => Promise<void>): void {
    setImmediate(() => {
      send().catch((err: unknown) => logger.error({ err }, `${what} mail failed`));
    });
  }

  async function sendNotice(user: Recipient, kind: 'welcome' | 'taken'): Promise<void> {
    const t = translator(user.lang as Language);
    await mailer.send({
      to: user.email,
      subject: t(`accounts.mail.${kind}.subject`),
      text: t(`accounts.mail.${kind}.body`, { name: user.givenName, login: `${baseUrl}/login`, forgot: `${baseUrl}/password/forgot` }),
    });
  }

  async function sendLink(user: Recipient, purpose: 'reset' | 'set', token: string): Promise<void> {
    const t = translator(user.lang as Language);
    const link = `${baseUrl}/password/reset?token=${token}`;
    await mailer.send({
      to: user.email,
      subject: t(`accounts.mail.${purpose}.subject`),
      text: t(`accounts.mail.${purpose}.body`, { name: user.givenName, link, hours: 1, days: SET_LINK_DAYS }),
      link,
    });
  }

  return {
    /**
     * Registers a teacher, or, when the IIN or email is taken, mails its owner instead. Either way
     * it answers the same (nothing tells a visitor whether an account exists), and the mail goes
     * out after the response. The language is the page's, so every mail comes in it.
     */
    async register(input: RegisterInput, lang: Language, ip: string): Promise<void> {
      const problems = accountFieldProblems(input);
      if (problems.length) throw new ValidationError('errors.invalidInput', problems);
      if (!(await registerLimit.use(ip, [input.iin, input.email], clock.now()))) return;
      const passwordHash = await hashPassword(input.password);
      try {
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
          lang: input.lang ?? lang,
          passwordHash,
        });
        logger.info({ userId: String(user._id) }, 'teacher registered');
        later('welcome', () => sendNotice(user, 'welcome'));
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        const owners = await Promise.all([users.findByLogin(input.iin), users.findByEmail(input.email)]);
        const distinct = [...new Map(owners.filter((u): u is UserDoc => u !== null && u.status === 'active').map((u) => [String(u._id), u])).values()];
        logger.info({ owners: distinct.length }, 'registration with a taken IIN or email: owners told');
        for (const owner of distinct) later('taken', () => sendNotice(owner, 'taken'));
      }
    },

    /** Same message and similar time for an unknown login and a wrong password. */
    async authenticate(login: string, password: string, ip: string): Promise<UserDoc> {
      const now = clock.now();
      const user = await users.findByLogin(login);
      // the account is the user, whichever login was typed (an IIN's and an email's failures count together)
      const account = user ? `user:${String(user._id)}` : login;
      await throttle.claim(account, ip, now);
      const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await burnVerification(password), false);
      if (!user || !ok || user.status !== 'active') {
        await throttle.failClaimed(ip, now);
        throw new UnauthorizedError('accounts.login.failed');
      }
      await throttle.succeed(account, ip, now);
      if (needsRehash(user.passwordHash!)) await users.update(user._id, { passwordHash: await hashPassword(password) });
      return user;
    },

    /**
     * Always answers the same way, in the same time, whether or not the IIN or email is known:
     * the token and the mail are made after the response.
     */
    async requestReset(login: string, ip: string): Promise<void> {
      if (!(await resetLimit.use(ip, [login], clock.now()))) return;
      later('reset', async () => {
        const user = await users.findByLogin(login);
        if (!user || user.status !== 'active') return;
        await sendLink(user, 'reset', await tokens.issue(user._id, 'reset', clock.now()));
      });
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
      await tokens.revokeAll(user._id);
      await endSessionsOf(db, String(user._id));
      // the owner proved themselves by mail: failures others made at the account no longer hold them back
      await throttle.clearAccount(`user:${String(user._id)}`, clock.now());
      return user;
    },
  };
}

export type AuthService = ReturnType<typeof authService>;
