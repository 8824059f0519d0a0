import { createHash, randomBytes } from 'node:crypto';
import mongoose, { type Connection, type Types } from 'mongoose';
import { tokenModel } from './token.model.ts';

const { trusted } = mongoose;

export const TOKEN_TTL_MS = { reset: 60 * 60 * 1000, set: 14 * 24 * 60 * 60 * 1000 } as const;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenRepository(db: Connection) {
  const Tokens = tokenModel(db);
  return {
    /** Creates a one-time token and returns it; only its hash is stored. */
    async issue(userId: Types.ObjectId, purpose: 'reset' | 'set', now: Date): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await Tokens.create({ tokenHash: hashToken(token), userId, purpose, expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[purpose]) });
      return token;
    },
    async issueMany(userIds: Types.ObjectId[], purpose: 'reset' | 'set', now: Date): Promise<string[]> {
      const tokens = userIds.map(() => randomBytes(32).toString('base64url'));
      const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS[purpose]);
      await Tokens.insertMany(
        userIds.map((userId, i) => ({ tokenHash: hashToken(tokens[i]!), userId, purpose, expiresAt })),
        { ordered: false, lean: true },
      );
      return tokens;
    },
    /** A valid, unused token's owner, without using it up. */
    async peek(token: string, now: Date): Promise<Types.ObjectId | null> {
      const doc = await Tokens.findOne({ tokenHash: hashToken(token), expiresAt: trusted({ $gt: now }) }).lean();
      return doc?.userId ?? null;
    },
    /**
     * Uses a token up by deleting it: only one of two racing requests deletes the document, so a
     * link works once. (On FerretDB 1.x a conditional update is not atomic under races; a delete is.)
     */
    async consume(token: string, now: Date): Promise<Types.ObjectId | null> {
      const doc = await Tokens.findOne({ tokenHash: hashToken(token), expiresAt: trusted({ $gt: now }) }).lean();
      if (!doc) return null;
      const { deletedCount } = await Tokens.deleteOne({ _id: doc._id });
      return deletedCount === 1 ? doc.userId : null;
    },
    async sweepExpired(now: Date): Promise<void> {
      await Tokens.deleteMany({ expiresAt: trusted({ $lt: now }) });
    },
  };
}
