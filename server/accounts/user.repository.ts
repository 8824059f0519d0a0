import { Types, type Connection } from 'mongoose';
import { ConflictError } from '../errors.ts';
import { userModel, type UserDoc } from './user.model.ts';
import { loginKeys, type LoginKeys } from './login-keys.ts';
import { sessionUserFields } from './session-user.ts';
import { stamps, userStamp } from '../db/stamps.ts';
import { documentById } from '../db/connection.ts';
import { isFerretdb } from '../db/engine.ts';
import { userIndexOf, type ListedUser } from './user-index.ts';
import { changesPerson, peopleChanged } from './people-changes.ts';

export type NewUser = Pick<UserDoc, 'iin' | 'email' | 'surname' | 'givenName' | 'patronymic' | 'region' | 'district' | 'school' | 'position' | 'role' | 'regionScope' | 'lang'> & {
  passwordHash: string | null;
};

export interface UserFilter {
  /** an admin's region, or null for national scope */
  scope: string | null;
  role?: string;
  region?: string;
  status?: string;
  q?: string;
}

export function searchTextOf(u: Pick<UserDoc, 'surname' | 'givenName' | 'patronymic' | 'email'>): string {
  return `${u.surname} ${u.givenName} ${u.patronymic ?? ''} ${u.email}`.toLowerCase().normalize('NFC');
}

/** Whether a user holds each of these values (a guard, or the list's filters), by plain equality. */
function holds(user: object, fields: Record<string, unknown>): boolean {
  return Object.entries(fields).every(([field, value]) => (user as Record<string, unknown>)[field] === value);
}

function duplicateField(err: unknown): string | undefined {
  const e = err as { code?: number; keyPattern?: Record<string, unknown>; message?: string };
  if (e.code !== 11000) return undefined;
  if (e.keyPattern) return Object.keys(e.keyPattern)[0];
  return /iin/.test(e.message ?? '') ? 'iin' : 'email';
}

