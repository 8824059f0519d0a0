// The house's concurrency rule. On FerretDB 1.x a conditional update is not atomic when requests
// race, but an insert under a unique index is: exactly one racer wins. So every race is decided by
// inserting a document under a derived `_id` (or another unique key) and reading who won.
import { MongoBulkWriteError } from 'mongodb';
import type { Model } from 'mongoose';
import { insertGroupOf, isDuplicateKey } from './insert-group.ts';

export { isDuplicateKey };

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
 * how many were new: a duplicate `_id` or unique key is a document an earlier run stored.
 */
export async function insertManyOnce(model: Pick<Model<never>, 'collection'>, docs: readonly object[]): Promise<number> {
  if (!docs.length) return 0;
  try {
    await model.collection.insertMany(docs as never[], { ordered: false });
    return docs.length;
  } catch (err) {
    if (!(err instanceof MongoBulkWriteError)) throw err;
    const failed = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
    if (failed.some((e) => !isDuplicateKey(e))) throw err;
    return docs.length - failed.length;
  }
}
