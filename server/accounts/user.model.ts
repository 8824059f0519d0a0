import { Schema, type Connection, type InferSchemaType, type Model, type Types } from 'mongoose';

const userSchema = new Schema(
  {
    // The IIN is personal data: stored as a string (leading zeros matter), shown only to its owner
    // and to administrators whose scope covers the user, never put in URLs or logs.
    iin: { type: String, required: true },
    email: { type: String, required: true, lowercase: true, trim: true },
    surname: { type: String, required: true },
    givenName: { type: String, required: true },
    patronymic: { type: String, default: '' },
    region: { type: String, required: true },
    district: { type: String, default: '' },
    school: { type: String, default: '' },
    position: { type: String, default: '' },
    role: { type: String, enum: ['teacher', 'coordinator', 'admin'], required: true, default: 'teacher' },
    // an admin's region, or null for a national admin (and for everyone else)
    regionScope: { type: String, default: null },
    lang: { type: String, enum: ['kk', 'ru', 'en'], default: 'kk' },
    status: { type: String, enum: ['active', 'disabled'], default: 'active' },
    passwordHash: { type: String, default: null },
    passwordChangedAt: { type: Date, default: null },
    // a lowercase "surname given patronymic email" for search without regex over several fields
    searchText: { type: String, default: '' },
  },
  { timestamps: true, collection: 'users' },
);

userSchema.index({ iin: 1 }, { unique: true });
userSchema.index({ email: 1 }, { unique: true });
userSchema.index({ region: 1, role: 1, status: 1 });
userSchema.index({ surname: 1, givenName: 1 });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };

export function registerUserModel(conn: Connection): void {
  if (!conn.models.User) conn.model('User', userSchema);
}

export function userModel(conn: Connection): Model<InferSchemaType<typeof userSchema>> {
  return conn.model('User') as Model<InferSchemaType<typeof userSchema>>;
}
