// Every export is written down before its first byte leaves (who, which filters, when, the format)
// and completed with its row count when it ends; national admins read the log at /reports/exports.
// One document per export, inserted under a fresh ObjectId and finished with a set by `_id`.
import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { ModelRegistration } from '../db/models.ts';

export interface ExportAuditDoc {
  _id: Types.ObjectId;
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

export function exportAudit(db: Connection) {
  const Audit = model(db);
  return {
    async start(entry: Omit<ExportAuditDoc, '_id' | 'finishedAt' | 'rows' | 'status'>): Promise<Types.ObjectId> {
      const _id = new Types.ObjectId();
      await Audit.collection.insertOne({ _id, ...entry, finishedAt: null, rows: null, status: 'running' });
      return _id;
    },
    async finish(id: Types.ObjectId, rows: number | null, status: 'done' | 'failed', at: Date): Promise<void> {
      await Audit.updateOne({ _id: id }, { $set: { rows, status, finishedAt: at } });
    },
    /**
     * The newest exports first: `limit` of them, after the newest `skip`. The database sorts and
     * cuts, so a log grown over years is not sent over whole for each view (FerretDB still reads
     * the collection to sort it).
     */
    recent: (limit = 200, skip = 0): Promise<ExportAuditDoc[]> => Audit.find({}).sort({ startedAt: -1, _id: -1 }).skip(skip).limit(limit).lean<ExportAuditDoc[]>().exec(),
  };
}

export type ExportAudit = ReturnType<typeof exportAudit>;
