// What one server remembers of a signed-in user: the fields every request needs (role, scope,
// status: accounts' session user) and their own learning documents (enrolments, lesson progress,
// completions, finished attempts), so that a page costs one read of the user's stamp instead of a
// read of the user and one per course, lesson and quiz (docs/performance.md).
//
// Freshness across servers: every write to those documents changes the user's stamp after it lands
// (db/stamps.ts), and a request trusts remembered documents only if the stamp it reads, once, is the
// one they were read under. The session middleware (a session read before) or `signedIn` opens a scope
// for the session's user before the user is read;
// reads of any other user's documents (an admin's view, a sweep, a report) go straight to the
// database. Features hold the one instance app.ts builds: accounts for the session user, learning
// for its repositories.
import { AsyncLocalStorage } from 'node:async_hooks';
import { CATALOG_STAMP, userStamp, type Stamps } from './stamps.ts';

/** At most this many learners are remembered per server; the least recently seen is forgotten. */
const LIMIT = 5_000;
/** A crash between a write and its stamp change would leave a server trusting old documents: not for longer than this. */
const MAX_AGE_MS = 60_000;
/**
 * Each entry is trusted for a random part of the last quarter of MAX_AGE_MS less: a school that
 * signs in at the bell would otherwise read everything again in the same second a minute later.
 */
const maxAge = () => MAX_AGE_MS * (0.75 + Math.random() * 0.25);

interface Entry {
  token: string;
  readAt: number;
  /** how long the entry is trusted (MAX_AGE_MS at most) */
  maxAge: number;
  docs: Map<string, Promise<unknown>>;
  /** set when this server wrote, or lost a race to write: requests holding the entry read afresh */
  stale?: boolean;
}

interface Scope {
  userId: string;
  /** when the request opened its scope, on the order of `sequence` below */
  arrived: number;
  /** by subject: each subject's stamp is read at most once per request */
  entries: Map<string, Promise<Entry>>;
}


export interface LearnerCache {
  /** Runs `work` (the rest of a request) with reads of this learner's documents remembered. */
  scope(userId: string, work: () => void): void;
  /**
   * Runs `work` with reads of another person's documents remembered under their stamp (one stamp
   * read for all of them): a visitor checking a certificate reads its holder's. Within the user's
   * own scope, it runs in that scope.
   */
  within<T>(userId: string, work: () => Promise<T>): Promise<T>;
  /** The document under `key` of `userId`, remembered within the scope; `keep` says whether a result may be remembered. */
  read<T>(userId: string, key: string, load: () => Promise<T>, keep?: (doc: T) => boolean): Promise<T>;
  /** A catalogue-wide read under `key`, remembered while the catalogue's stamp is unchanged. */
  readCatalog<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Announces a write to the learner's documents; call it after the write landed. */
  changed(userId: string): Promise<void>;
  /** Forgets what this server remembers of the learner: a racing write elsewhere won, so the next reads go to the database. */
  forget(userId: string): void;
}

const subject = userStamp;

export function learnerCache(stamps: Stamps, now: () => number = Date.now): LearnerCache {
  const storage = new AsyncLocalStorage<Scope>();
  const entries = new Map<string, Entry>();
  // Requests share a stamp read that was sent after they arrived: it sees every write
  // acknowledged before they arrived, as a read of their own would. A school at the bell reads the
  // catalogue's stamp once per round of requests, not once per request. `sequence` orders arrivals
  // and reads sent; `reading` holds each subject's last read sent, while it is in flight.
  let sequence = 0;
  const reading = new Map<string, { sent: number; token: Promise<string> }>();

  function tokenOf(name: string, arrived: number): Promise<string> {
    const last = reading.get(name);
    if (last && last.sent > arrived) return last.token;
    const read = { sent: ++sequence, token: stamps.read(name) };
    reading.set(name, read);
    const done = () => {
      if (reading.get(name) === read) reading.delete(name);
    };
    read.token.then(done, done);
    return read.token;
  }

  async function fresh(name: string, arrived: number): Promise<Entry> {
    const token = await tokenOf(name, arrived);
    const known = entries.get(name);
    entries.delete(name); // re-inserted below: the map's order is least recently seen first
    const entry = known && known.token === token && now() - known.readAt < known.maxAge ? known : { token, readAt: now(), maxAge: maxAge(), docs: new Map() };
    entries.set(name, entry);
    if (entries.size > LIMIT) entries.delete(entries.keys().next().value!);
    return entry;
  }

  /** Every request of this server, this one included, reads the learner's documents afresh. */
  function forget(userId: string): void {
    const name = subject(userId);
    const known = entries.get(name);
    if (known) known.stale = true;
    entries.delete(name);
    reading.delete(name); // a read sent before this server's write is shared no more
    storage.getStore()?.entries.delete(name);
  }

  async function remembered<T>(scope: Scope, name: string, key: string, load: () => Promise<T>, keep: (doc: T) => boolean): Promise<T> {
    let pending = scope.entries.get(name);
    if (!pending) {
      pending = fresh(name, scope.arrived);
      scope.entries.set(name, pending);
    }
    const entry = await pending;
    if (entry.stale) {
      scope.entries.delete(name);
      return remembered(scope, name, key, load, keep);
    }
    const known = entry.docs.get(key) as Promise<T> | undefined;
    if (known) return known;
    // a Mongoose query is a thenable that runs again on every `then`: make it one promise
    const loading = Promise.resolve(load());
    entry.docs.set(key, loading);
    loading.then(
      (doc) => (keep(doc) ? undefined : entry.docs.delete(key)),
      () => entry.docs.delete(key),
    );
    return loading;
  }

  return {
    scope(userId, work) {
      // one scope per request: a router opening it again for the same user keeps the stamp read
      if (storage.getStore()?.userId === userId) return work();
      storage.run({ userId, arrived: ++sequence, entries: new Map() }, work);
    },

    within(userId, work) {
      if (storage.getStore()?.userId === userId) return work();
      return storage.run({ userId, arrived: ++sequence, entries: new Map() }, work);
    },

    read<T>(userId: string, key: string, load: () => Promise<T>, keep: (doc: T) => boolean = () => true): Promise<T> {
      const scope = storage.getStore();
      return scope?.userId === userId ? remembered(scope, subject(userId), key, load, keep) : load();
    },

    readCatalog<T>(key: string, load: () => Promise<T>): Promise<T> {
      const scope = storage.getStore();
      return scope ? remembered(scope, CATALOG_STAMP, key, load, () => true) : load();
    },

    async changed(userId) {
      forget(userId);
      await stamps.change(subject(userId));
    },

    forget,
  };
}

/** For repositories built without a cache (the command line, tests of one repository). */
export const noLearnerCache: LearnerCache = {
  scope: (_userId, work) => work(),
  within: (_userId, work) => work(),
  read: (_userId, _key, load) => load(),
  readCatalog: (_key, load) => load(),
  changed: async () => undefined,
  forget: () => undefined,
};
