// Group commit for the inserts that decide races (claim.ts). When a crowd saves at once (a school's
// quiz, every answer a claimed log entry), each insert was its own command: the driver's work to
// build, send and read it, and the database's to parse it and commit one transaction. Here an insert
// that arrives while another of the same collection is in flight waits for it, and those that
// waited go together in the next command, unordered, so that each document still wins or loses its
// own race. Nothing waits on a timer: a lone insert is sent at once, as before. Each caller is
// answered only after the command holding its document is acknowledged, so an answer the server
// said it saved is as durable as it was.
import { MongoBulkWriteError, MongoServerError, type Document } from 'mongodb';

/** What is needed of a collection: the driver's, or Mongoose's wrapper of it. */
interface Insertable {
  insertMany(docs: Document[], options: { ordered: false }): Promise<unknown>;
}

interface Waiting {
  doc: Document;
  settle(inserted: boolean): void;
  fail(err: unknown): void;
}

/** Documents per command: far under the server's message size for the small documents claimed. */
const MAX_BATCH = 200;

/**
 * A command still unanswered after this long no longer holds the next ones back: a connection
 * stuck on a database that froze must not stop every later save, which single inserts, each on a
 * connection of its own, did not. Its callers still wait for its own answer.
 */
const STALL_MS = 2_000;

/** True for MongoDB's (and FerretDB's) duplicate-key error, E11000. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

/**
 * One collection's inserts: one command in flight at a time (unless it stalls), as FerretDB's
 * SQLite commits one transaction at a time anyway, and on MongoDB a command of many documents
 * costs about one of one.
 */
export class InsertGroup {
  private waiting: Waiting[] = [];
  private sending = false;

  constructor(
    private readonly collection: Insertable,
    private readonly stallMs = STALL_MS,
  ) {}

  /** Resolves true when `doc` was inserted, false when its unique key was taken; rejects on any other error. */
  insert(doc: Document): Promise<boolean> {
    return new Promise((settle, fail) => {
      this.waiting.push({ doc, settle, fail });
      this.send();
    });
  }

  private send(): void {
    if (this.sending || !this.waiting.length) return;
    this.sending = true;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(stalled);
      this.sending = false;
      this.send();
    };
    const stalled = setTimeout(release, this.stallMs);
    stalled.unref();
    void this.write(this.waiting.splice(0, MAX_BATCH)).finally(release);
  }

  private async write(batch: Waiting[]): Promise<void> {
    try {
      await this.collection.insertMany(batch.map((w) => w.doc), { ordered: false });
      for (const w of batch) w.settle(true);
    } catch (err) {
      // a write concern error, or no per-document answer at all (the connection dropped): any of
      // them may or may not be stored, as a single insert's would be, so each caller hears of it
      if (!(err instanceof MongoBulkWriteError) || !err.result.hasWriteErrors() || err.result.getWriteConcernError()) {
        for (const w of batch) w.fail(err);
        return;
      }
      const failed = new Map(err.result.getWriteErrors().map((e) => [e.index, e]));
      batch.forEach((w, index) => {
        const error = failed.get(index);
        if (!error) w.settle(true);
        else if (isDuplicateKey(error)) w.settle(false);
        // the database's reason, without the document it carries (a teacher's answers), which the log would show
        else w.fail(new MongoServerError({ message: error.errmsg ?? 'insert refused', errmsg: error.errmsg, code: error.code }));
      });
    }
  }
}

const groups = new WeakMap<object, InsertGroup>();

/** The one group of `collection` in this process. */
export function insertGroupOf(collection: Insertable): InsertGroup {
  let group = groups.get(collection);
  if (!group) groups.set(collection, (group = new InsertGroup(collection)));
  return group;
}
