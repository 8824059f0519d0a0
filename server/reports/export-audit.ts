// Every export is written down before its first byte leaves (who, which filters, when, the format)
// and completed with its row count when it ends; national admins read the log at /reports/exports.
// Entries are numbered in the order the log receives them (`e:1`, `e:2`, …), each number claimed
// by an insert, so a page of the log is read by `_id`: FerretDB sorts any other way by decoding the
// whole collection, 45 ms per thousand entries here, which a log grown over years would cost each
// view. Entries written before the numbering (under ObjectIds) follow the numbered ones, oldest last.
import { LRUCache } from 'lru-cache';
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { insertOnce } from '../db/claim.ts';
import { documentById } from '../db/connection.ts';
import type { ModelRegistration } from '../db/models.ts';

export interface ExportAuditDoc {
  /** `e:<n>`, the log's n-th entry; an ObjectId for an entry written before the log was numbered */
  _id: string | Types.ObjectId;
  actorId: string;
  actorName: string;
  scope: string | null;
  filters: Record<string, string>;
  format: 'csv' | 'xlsx';
  via: 'web' | 'cli';
  startedAt: Date;
  finishedAt: Date | null;
  rows: number | null;
  status: 'running' | 'done' | 'failed';
}

const schema = new Schema(
  {
    _id: Schema.Types.Mixed,
    actorId: String,
    actorName: String,
    scope: { type: String, default: null },
    filters: Schema.Types.Mixed,
    format: String,
    via: String,
    startedAt: Date,
    finishedAt: { type: Date, default: null },
    rows: { type: Number, default: null },
    status: String,
  },
  { collection: 'export_audit', minimize: false },
);

function model(db: Connection): Model<ExportAuditDoc> {
  if (!db.models.ExportAudit) db.model('ExportAudit', schema);
  return db.model('ExportAudit') as Model<ExportAuditDoc>;
}

/** The reports feature's models, for server/database.ts. */
export const reportsModels: readonly ModelRegistration[] = [(db) => void model(db)];

/** The `_id` of the log's n-th entry. */
const numbered = (n: number): string => `e:${n}`;

const newestFirst = (a: ExportAuditDoc, b: ExportAuditDoc): number => b.startedAt.getTime() - a.startedAt.getTime() || String(b._id).localeCompare(String(a._id));

/** Finished entries never change: a server keeps this many of them. */
const KEPT = 2_000;

export function exportAudit(db: Connection) {
  const Audit = model(db);
  const byId = documentById<ExportAuditDoc>(db, Audit.collection.collectionName);
  const kept = new LRUCache<string, ExportAuditDoc>({ max: KEPT });
  // the highest number this server knows to be taken; numbers have no gaps (start() claims the next)
  let head = 0;
  let unnumbered: Promise<ExportAuditDoc[]> | undefined;

  const taken = async (n: number): Promise<boolean> => (await byId(numbered(n), { _id: 1 })) !== null;

  /** The highest number taken: one read when nothing was added since; else doubling, then halving. */
  async function latest(): Promise<number> {
    if (!(await taken(head + 1))) return head;
    let low = head + 1;
    let step = 1;
    while (await taken(low + step)) {
      low += step;
      step *= 2;
    }
    for (let high = low + step; high - low > 1; ) {
      const mid = Math.floor((low + high) / 2);
      if (await taken(mid)) low = mid;
      else high = mid;
    }
    head = Math.max(head, low);
    return head;
  }

  async function entry(n: number): Promise<ExportAuditDoc | null> {
    const id = numbered(n);
    const known = kept.get(id);
    if (known) return known;
    const doc = await byId(id);
    if (doc && doc.status !== 'running') kept.set(id, doc);
    return doc;
  }

  /** Entries written before the numbering, newest first: read once per server, as none is added. */
  function older(): Promise<ExportAuditDoc[]> {
    unnumbered ??= Audit.find({})
      .lean<ExportAuditDoc[]>()
      .exec()
      .then((all) => all.filter((e) => typeof e._id !== 'string').sort(newestFirst))
      .catch((err: unknown) => {
        unnumbered = undefined;
        throw err;
      });
    return unnumbered;
  }

  return {
    /** Writes the entry under the log's next number; returns its _id. */
    async start(fields: Omit<ExportAuditDoc, '_id' | 'finishedAt' | 'rows' | 'status'>): Promise<string> {
      // a number another server took meanwhile is lost to it: the next one is tried
      for (let n = (await latest()) + 1; ; n += 1) {
        const _id = numbered(n);
        if (await insertOnce(Audit, { _id, ...fields, finishedAt: null, rows: null, status: 'running' })) {
          head = Math.max(head, n);
          return _id;
        }
      }
    },
    async finish(id: string | Types.ObjectId, rows: number | null, status: 'done' | 'failed', at: Date): Promise<void> {
      await Audit.collection.updateOne({ _id: id as never }, { $set: { rows, status, finishedAt: at } });
    },
    /** The newest entries first: `limit` of them, after the newest `skip`, each numbered one read by `_id`. */
    async recent(limit = 200, skip = 0): Promise<ExportAuditDoc[]> {
      const top = await latest();
      const numbers: number[] = [];
      for (let n = top - skip; n > 0 && numbers.length < limit; n -= 1) numbers.push(n);
      const entries = (await Promise.all(numbers.map(entry))).filter((e): e is ExportAuditDoc => e !== null);
      if (entries.length >= limit) return entries;
      const from = Math.max(0, skip - top);
      return [...entries, ...(await older()).slice(from, from + limit - entries.length)];
    },
  };
}

export type ExportAudit = ReturnType<typeof exportAudit>;
