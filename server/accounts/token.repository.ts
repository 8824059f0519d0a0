// One-time links: one live token per user and purpose. A token's document has the derived _id
// `<userId>:<purpose>`, so a second one cannot exist beside it: issuing deletes the user's earlier
// token of that purpose and inserts the new one under the same _id. Only the SHA-256 of a token
// is stored. Using a token deletes it, and a reset, a password change or a disable deletes every
// token of the user (revokeAll). The native collection is used so that _ids of either shape
// (string, or the ObjectId of tokens issued before this rule) are matched as stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Connection, Types } from 'mongoose';
import { isDuplicateKey } from '../db/claim.ts';
import { tokenModel } from './token.model.ts';

export type TokenPurpose = 'reset' | 'set';

const HOUR = 60 * 60 * 1000;
/** A reset link lives an hour; a set-password link from an import a week (an admin can resend it). */
export const TOKEN_TTL_MS = { reset: HOUR, set: 7 * 24 * HOUR } as const;
export const SET_LINK_DAYS = TOKEN_TTL_MS.set / (24 * HOUR);

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface StoredToken {
  _id: unknown;
  tokenHash: string;
  userId: Types.ObjectId;
  purpose: TokenPurpose;
  expiresAt: Date;
}

export function tokenRepository(db: Connection) {
  const tokens = tokenModel(db).collection;
  const idOf = (userId: Types.ObjectId, purpose: TokenPurpose) => `${String(userId)}:${purpose}`;

  /** Puts `token` in place of any earlier token of the user and purpose. */
  async function replace(userId: Types.ObjectId, purpose: TokenPurpose, token: string, now: Date): Promise<void> {
    const doc = { _id: idOf(userId, purpose), tokenHash: hashToken(token), userId, purpose, expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[purpose]), createdAt: now };
    await tokens.deleteOne({ _id: doc._id } as never);
    for (let tries = 0; ; tries += 1) {
      try {
        await tokens.insertOne(doc as never);
        return;
      } catch (err) {
        // a racing issue inserted first: the later one replaces it, so one token stays live
        if (!isDuplicateKey(err) || tries >= 5) throw err;
        await tokens.deleteOne({ _id: doc._id } as never);
      }
    }
  }

  async function find(token: string, now: Date): Promise<StoredToken | null> {
    const doc = (await tokens.findOne({ tokenHash: hashToken(token) })) as StoredToken | null;
    if (!doc || doc.expiresAt.getTime() <= now.getTime()) return null;
    // a token issued before tokens had derived ids is revoked by any newer one of its purpose
    if (typeof doc._id !== 'string' && (await tokens.findOne({ _id: idOf(doc.userId, doc.purpose) } as never, { projection: { _id: 1 } }))) return null;
    return doc;
  }

  return {
    /** Creates a one-time token, revoking the user's earlier one of the same purpose, and returns it. */
    async issue(userId: Types.ObjectId, purpose: TokenPurpose, now: Date): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await replace(userId, purpose, token, now);
      return token;
    },
    /** Tokens for many users at once (an import's set-password mail): deletes by _id, inserts in one batch. */
    async issueMany(userIds: Types.ObjectId[], purpose: TokenPurpose, now: Date): Promise<string[]> {
      const issued = userIds.map(() => randomBytes(32).toString('base64url'));
      const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS[purpose]);
      const docs = userIds.map((userId, i) => ({ _id: idOf(userId, purpose), tokenHash: hashToken(issued[i]!), userId, purpose, expiresAt, createdAt: now }));
      await tokens.deleteMany({ _id: { $in: docs.map((d) => d._id) } } as never);
      try {
        await tokens.insertMany(docs as never[], { ordered: false });
      } catch (err) {
        // a racing issue for some user: put this one in its place
        const failed = (err as { writeErrors?: { index: number; code?: number }[] }).writeErrors ?? [];
        if (!failed.length || failed.some((e) => e.code !== 11000)) throw err;
        await Promise.all(failed.map((e) => replace(userIds[e.index]!, purpose, issued[e.index]!, now)));
      }
      return issued;
    },
    /** A valid, unused token's owner, without using it up. */
    async peek(token: string, now: Date): Promise<Types.ObjectId | null> {
      return (await find(token, now))?.userId ?? null;
    },
    /**
     * Uses a token up by deleting it: only one of two racing requests deletes the document, so a
     * link works once. (On FerretDB 1.x a conditional update is not atomic under races; a delete is.)
     */
    async consume(token: string, now: Date): Promise<Types.ObjectId | null> {
      const doc = await find(token, now);
      if (!doc) return null;
      const { deletedCount } = await tokens.deleteOne({ _id: doc._id, tokenHash: doc.tokenHash } as never);
      return deletedCount === 1 ? doc.userId : null;
    },
    /** Deletes every token of the user: after a reset, a password change or a disable. */
    async revokeAll(userId: Types.ObjectId): Promise<void> {
      await tokens.deleteMany({ userId });
    },
    async sweepExpired(now: Date): Promise<void> {
      await tokens.deleteMany({ expiresAt: { $lt: now } });
    },
  };
}

export type TokenRepository = ReturnType<typeof tokenRepository>;
