import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

// Failed-login counters, one document per account and one per IP, each updated atomically.
const throttleSchema = new Schema(
  {
    key: { type: String, required: true },
    failures: { type: Number, default: 0 },
    hourStart: { type: Date, required: true },
    hourFailures: { type: Number, default: 0 },
    lockedUntil: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'login_throttle', versionKey: false },
);
throttleSchema.index({ key: 1 }, { unique: true });
throttleSchema.index({ updatedAt: 1 });

export function registerThrottleModel(conn: Connection): void {
  if (!conn.models.LoginThrottle) conn.model('LoginThrottle', throttleSchema);
}
export function throttleModel(conn: Connection): Model<InferSchemaType<typeof throttleSchema>> {
  return conn.model('LoginThrottle') as Model<InferSchemaType<typeof throttleSchema>>;
}
