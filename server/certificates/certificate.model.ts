// Certificates and everything that decides a race about them, each found by a derived `_id`
// (FerretDB reads a whole collection for any other filter, and only an insert under a unique
// `_id` is atomic when requests race):
// - `certificates`: `<userId>:<courseId>:<n>`, n = 1 for the first issue, n + 1 for each reissue;
// - `certificate_claims`: `<certificate id>`, the one issuer that may write that certificate;
// - `certificate_serials`: the serial itself (`QRG-2026-000123`), claimed by insert, dense per year;
// - `certificate_codes`: the verification code, pointing at its certificate;
// - `certificate_events`: `<certificate id>:revoked` or `:superseded`, a status change, never updated;
// - `certificate_keys`: public signing keys by kid, kept after a rotation for /.well-known/jwks.json;
// - `certificate_misses`: unknown codes asked for, per IP (`<ip hash>|<window>|<n>`);
// - `certificate_sweeps`: `mark:<day>`, the time before which every completion has its certificate.
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { ModelRegistration } from '../db/models.ts';

export type Lang = 'kk' | 'ru' | 'en';

export interface CertificateDoc {
  _id: string;
  userId: Types.ObjectId;
  courseId: string;
  /** 1 for the first issue; each reissue after a name correction adds one */
  n: number;
  serial: string;
  code: string;
  holderName: string;
  /** the holder's region at issue: a regional admin manages certificates of their region */
  region: string;
  lang: Lang;
  title: Record<Lang, string>;
  versionId: string;
  version: string;
  academicHours: number;
  standards: string[];
  score: number;
  completedAt: Date;
  issuedAt: Date;
  kid: string;
  jws: string;
}

export type EventKind = 'revoked' | 'superseded';
export const revokeReasons = ['error', 'fraud', 'withdrawn', 'other'] as const;
export type RevokeReason = (typeof revokeReasons)[number];

export interface CertificateEventDoc {
  _id: string;
  certificateId: string;
  kind: EventKind;
  at: Date;
  by: string | null;
  reason?: RevokeReason;
  note?: string;
  /** the certificate that supersedes this one */
  next?: string;
}

export const certificateId = (userId: string, courseId: string, n: number) => `${userId}:${courseId}:${n}`;
export const eventId = (certId: string, kind: EventKind) => `${certId}:${kind}`;

const certificateSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    courseId: { type: String, required: true },
    n: { type: Number, required: true },
    serial: { type: String, required: true },
    code: { type: String, required: true },
    holderName: { type: String, required: true },
    region: { type: String, required: true },
    lang: { type: String, required: true },
    title: { type: Schema.Types.Mixed, required: true },
    versionId: { type: String, required: true },
    version: { type: String, required: true },
    academicHours: { type: Number, required: true },
    standards: { type: [String], default: [] },
    score: { type: Number, required: true },
    completedAt: { type: Date, required: true },
    issuedAt: { type: Date, required: true },
    kid: { type: String, required: true },
    jws: { type: String, required: true },
  },
  { collection: 'certificates', versionKey: false },
);
// bulk rendering of one course (the CLI) on MongoDB; FerretDB reads the collection once
certificateSchema.index({ courseId: 1 });

const loose = (collection: string) => new Schema({ _id: { type: String, required: true } }, { collection, versionKey: false, strict: false });

const models = {
  Certificate: certificateSchema,
  CertificateClaim: loose('certificate_claims'),
  CertificateSerial: loose('certificate_serials'),
  CertificateCode: loose('certificate_codes'),
  CertificateEvent: loose('certificate_events'),
  CertificateKey: loose('certificate_keys'),
  // unknown codes asked for (verify-throttle.ts): the sweep deletes them by `at`
  CertificateMiss: new Schema({ _id: { type: String, required: true }, window: { type: Number, required: true }, at: { type: Date, required: true } }, { collection: 'certificate_misses', versionKey: false }),
  CertificateSweep: loose('certificate_sweeps'),
} as const;

export type CertificateModelName = keyof typeof models;

export function registerCertificateModels(conn: Connection): void {
  for (const [name, schema] of Object.entries(models)) if (!conn.models[name]) conn.model(name, schema);
}

/** The certificates feature's models, for server/database.ts. */
export const certificatesModels: readonly ModelRegistration[] = [registerCertificateModels];

type Loose = Record<string, unknown> & { _id: string };
export function certificateModel(conn: Connection, name: 'Certificate'): Model<CertificateDoc>;
export function certificateModel(conn: Connection, name: Exclude<CertificateModelName, 'Certificate'>): Model<Loose>;
export function certificateModel(conn: Connection, name: CertificateModelName): Model<CertificateDoc> | Model<Loose> {
  registerCertificateModels(conn);
  return conn.model(name) as unknown as Model<Loose>;
}