export function userRepository(db: Connection, keys: LoginKeys = loginKeys(db)) {
  const Users = userModel(db);
  const changes = stamps(db);
  const sessionUser = documentById<UserDoc>(db, Users.collection.collectionName);
  const index = userIndexOf(db);
  return {
    /**
     * The fields a signed-in request needs (session-user.ts), by _id, straight through the driver:
     * this runs on every signed-in request, and Mongoose's query building cost more than the read
     * (docs/performance.md). Null for an id that is not an ObjectId.
     */
    findSessionUser(id: string): Promise<Pick<UserDoc, '_id' | keyof typeof sessionUserFields> | null> {
      if (!/^[0-9a-f]{24}$/.test(id)) return Promise.resolve(null);
      return sessionUser(new Types.ObjectId(id), sessionUserFields);
    },

    async findById(id: string | Types.ObjectId): Promise<UserDoc | null> {
      if (typeof id === 'string' && !/^[0-9a-f]{24}$/.test(id)) return null;
      return Users.findById(id).lean<UserDoc>();
    },
    /** The user with this IIN or email, found by its login key (login-keys.ts). */
    async findByLogin(login: string): Promise<UserDoc | null> {
      const value = login.trim();
      return /^[0-9]{12}$/.test(value) ? keys.find('iin', value) : keys.find('email', value.toLowerCase());
    },
    async findByEmail(email: string): Promise<UserDoc | null> {
      return keys.find('email', email.trim().toLowerCase());
    },
    async create(user: NewUser): Promise<UserDoc> {
      const _id = new Types.ObjectId();
      const email = user.email.trim().toLowerCase();
      try {
        await keys.claimBoth({ iin: user.iin, email }, _id);
        const doc = (await Users.create({ ...user, _id, searchText: searchTextOf(user) })).toObject() as UserDoc;
        await index.written(doc);
        await peopleChanged(db, { ids: [String(_id)], created: true, docs: [doc] });
        return doc;
      } catch (err) {
        const field = duplicateField(err);
        if (!field) throw err;
        // every value that is taken, not only the one the insert met first (FerretDB's duplicate-key
        // error does not even name it): an admin mends the form once
        const [iinOwner, emailOwner] = await Promise.all([keys.find('iin', user.iin), keys.find('email', email)]);
        const taken = [...(iinOwner && !iinOwner._id.equals(_id) ? ['iin'] : []), ...(emailOwner && !emailOwner._id.equals(_id) ? ['email'] : [])];
        const fields = taken.length ? taken : [field];
        throw new ConflictError(`accounts.duplicate.${fields[0]}`, fields.map((f) => ({ field: f, message: `accounts.duplicate.${f}` })));
      }
    },
    async update(id: Types.ObjectId | string, fields: Partial<UserDoc>, guard: Record<string, unknown> = {}): Promise<UserDoc | null> {
      const set: Record<string, unknown> = { ...fields };
      // The user is read by _id and the guard checked here: FerretDB decodes every user for any
      // other filter (seconds at 17,000). The update keeps the guard in its filter only on MongoDB,
      // where it decides a race atomically; FerretDB 1.x does not run conditional updates atomically.
      const current = await Users.findById(id).lean<UserDoc>();
      if (!current || !holds(current, guard)) return null;
      const filter = (await isFerretdb(db)) ? { _id: current._id } : { _id: current._id, ...guard };
      if ('surname' in fields || 'givenName' in fields || 'patronymic' in fields || 'email' in fields) set.searchText = searchTextOf({ ...current, ...fields });
      if (typeof fields.email === 'string') set.email = fields.email.trim().toLowerCase();
      // a new IIN or email gets its key before the user holds it, the old one loses it after
      const changed = (['iin', 'email'] as const).filter((k) => typeof set[k] === 'string' && set[k] !== current[k]);
      for (const k of changed) await keys.claim(k, set[k] as string, current._id);
      try {
        const updated = await Users.findOneAndUpdate(filter, { $set: set }, { new: true }).lean<UserDoc>();
        // every server remembering this user's session fields reads them again (db/remembered.ts)
        if (updated) await Promise.all([changes.change(userStamp(String(current._id))), index.written(updated)]);
        for (const k of changed) if (updated && updated[k] !== current[k]) await keys.release(k, current[k], current._id);
        if (updated && changesPerson(current, updated)) await peopleChanged(db, { ids: [String(current._id)], created: false });
        return updated;
      } catch (err) {
        const field = duplicateField(err);
        if (field) throw new ConflictError(`accounts.duplicate.${field}`, [{ field, message: `accounts.duplicate.${field}` }]);
        throw err;
      }
    },
    async list(filter: UserFilter, page: number, pageSize: number): Promise<{ users: ListedUser[]; total: number }> {
      const query: Record<string, unknown> = {};
      if (filter.scope) query.region = filter.scope;
      else if (filter.region) query.region = filter.region;
      if (filter.scope && filter.region && filter.region !== filter.scope) return { users: [], total: 0 };
      if (filter.role) query.role = filter.role;
      if (filter.status) query.status = filter.status;
      const q = filter.q?.trim().toLowerCase().normalize('NFC');
      if (q && /^[0-9]{12}$/.test(q)) {
        // An IIN names one account: it is found by its login key, by _id, and the other filters are
        // checked here. FerretDB answers any other filter by decoding every user (seconds at 17,000).
        const user = await keys.find('iin', q);
        const matches = user !== null && holds(user, query);
        return { users: matches && page === 1 ? [user] : [], total: matches ? 1 : 0 };
      }
      // everything else is filtered in memory (user-index.ts): the filters are plain equalities and
      // the search a substring of the lower-cased names and email, as the query was
      const matching = await index.matching(JSON.stringify([query, q ?? '']), (u) => holds(u, query) && (!q || (u.searchText ?? '').includes(q)));
      return { users: matching.slice((page - 1) * pageSize, page * pageSize), total: matching.length };
    },
    async count(): Promise<number> {
      return Users.countDocuments({});
    },
    model: Users,
  };
}

export type UserRepository = ReturnType<typeof userRepository>;
