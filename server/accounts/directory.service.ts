// The accounts feature's public read face: who people are, for features that show or count them
// (certificates, standings, rosters). Other features read people only through this service, never
// through the user model or repository.
import type { Connection, Types } from 'mongoose';
import { insertManyOnce } from '../db/claim.ts';
import { noLearnerCache, type LearnerCache } from '../db/remembered.ts';
import { searchTextOf } from './user.repository.ts';
import { userIndexOf } from './user-index.ts';
import { accountsRepositories, type AccountsRepositories } from './accounts.repository.ts';
import { onPeopleChanged, type PeopleChange } from './people-changes.ts';
import type { UserDoc } from './user.model.ts';

/** A person as other features may see them. The IIN is included for rosters shown to admins in scope only. */
export interface Person {
  id: string;
  surname: string;
  givenName: string;
  patronymic: string;
  fullName: string;
  email: string;
  iin: string;
  role: 'teacher' | 'coordinator' | 'admin';
  status: 'active' | 'disabled';
  region: string;
  district: string;
  school: string;
  position: string;
  lang: 'kk' | 'ru' | 'en';
}

export function fullNameOf(u: { surname: string; givenName: string; patronymic?: string | null }): string {
  return [u.surname, u.givenName, u.patronymic ?? ''].filter(Boolean).join(' ');
}

export function toPerson(u: UserDoc): Person {
  return {
    id: String(u._id),
    surname: u.surname,
    givenName: u.givenName,
    patronymic: u.patronymic ?? '',
    fullName: fullNameOf(u),
    email: u.email,
    iin: u.iin,
    role: u.role as Person['role'],
    status: u.status as Person['status'],
    region: u.region,
    district: u.district ?? '',
    school: u.school ?? '',
    position: u.position ?? '',
    lang: (u.lang ?? 'kk') as Person['lang'],
  };
}

export interface TeacherScope {
  /** a region code, or null for every region */
  region: string | null;
}

/** A teacher to add in bulk with a chosen id (demo data): no password, so they cannot sign in until reset. */
export interface NewTeacher {
  _id: Types.ObjectId;
  iin: string;
  email: string;
  surname: string;
  givenName: string;
  patronymic: string;
  region: string;
  district: string;
  school: string;
  position: string;
  lang: 'kk' | 'ru';
}

export function directoryService(db: Connection, repos: AccountsRepositories = accountsRepositories(db), remembered: LearnerCache = noLearnerCache) {
  const { users, keys } = repos;
  return {
    /**
     * Adds teachers in one insertMany, login keys first (login-keys.ts); a teacher whose id, IIN or
     * email is stored already is left as it is, so running it again adds nothing. Returns how many were added.
     */
    async addTeachers(teachers: readonly NewTeacher[], now: Date): Promise<number> {
      if (!teachers.length) return 0;
      const docs = teachers.map((t) => ({ ...t, role: 'teacher', regionScope: null, status: 'active', passwordHash: null, passwordChangedAt: null, searchText: searchTextOf(t), createdAt: now, updatedAt: now }));
      await keys.claimMany(docs);
      const inserted = await insertManyOnce(users.model, docs);
      // the admin's user list on every server loads again (user-index.ts)
      await userIndexOf(db).changed();
      return inserted;
    },
    /**
     * One person by id (read by _id), or null. A signed-in user's own person is remembered under
     * their stamp, which every write of a user changes (db/remembered.ts): their transcript reads it.
     */
    async person(id: string): Promise<Person | null> {
      return remembered.read(
        id,
        'person',
        async () => {
          const user = await users.findById(id);
          return user ? toPerson(user) : null;
        },
        (person) => person !== null,
      );
    },
    /** Calls `listener` after every write that creates people or changes who they are (people-changes.ts); returns how to stop. */
    onChanged(listener: (change: Omit<PeopleChange, 'docs'> & { people?: readonly Person[] }) => Promise<void>): () => void {
      return onPeopleChanged(db, ({ docs, ...change }) => listener({ ...change, ...(docs ? { people: docs.map(toPerson) } : {}) }));
    },
    /** People by id, each read by _id; unknown ids are left out. */
    async people(ids: readonly string[]): Promise<Map<string, Person>> {
      const found = await Promise.all([...new Set(ids)].map((id) => users.findById(id)));
      return new Map(found.filter((u): u is UserDoc => u !== null).map((u) => [String(u._id), toPerson(u)]));
    },
    /**
     * Every teacher in a scope, streamed in _id order (one scan: FerretDB pushes no other filter down).
     * For bulk work such as rebuilding standings or exporting rosters.
     */
    async *teachers(scope: TeacherScope): AsyncGenerator<Person> {
      const filter = { role: 'teacher', ...(scope.region ? { region: scope.region } : {}) };
      const cursor = users.model.find(filter).sort({ _id: 1 }).lean<UserDoc[]>().cursor({ batchSize: 1000 }) as AsyncIterable<UserDoc>;
      for await (const u of cursor) yield toPerson(u);
    },
  };
}

export type DirectoryService = ReturnType<typeof directoryService>;

