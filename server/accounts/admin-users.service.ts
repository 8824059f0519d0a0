// Administration of users, always inside the acting admin's scope: a regional admin sees, edits and
// imports only the teachers of their region, and can neither create admins nor widen anyone's scope.
import type { Connection } from 'mongoose';
import { noLearnerCache, type LearnerCache } from '../db/remembered.ts';
import { ForbiddenError, NotFoundError, ValidationError, type ErrorDetail } from '../errors.ts';
import type { SessionUser } from './session-user.types.ts';
import { endSessionsOf } from './sessions.ts';
import type { Language } from '../i18n/index.ts';
import { iinProblem, maskedIin } from './iin.ts';
import { regionName } from './regions.ts';
import { adminManages } from './session-user.ts';
import { accountsRepositories, type AccountsRepositories } from './accounts.repository.ts';
import type { AdminUpdateInput } from './user.schema.ts';
import type { UserDoc } from './user.model.ts';
import type { ListedUser } from './user-index.ts';
import type { AdminCreateInput, AdminDetailsInput } from './admin-users.schema.ts';

export const PAGE_SIZE = 25;

export interface UserRow {
  id: string;
  name: string;
  iin: string;
  email: string;
  region: string;
  school: string;
  roleKey: string;
  statusKey: string;
  lastSignIn?: Date | null;
}

/**
 * A user as an admin sees them. A list shows IINs by their last four digits (a page of thirty
 * people's IINs is more than any task needs); one user's own page shows the whole IIN to an admin
 * who manages them, to read it out to the teacher or check it against a document.
 */
function row(actor: SessionUser, user: ListedUser, lang: Language, whole = false): UserRow {
  return {
    id: String(user._id),
    name: [user.surname, user.givenName, user.patronymic].filter(Boolean).join(' '),
    iin: whole && adminManages(actor, user) ? user.iin : maskedIin(user.iin),
    email: user.email,
    region: regionName(user.region, lang),
    school: user.school ?? '',
    roleKey: `accounts.roles.${user.role}`,
    statusKey: `accounts.status.${user.status}`,
  };
}

