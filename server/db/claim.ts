// The house's concurrency rule. On FerretDB 1.x a conditional update is not atomic when requests
// race, but an insert under a unique index is: exactly one racer wins. So every race is decided by
// inserting a document under a derived `_id` (or another unique key) and reading who won.
import { MongoBulkWriteError, type Collection, type Document } from 'mongodb';
import type { Model } from 'mongoose';
import { insertGroupOf, isDuplicateKey } from './insert-group.ts';

export { isDuplicateKey };

/** The write errors a bulk write failed with, one or many. */
export const writeErrorsOf = (err: MongoBulkWriteError) => (Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors]);

/** The indexes of the documents an unordered bulk write lost on a duplicate key; any other failure is thrown again. */
function lostRaces(err: unknown): number[] {
  if (!(err instanceof MongoBulkWriteError)) throw err;
  const failed = writeErrorsOf(err);
  if (failed.some((e) => !isDuplicateKey(e))) throw err;
  return failed.map((e) => e.index);
}

/**
 * Inserts `doc` once. Resolves true when this call inserted it, false when a document with the
 * same unique key was there already (someone else won the race); rethrows any other error.
 * Inserts into one collection that arrive together go in one command (insert-group.ts).
 */
export function insertOnce<T>(model: Model<T>, doc: Partial<T> & Record<string, unknown>): Promise<boolean> {
  return insertGroupOf(model.collection).insert(doc);
}

/**
 * Inserts every document not stored yet (unordered, so one duplicate stops nothing) and returns
 * those that were: a duplicate `_id` or unique key is a document an earlier run, or a racer, stored.
 */
export async function insertNew<T extends object>(model: Pick<Model<never>, 'collection'>, docs: readonly T[]): Promise<T[]> {
  if (!docs.length) return [];
  try {
    await model.collection.insertMany(docs as never[], { ordered: false });
    return [];
  } catch (err) {
    return lostRaces(err).map((i) => docs[i]!);
  }
}

/** Inserts every document not stored yet and returns how many were new (`insertNew`). */
export async function insertManyOnce(model: Pick<Model<never>, 'collection'>, docs: readonly object[]): Promise<number> {
  return docs.length - (await insertNew(model, docs)).length;
}

/**
 * Runs an upsert, and runs it once more if it lost the race to create its document: two first
 * writes of one `_id` both find nothing and both insert, and the loser's insert fails on the
 * duplicate key (on MongoDB as on FerretDB). The document exists then, so the second run lands as
 * an update, as it would have had the two come one after the other.
 */
export async function upserted<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return write();
  }
}

/**
 * Replaces each document by `_id`, inserting those not stored yet (unordered); a replacement that
 * lost the race to create its document is sent again, as `upserted` does for one.
 */
export async function replaceAllById(collection: Pick<Collection, 'bulkWrite'>, docs: readonly Document[]): Promise<void> {
  const replace = (some: readonly Document[]) => collection.bulkWrite(some.map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } })), { ordered: false });
  if (!docs.length) return;
  try {
    await replace(docs);
  } catch (err) {
    await replace(lostRaces(err).map((i) => docs[i]!));
  }
}
