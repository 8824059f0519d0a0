// The standards feature's collections. Every read a page makes is by `_id` or one scan of the
// small `standings` projection (FerretDB pushes only `{_id}` filters down to SQLite):
// - `standard_versions`: `_id` = `v<version>`; a version is claimed by its insert, so two uploads
//   of one version number cannot both win;
// - `standings`: `_id` = the teacher's user id; one roster row per teacher, with what it was
//   computed from (completions, due dates), so a new standard version is applied without
//   re-reading completions;
// - `standings_meta`: `_id` = `revision` (changes on every write, so other servers know to reload
//   their roster index) and `applied` (the standard version every standing was computed with).
import { Schema, type Connection, type Model } from 'mongoose';
import type { ModelRegistration } from '../db/models.ts';
import type { StandardDefinition } from './standard.schema.ts';
import type { Standing } from './standing.ts';

export interface StandardVersionDoc {
  _id: string;
  version: number;
  definition: StandardDefinition;
  source: string;
  file: string;
  uploadedBy: string | null;
  uploadedAt: Date;
}

export interface StandingCourse {
  courseId: string;
  title: Record<string, string>;
  version: string;
  standards: string[];
  academicHours: number;
  score: number;
  completedAt: Date;
  /** the serial of the valid certificate of this completion, if one is issued and not revoked */
  certificate?: string | null;
}

export interface StandingDoc {
  _id: string;
  name: string;
  /** lower-case name, for sorting */
  sortName: string;
  iin: string;
  region: string;
  district: string;
  school: string;
  position: string;
  standing: Standing;
  standardVersion: number;
  missing: string[];
  expiresAt: Date | null;
  reviewAt: Date | null;
  completions: StandingCourse[];
  dues: { courseId: string; dueAt: Date }[];
  enrolled: string[];
  lastCompletedAt: Date | null;
  updatedAt: Date;
}

export interface StandingsMetaDoc {
  _id: string;
  rev?: string;
  version?: number;
  at: Date;
}

const mixed = Schema.Types.Mixed;
const standardVersionSchema = new Schema({ _id: String, version: Number, definition: mixed, source: String, file: String, uploadedBy: { type: String, default: null }, uploadedAt: Date }, { collection: 'standard_versions' });
const standingSchema = new Schema(
  {
    _id: String,
    name: String,
    sortName: String,
    iin: String,
    region: String,
    district: String,
    school: String,
    position: String,
    standing: String,
    standardVersion: Number,
    missing: [String],
    expiresAt: { type: Date, default: null },
    reviewAt: { type: Date, default: null },
    completions: [mixed],
    dues: [mixed],
    enrolled: [String],
    lastCompletedAt: { type: Date, default: null },
    updatedAt: Date,
  },
  { collection: 'standings' },
);
const metaSchema = new Schema({ _id: String, rev: String, version: Number, at: Date }, { collection: 'standings_meta' });

/** The standards feature's models, for server/database.ts. */
export const standardsModelRegistrations: readonly ModelRegistration[] = [(conn) => void standardsModels(conn)];

export function standardsModels(conn: Connection) {
  if (!conn.models.StandardVersion) conn.model('StandardVersion', standardVersionSchema);
  if (!conn.models.Standing) conn.model('Standing', standingSchema);
  if (!conn.models.StandingsMeta) conn.model('StandingsMeta', metaSchema);
  return {
    versions: conn.model('StandardVersion') as Model<StandardVersionDoc>,
    standings: conn.model('Standing') as Model<StandingDoc>,
    meta: conn.model('StandingsMeta') as Model<StandingsMetaDoc>,
  };
}