export function adminUsersService(db: Connection, repos: AccountsRepositories = accountsRepositories(db), remembered: LearnerCache = noLearnerCache) {
  const { users, tokens, signIns } = repos;

  /**
   * The user an admin looks at, remembered under the user's stamp (every write of a user changes
   * it) when the request reads within that stamp (admin-users.routes.ts), without the password hash.
   */
  const viewed = (id: string): Promise<Omit<UserDoc, 'passwordHash'> | null> =>
    remembered.read(
      id,
      'admin-view',
      async () => {
        const user = await users.findById(id);
        if (!user) return null;
        const { passwordHash: _hash, ...rest } = user;
        return rest;
      },
      (user) => user !== null,
    );

  /** The user, if inside the admin's scope: outside it the user does not exist, so ids cannot be probed. */
  function inScope<U extends Omit<UserDoc, 'passwordHash'>>(actor: SessionUser, user: U | null): U {
    if (!user || !adminManages(actor, user)) throw new NotFoundError('errors.notFound');
    return user;
  }

  const loadInScope = async (actor: SessionUser, id: string): Promise<UserDoc> => inScope(actor, await users.findById(id));

  return {
    /**
     * An IIN or an email on the new-teacher form that an account holds already, said beside the
     * form's other problems (the insert finds only one, and only once the form is otherwise right).
     */
    async taken(values: Readonly<Record<string, unknown>>): Promise<ErrorDetail[]> {
      const iin = typeof values.iin === 'string' && /^[0-9]{12}$/.test(values.iin) ? values.iin : null;
      const email = typeof values.email === 'string' && values.email.includes('@') ? values.email : null;
      const [byIin, byEmail] = await Promise.all([iin ? users.findByLogin(iin) : null, email ? users.findByEmail(email) : null]);
      return [...(byIin ? [{ field: 'iin', message: 'accounts.duplicate.iin' }] : []), ...(byEmail ? [{ field: 'email', message: 'accounts.duplicate.email' }] : [])];
    },

    async list(actor: SessionUser, filter: { q?: string; role?: string; region?: string; status?: string }, page: number, lang: Language) {
      // a regional admin's list is their region's teachers (adminManages)
      const role = actor.regionScope === null ? filter.role : 'teacher';
      if (role !== filter.role && filter.role !== undefined) return { rows: [], total: 0, page, pages: 1 };
      const { users: found, total } = await users.list({ scope: actor.regionScope, ...filter, ...(role ? { role } : {}) }, page, PAGE_SIZE);
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const last = await signIns.lastOf(found.map((u) => String(u._id)));
      return { rows: found.map((u) => ({ ...row(actor, u, lang), lastSignIn: last.get(String(u._id)) ?? null })), total, page, pages };
    },

    async get(actor: SessionUser, id: string, lang: Language) {
      const user = inScope(actor, await viewed(id));
      const last = await signIns.lastOf([String(user._id)]);
      return { ...row(actor, user, lang, true), lastSignIn: last.get(String(user._id)) ?? null, surname: user.surname, givenName: user.givenName, patronymic: user.patronymic ?? '', role: user.role, status: user.status, regionScope: user.regionScope ?? '', regionCode: user.region, isSelf: String(user._id) === actor.id };
    },

    /** Creates a teacher without a password (a set-password link follows), inside the admin's region. */
    async create(actor: SessionUser, input: AdminCreateInput, lang: Language): Promise<UserDoc> {
      const iin = iinProblem(input.iin);
      if (iin) throw new ValidationError('errors.invalidInput', [{ field: 'iin', message: `accounts.iin.${iin}` }]);
      if (actor.regionScope !== null && input.region !== actor.regionScope) throw new ValidationError('errors.invalidInput', [{ field: 'region', message: 'import.errors.regionOutsideScope' }]);
      return users.create({
        iin: input.iin,
        email: input.email,
        surname: input.surname,
        givenName: input.givenName,
        patronymic: input.patronymic ?? '',
        region: input.region,
        district: '',
        school: input.school ?? '',
        position: input.position ?? '',
        role: 'teacher',
        regionScope: null,
        lang: input.lang ?? lang,
        passwordHash: null,
      });
    },

    /**
     * Corrects a user's name and email (the email is a login key: the repository moves it). A new
     * email hands the account to whoever holds it: its password stops working and its sessions and
     * links end (someone who registered with a teacher's IIN kept them), and a set-password link is
     * to be sent to the new address. Returns whether that happened.
     */
    async updateDetails(actor: SessionUser, id: string, input: AdminDetailsInput): Promise<{ emailChanged: boolean }> {
      const user = await loadInScope(actor, id);
      // (an admin correcting their own address keeps their password and session)
      const emailChanged = input.email.trim().toLowerCase() !== user.email && String(user._id) !== actor.id;
      const updated = await users.update(user._id, { surname: input.surname, givenName: input.givenName, patronymic: input.patronymic ?? '', email: input.email, ...(emailChanged ? { passwordHash: null } : {}) }, { region: user.region });
      if (!updated) throw new NotFoundError('errors.notFound');
      if (emailChanged) {
        await tokens.revokeAll(user._id);
        await endSessionsOf(db, String(user._id));
      }
      return { emailChanged };
    },

    /** The user as the set-password mail needs them, inside the admin's scope, active only. */
    async recipient(actor: SessionUser, id: string) {
      const user = await loadInScope(actor, id);
      if (user.status !== 'active') throw new ValidationError('ux.admin.linkDisabled');
      return user;
    },

    async update(actor: SessionUser, id: string, input: AdminUpdateInput): Promise<void> {
      const user = await loadInScope(actor, id);
      if (String(user._id) === actor.id && (input.status === 'disabled' || input.role !== 'admin')) throw new ValidationError('accounts.admin.notSelf');
      const scope = input.role === 'admin' ? input.regionScope || null : null;
      if (actor.regionScope !== null) {
        // a regional admin cannot create admins nor touch admins
        if (input.role === 'admin' || user.role === 'admin') throw new ForbiddenError('accounts.admin.regionalLimit');
        // a coordinator publishes and retires courses nationally: only a national admin grants or removes that
        if (input.role !== user.role && (input.role === 'coordinator' || user.role === 'coordinator')) throw new ForbiddenError('ux.admin.coordinatorNational');
      }
      if (scope !== null && scope !== user.region && actor.regionScope !== null) throw new ForbiddenError('accounts.admin.regionalLimit');
      const updated = await users.update(user._id, { role: input.role, regionScope: scope, status: input.status }, { region: user.region });
      if (!updated) throw new NotFoundError('errors.notFound');
      if (input.status === 'disabled') {
        await tokens.revokeAll(user._id);
        await endSessionsOf(db, String(user._id));
      }
    },
  };
}

export type AdminUsersService = ReturnType<typeof adminUsersService>;
