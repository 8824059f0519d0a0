import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

// One document per failed login, for the account and for the IP. Failures are inserted, never
// counted with $inc: FerretDB 1.x applies concurrent updates of one document non-atomically and
// loses increments, while inserts are always kept.
const failureSchema = new Schema(
  {
    key: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'login_failures', versionKey: false },
);
failureSchema.index({ key: 1, at: -1 });
failureSchema.index({ at: 1 });

export function registerThrottleModel(conn: Connection): void {
  if (!conn.models.LoginFailure) conn.model('LoginFailure', failureSchema);
}
export function throttleModel(conn: Connection): Model<InferSchemaType<typeof failureSchema>> {
  return conn.model('LoginFailure') as Model<InferSchemaType<typeof failureSchema>>;
}
