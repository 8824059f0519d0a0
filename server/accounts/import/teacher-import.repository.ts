// Bulk reads and writes of teachers for an import. Creating is one insertMany per chunk, guarded by
// the unique indexes on iin and email (no transactions on FerretDB; each insert is atomic on its
// own). Updating is by _id, for changed rows only. Why not upserts by IIN: on FerretDB 1.x a filter
// other than `{ _id }` decodes the whole collection, so 2,000 upserts took 209 s in a measurement.
import mongoose, { Types, type Connection } from 'mongoose';
import { MongoBulkWriteError } from 'mongodb';
import { slices, UPDATE_BATCH } from '../../db/batches.ts';
import { writeErrorsOf } from '../../db/claim.ts';
import { stamps, userStamp } from '../../db/stamps.ts';
import { isFerretdb } from '../../db/engine.ts';
import { userModel, type UserDoc } from '../user.model.ts';
import { loginKeys, type LoginKeys } from '../login-keys.ts';
import { searchTextOf } from '../user.repository.ts';
import { userIndexOf } from '../user-index.ts';
import { PERSON_FIELDS, peopleChanged } from '../people-changes.ts';
import { existingUserFields, type ExistingUser, type TeacherUpdate } from './import-plan.ts';
import type { ImportRow, RowProblem } from './import-rows.ts';

const { trusted } = mongoose;
const LOOKUP_BATCH = 1_000;
/** teachers per insertMany (updates go UPDATE_BATCH at a time: db/batches.ts) */
const WRITE_BATCH = 1_000;
const projection = { ...Object.fromEntries(existingUserFields.map((f) => [f, 1])), passwordHash: 1 };

/** Whether someone signs in to the account, without keeping its hash. */
function withoutHash(user: ExistingUser & { passwordHash?: string | null }): ExistingUser {
  const { passwordHash, ...rest } = user;
  return { ...rest, hasPassword: Boolean(passwordHash) };
}

export interface CreatedTeacher {
  row: ImportRow;
  id: Types.ObjectId;
}

function writeProblems(err: unknown, rowOf: (index: number) => ImportRow): RowProblem[] {
  if (!(err instanceof MongoBulkWriteError)) throw err;
  return writeErrorsOf(err).map((e) => {
    const text = `${e.errmsg ?? ''} ${JSON.stringify((e.err as { keyPattern?: unknown } | undefined)?.keyPattern ?? {})}`;
    // FerretDB does not name the index in a duplicate-key error; MongoDB does
    const message = e.code !== 11000 ? 'import.errors.writeFailed' : /iin/.test(text) ? 'accounts.duplicate.iin' : /email/.test(text) ? 'accounts.duplicate.email' : 'import.errors.takenMeanwhile';
    return { row: rowOf(e.index).row, field: /email/.test(message) ? 'email' : 'iin', message };
  });
}

