import { Schema, type Connection, type Model } from 'mongoose';

// One document per failed login, for the account and for the IP, with the id
// `<key hash>|<ten-minute window>|<n>` (login-throttle.ts). Failures are inserted, never counted
// with $inc: FerretDB 1.x applies concurrent updates of one document non-atomically and loses
// increments, while an insert under a unique _id is kept exactly once.
export interface LoginFailureDoc {
  _id: string;
  window: number;
  at: Date;
}

const failureSchema = new Schema<LoginFailureDoc>(
  {
    _id: { type: String, required: true },
    window: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'login_failures', versionKey: false },
);
// the sweep's filter (on MongoDB; FerretDB reads the collection once per sweep)
failureSchema.index({ at: 1 });

export function registerThrottleModel(conn: Connection): void {
  if (!conn.models.LoginFailure) conn.model('LoginFailure', failureSchema);
}
export function throttleModel(conn: Connection): Model<LoginFailureDoc> {
  return conn.model('LoginFailure') as Model<LoginFailureDoc>;
}
