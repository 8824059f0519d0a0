// Other features keep what they derive from a person: each teacher's standing carries their name,
// IIN and place, which the roster, the dashboard and the exports show, filter and scope by (a
// regional admin sees the teachers whose region is theirs there). Every write of users tells them,
// after it has landed and before it is answered, which people it created or changed.
import type { Connection } from 'mongoose';
import { perConnection } from '../db/kept.ts';
import type { UserDoc } from './user.model.ts';

/** The fields others derive from: a write of none of them (a password, a status, a language) tells no one. */
export const PERSON_FIELDS = ['surname', 'givenName', 'patronymic', 'iin', 'region', 'district', 'school', 'position', 'role'] as const;

export interface PeopleChange {
  ids: readonly string[];
  /** new accounts: nothing of their learning exists yet */
  created: boolean;
  /** the new accounts as written, so that a listener need not read them again (20,000 from an import) */
  docs?: readonly UserDoc[];
}

export type PeopleListener = (change: PeopleChange) => Promise<void>;

const listenersOf = perConnection(() => new Set<PeopleListener>());

/** Listens to every write of people on this connection, in this process; returns how to stop. */
export function onPeopleChanged(db: Connection, listener: PeopleListener): () => void {
  const listeners = listenersOf(db);
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Tells every listener, in turn. */
export async function peopleChanged(db: Connection, change: PeopleChange): Promise<void> {
  if (change.ids.length === 0) return;
  for (const listener of listenersOf(db)) await listener(change);
}

/** Whether a write of `fields` changed what others derive from the person. */
export function changesPerson(before: object, after: object): boolean {
  return PERSON_FIELDS.some((f) => (before as Record<string, unknown>)[f] !== (after as Record<string, unknown>)[f]);
}