export function teacherImportRepository(db: Connection, keys: LoginKeys = loginKeys(db)) {
  const Users = userModel(db);
  const listed = userIndexOf(db);
  const changes = stamps(db);
  return {
    /** Users holding any of these IINs or emails. */
    async findExisting(iins: readonly string[], emails: readonly string[]): Promise<ExistingUser[]> {
      if (iins.length === 0 && emails.length === 0) return [];
      if (await isFerretdb(db)) {
        // One pass over the collection beats any `$in`, which FerretDB evaluates document by document.
        // Batches of 1,000: each batch is decoded at once, and 5,000 held other requests longer.
        const wantIins = new Set(iins);
        const wantEmails = new Set(emails);
        const found: ExistingUser[] = [];
        for await (const user of Users.find({}, projection).lean<ExistingUser>().cursor({ batchSize: 1_000 })) {
          if (wantIins.has(user.iin) || wantEmails.has(user.email)) found.push(withoutHash(user));
        }
        return found;
      }
      const found: ExistingUser[] = [];
      for (let i = 0; i < Math.max(iins.length, emails.length); i += LOOKUP_BATCH) {
        const filter = { $or: [{ iin: trusted({ $in: iins.slice(i, i + LOOKUP_BATCH) }) }, { email: trusted({ $in: emails.slice(i, i + LOOKUP_BATCH) }) }] };
        found.push(...(await Users.find(filter, projection).lean<ExistingUser[]>()).map(withoutHash));
      }
      return found;
    },

    /** Creates teachers without a password; rows whose IIN or email was taken meanwhile come back as problems. */
    async insertTeachers(rows: readonly ImportRow[], now: Date, onChunk?: (created: CreatedTeacher[]) => Promise<void>): Promise<{ created: CreatedTeacher[]; problems: RowProblem[] }> {
      const created: CreatedTeacher[] = [];
      const problems: RowProblem[] = [];
      for (let i = 0; i < rows.length; i += WRITE_BATCH) {
        const chunk = rows.slice(i, i + WRITE_BATCH);
        const docs = chunk.map((row) => ({
          _id: new Types.ObjectId(),
          iin: row.iin,
          email: row.email,
          surname: row.surname,
          givenName: row.givenName,
          patronymic: row.patronymic ?? '',
          region: row.region,
          district: row.district ?? '',
          school: row.school ?? '',
          position: row.position ?? '',
          role: 'teacher',
          regionScope: null,
          lang: row.lang ?? 'kk',
          status: 'active',
          passwordHash: null,
          passwordChangedAt: null,
          searchText: searchTextOf({ ...row, patronymic: row.patronymic ?? '' }),
          createdAt: now,
          updatedAt: now,
        }));
        let failed: RowProblem[] = [];
        try {
          // login keys first (login-keys.ts): a stored teacher can always be found to sign in
          await keys.claimMany(docs);
          await Users.collection.insertMany(docs, { ordered: false });
        } catch (err) {
          failed = writeProblems(err, (index) => chunk[index]!);
        }
        // the admin's user list on every server loads again (user-index.ts)
        await listed.changed();
        const failedRows = new Set(failed.map((p) => p.row));
        const done = chunk.flatMap((row, j) => (failedRows.has(row.row) ? [] : [{ row, id: docs[j]!._id }]));
        created.push(...done);
        problems.push(...failed);
        const written = new Set(done.map((d) => String(d.id)));
        await peopleChanged(db, { ids: [...written], created: true, docs: (docs as unknown as UserDoc[]).filter((d) => written.has(String(d._id))) });
        await onChunk?.(done);
      }
      return { created, problems };
    },

    /** Applies each changed row's fields; never touches role, scope, status or password. */
    async updateTeachers(updates: readonly TeacherUpdate[], now: Date): Promise<{ updated: number; problems: RowProblem[] }> {
      let updated = 0;
      const problems: RowProblem[] = [];
      for (const chunk of slices(updates, UPDATE_BATCH)) {
        for (const u of chunk) if (u.set.email) await keys.claim('email', u.set.email, u.id);
        const ops = chunk.map((u) => ({ updateOne: { filter: { _id: u.id }, update: { $set: { ...u.set, updatedAt: now } } } }));
        try {
          updated += (await Users.collection.bulkWrite(ops, { ordered: false })).modifiedCount;
        } catch (err) {
          const failed = writeProblems(err, (index) => chunk[index]!.row);
          problems.push(...failed);
          updated += chunk.length - failed.length;
        }
        // a server remembering one of these teachers (a name, a region) reads them again, and the
        // admin's user list is loaded again
        await Promise.all([...chunk.map((u) => changes.change(userStamp(String(u.id)))), listed.changed()]);
        const moved = chunk.filter((u) => PERSON_FIELDS.some((f) => f in u.set));
        await peopleChanged(db, { ids: moved.map((u) => String(u.id)), created: false });
      }
      return { updated, problems };
    },
  };
}

export type TeacherImportRepository = ReturnType<typeof teacherImportRepository>;
