// The admin's user list, held in memory: every account's listed fields in one array, in the list's
// order, so a page with a filter or a name search is worked out in milliseconds. FerretDB answers
// any filter but `{_id}` by decoding the whole collection: 3 s a page with 17,000 accounts,
// against 22 ms from here (`npm run bench -- user-list`).
//
// Freshness across servers: every write of users changes the stamp `stamps/users` after it lands
// (db/stamps.ts), and each list view reads that stamp by _id. A server applies its own single
// writes in place; another server's write, or a bulk write (an import), makes it load the list
// again, once, on its next view. What it holds is trusted for MAX_AGE_MS at most, so a write whose
// stamp change raced another's is not missed for longer than that.
import type { Connection } from 'mongoose';
import { perConnection } from '../db/kept.ts';
import { alphabetical, insertionIndex } from '../i18n/collation.ts';
import { stamps, type Stamps } from '../db/stamps.ts';
import { userModel, type UserDoc } from './user.model.ts';

/** What the list shows and filters by (no password hash). */
export type ListedUser = Pick<UserDoc, '_id' | 'iin' | 'email' | 'surname' | 'givenName' | 'patronymic' | 'region' | 'school' | 'role' | 'status' | 'regionScope' | 'searchText'>;

const projection = { iin: 1, email: 1, surname: 1, givenName: 1, patronymic: 1, region: 1, school: 1, role: 1, status: 1, regionScope: 1, searchText: 1 } as const;

export const USERS_STAMP = 'users';
const MAX_AGE_MS = 10 * 60_000;

/** The list's order: surname, given name (in the Kazakh alphabet's order), then id. */
function compare(a: ListedUser, b: ListedUser): number {
  const byName = alphabetical(a.surname, b.surname) || alphabetical(a.givenName, b.givenName);
  if (byName) return byName;
  const x = String(a._id);
  const y = String(b._id);
  return x < y ? -1 : x > y ? 1 : 0;
}

function listed(doc: UserDoc): ListedUser {
  const { _id, iin, email, surname, givenName, patronymic, region, school, role, status, regionScope, searchText } = doc;
  return { _id, iin, email, surname, givenName, patronymic, region, school, role, status, regionScope, searchText };
}

/** Filters whose rows are kept per version of the list, the most recently asked for. */
const FILTERS_KEPT = 50;

function userIndex(db: Connection, changes: Stamps) {
  const Users = userModel(db);
  let rows: ListedUser[] = [];
  // the rows each filter kept, for the version of `rows` they were taken from
  let filtered = new Map<string, readonly ListedUser[]>();
  let filteredFrom: readonly ListedUser[] = rows;
  let token: string | null = null;
  let loadedAt = 0;
  let loading: Promise<void> | null = null;

  async function load(): Promise<void> {
    const seen = await changes.read(USERS_STAMP);
    const fresh = await Users.find({}, projection).lean<ListedUser[]>();
    rows = fresh.sort(compare);
    token = seen;
    loadedAt = Date.now();
  }

  const reload = (): Promise<void> =>
    (loading ??= load().finally(() => {
      loading = null;
    }));

  async function current(): Promise<readonly ListedUser[]> {
    const now = await changes.read(USERS_STAMP);
    if (token !== now || Date.now() - loadedAt > MAX_AGE_MS) await reload();
    return rows;
  }

  return {
    /** Every account, in the list's order, as of this moment. */
    rows: current,

    /**
     * The accounts `keep` keeps, in the list's order, worked out once per version of the list for
     * the filter `key` names: an admin paging through a region's teachers filters 17,000 rows
     * once, not on every page. The list is a new array after every write, so a write is never missed.
     */
    async matching(key: string, keep: (row: ListedUser) => boolean): Promise<readonly ListedUser[]> {
      const all = await current();
      if (all !== filteredFrom) {
        filtered = new Map();
        filteredFrom = all;
      }
      let found = filtered.get(key);
      if (found) filtered.delete(key); // put back last below: least recently asked for is forgotten first
      else found = all.filter(keep);
      filtered.set(key, found);
      if (filtered.size > FILTERS_KEPT) filtered.delete(filtered.keys().next().value!);
      return found;
    },

    /** After this server wrote one user: the stamp changes, and the list here takes the write. */
    async written(doc: UserDoc): Promise<void> {
      const before = await changes.read(USERS_STAMP);
      const after = await changes.change(USERS_STAMP);
      // another server wrote since this list was loaded: it is loaded again on its next view
      if (token === null || before !== token) return;
      // the others stay in order: the write goes in its place (a whole sort is 25 ms of 17,000)
      const kept = rows.filter((r) => String(r._id) !== String(doc._id));
      const row = listed(doc);
      kept.splice(insertionIndex(kept, row, compare), 0, row);
      rows = kept;
      token = after;
    },

    /** After a bulk write (an import): the stamp changes, and every server loads the list again. */
    async changed(): Promise<void> {
      await changes.change(USERS_STAMP);
    },
  };
}

export type UserIndex = ReturnType<typeof userIndex>;

/** The one list of a connection's users in this process. */
export const userIndexOf = perConnection((db): UserIndex => userIndex(db, stamps(db)));
