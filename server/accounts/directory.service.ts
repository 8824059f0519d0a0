// The accounts feature's public read face: who people are, for features that show or count them
// (certificates, standings, rosters). Other features read people only through this service, never
// through the user model or repository.
import type { Connection } from 'mongoose';
import { userRepository } from './user.repository.ts';
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

function toPerson(u: UserDoc): Person {
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

export function directoryService(db: Connection) {
  const users = userRepository(db);
  return {
    /** One person by id (read by _id), or null. */
    async person(id: string): Promise<Person | null> {
      const user = await users.findById(id);
      return user ? toPerson(user) : null;
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

