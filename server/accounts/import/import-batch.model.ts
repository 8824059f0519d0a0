import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';

// An uploaded file between its check and its commit, and afterwards the record of what it did.
// The valid rows themselves live in import_batch_chunks (1,000 per document): 50,000 rows in one
// document would pass the 16 MB limit. Chunks are deleted once the commit and its mail are done.
const problemSchema = new Schema(
  {
    row: { type: Number, required: true },
    field: { type: String, default: '' },
    message: { type: String, required: true },
    params: { type: Schema.Types.Mixed, default: undefined },
    // the row's name and email from the admin's own file
    name: { type: String, default: undefined },
    email: { type: String, default: undefined },
  },
  { _id: false },
);

const batchSchema = new Schema(
  {
    // the admin who uploaded it (only they see it), or null for the command line
    actorId: { type: Schema.Types.ObjectId, default: null },
    scope: { type: String, default: null },
    source: { type: String, enum: ['web', 'cli'], required: true },
    fileName: { type: String, default: '' },
    fileType: { type: String, enum: ['csv', 'xlsx'], required: true },
    status: { type: String, enum: ['pending', 'committing', 'committed'], required: true },
    counts: {
      rows: { type: Number, default: 0 },
      valid: { type: Number, default: 0 },
      invalid: { type: Number, default: 0 },
      toCreate: { type: Number, default: 0 },
      toUpdate: { type: Number, default: 0 },
      unchanged: { type: Number, default: 0 },
    },
    // the first problems found (check and commit), and how many there were in all
    problems: { type: [problemSchema], default: [] },
    problemCount: { type: Number, default: 0 },
    chunkCount: { type: Number, default: 0 },
    commitStartedAt: { type: Date, default: null },
    committedAt: { type: Date, default: null },
    result: {
      created: { type: Number, default: 0 },
      updated: { type: Number, default: 0 },
      unchanged: { type: Number, default: 0 },
      failed: { type: Number, default: 0 },
    },
    // set-password mail for the teachers the commit created, sent after the response in slices;
    // `chunk`/`offset` is how far it got, so a restart goes on where it stopped
    mail: {
      state: { type: String, enum: ['none', 'sending', 'done'], default: 'none' },
      chunks: { type: Number, default: 0 },
      queued: { type: Number, default: 0 },
      chunk: { type: Number, default: 0 },
      offset: { type: Number, default: 0 },
      sent: { type: Number, default: 0 },
      failed: { type: Number, default: 0 },
    },
  },
  { timestamps: true, collection: 'import_batches' },
);
batchSchema.index({ status: 1, createdAt: 1 });
batchSchema.index({ 'mail.state': 1 });

// `_id` is `<batch id>:<kind>:<seq>`. The 1,000 items of a chunk are one JSON string: FerretDB
// converts a document field by field, and a filter on _id makes SQLite parse every stored document,
// so one string instead of 1,000 small objects makes writing and reading a chunk many times cheaper.
const chunkSchema = new Schema(
  {
    _id: { type: String, required: true },
    batchId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['rows', 'mail'], required: true },
    items: { type: String, required: true },
  },
  { collection: 'import_batch_chunks', versionKey: false },
);
chunkSchema.index({ batchId: 1 });

// The lock on a batch's commit or mail: a conditional update is not atomic on FerretDB 1.x under
// races, an insert against the unique _id (`<batch id>:commit`, `<batch id>:mail`) is. Kept in a
// collection of their own, so renewing one never makes the database parse the big chunks.
const claimSchema = new Schema(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'import_claims', versionKey: false },
);

type BatchFields = InferSchemaType<typeof batchSchema>;
// nested paths with defaults are always present on a stored batch
export type ImportBatchDoc = Omit<BatchFields, 'counts' | 'result' | 'mail'> & {
  _id: Types.ObjectId;
  counts: NonNullable<BatchFields['counts']>;
  result: NonNullable<BatchFields['result']>;
  mail: NonNullable<BatchFields['mail']>;
};
export type ImportChunkDoc = InferSchemaType<typeof chunkSchema>;

export function registerImportBatchModels(conn: Connection): void {
  if (!conn.models.ImportBatch) conn.model('ImportBatch', batchSchema);
  if (!conn.models.ImportBatchChunk) conn.model('ImportBatchChunk', chunkSchema);
  if (!conn.models.ImportClaim) conn.model('ImportClaim', claimSchema);
}
export function importBatchModel(conn: Connection): Model<InferSchemaType<typeof batchSchema>> {
  return conn.model('ImportBatch') as Model<InferSchemaType<typeof batchSchema>>;
}
export function importChunkModel(conn: Connection): Model<InferSchemaType<typeof chunkSchema>> {
  return conn.model('ImportBatchChunk') as Model<InferSchemaType<typeof chunkSchema>>;
}
export function importClaimModel(conn: Connection): Model<InferSchemaType<typeof claimSchema>> {
  return conn.model('ImportClaim') as Model<InferSchemaType<typeof claimSchema>>;
}
