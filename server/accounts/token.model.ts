import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';

// One-time links (password reset, set-password after import). Only the SHA-256 of the token is
// stored; using one deletes it, so a link works exactly once.
const tokenSchema = new Schema(
  {
    tokenHash: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    purpose: { type: String, enum: ['reset', 'set'], required: true },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true, collection: 'password_tokens' },
);
tokenSchema.index({ tokenHash: 1 }, { unique: true });
tokenSchema.index({ userId: 1, purpose: 1 });
tokenSchema.index({ expiresAt: 1 });

export type TokenDoc = InferSchemaType<typeof tokenSchema> & { _id: Types.ObjectId };

export function registerTokenModel(conn: Connection): void {
  if (!conn.models.PasswordToken) conn.model('PasswordToken', tokenSchema);
}
export function tokenModel(conn: Connection): Model<InferSchemaType<typeof tokenSchema>> {
  return conn.model('PasswordToken') as Model<InferSchemaType<typeof tokenSchema>>;
}
