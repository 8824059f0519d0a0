// A user's own profile: what they may see and change of themselves. Role, scope, region, IIN and
// status are never changed here. Changing the password also takes back mailed links and signs out
// the user's other devices.
import { noLearnerCache, type LearnerCache } from '../db/remembered.ts';
import type { Connection } from 'mongoose';
import type { Clock } from '../clock.ts';
import { NotFoundError, UnauthorizedError, ValidationError } from '../errors.ts';
import type { Language } from '../i18n/index.ts';
import { accountsRepositories, type AccountsRepositories } from './accounts.repository.ts';
import { assertPassword } from './auth.service.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { regionName } from './regions.ts';
import { endSessionsOf } from './sessions.ts';
import type { ChangePasswordInput, ProfileInput } from './user.schema.ts';

export interface ProfileDeps {
  db: Connection;
  clock: Clock;
  /** the feature's repositories (accounts.ts builds them once); built from `db` when left out */
  repos?: AccountsRepositories;
  /** what this server remembers of the signed-in user, under their stamp, which every write of a user changes */
  remembered?: LearnerCache;
}

export function profileService({ db, clock, repos = accountsRepositories(db), remembered = noLearnerCache }: ProfileDeps) {
  const { users, tokens } = repos;
  return {
    /** The profile page of one user: the editable fields, and what is shown but not edited. */
    async view(userId: string, lang: Language) {
      // remembered without the password hash, which only a password change reads (below)
      const user = await remembered.read(userId, 'profile', async () => {
        const found = await users.findById(userId);
        return found && { ...found, passwordHash: undefined };
      });
      if (!user) throw new NotFoundError('errors.notFound');
      return {
        values: { surname: user.surname, givenName: user.givenName, patronymic: user.patronymic, district: user.district, school: user.school, position: user.position, lang: user.lang },
        iin: user.iin,
        email: user.email,
        regionName: regionName(user.region, lang),
        roleKey: `accounts.roles.${user.role}`,
      };
    },

    async update(userId: string, input: ProfileInput): Promise<void> {
      await users.update(userId, {
        surname: input.surname,
        givenName: input.givenName,
        patronymic: input.patronymic ?? '',
        district: input.district ?? '',
        school: input.school ?? '',
        position: input.position ?? '',
        ...(input.lang ? { lang: input.lang } : {}),
      });
    },

    /**
     * Checks the current password, stores the new one and ends every other session of the user.
     * Returns false, changing nothing, when this exact change was made already (the form sent twice:
     * its "current" password is the old one, and the new one is the password now).
     */
    /** Whether `password` is the user's password now (a refused change form says a wrong one beside its other problems). */
    async passwordHolds(userId: string, password: unknown): Promise<boolean> {
      const user = await users.findById(userId);
      return typeof password === 'string' && Boolean(user?.passwordHash) && (await verifyPassword(user!.passwordHash!, password));
    },

    async changePassword(userId: string, input: ChangePasswordInput, currentSessionId: string): Promise<boolean> {
      const user = await users.findById(userId);
      if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
        if (user?.passwordHash && input.password === input.passwordConfirm && (await verifyPassword(user.passwordHash, input.password))) return false;
        throw new UnauthorizedError('errors.invalidInput', [{ field: 'currentPassword', message: 'accounts.password.wrongCurrent' }]);
      }
      assertPassword(input.password, input.passwordConfirm);
      // the same password again changes nothing, and would sign the other devices out for nothing
      if (input.password === input.currentPassword) throw new ValidationError('errors.invalidInput', [{ field: 'password', message: 'accounts.password.same' }]);
      await users.update(user._id, { passwordHash: await hashPassword(input.password), passwordChangedAt: clock.now() });
      // links mailed before the change no longer set a password
      await tokens.revokeAll(user._id);
      // other devices signed in with the old password are signed out
      await endSessionsOf(db, String(user._id), currentSessionId);
      return true;
    },
  };
}

export type ProfileService = ReturnType<typeof profileService>;
