import type { SessionUser } from '../http/access.ts';
import type { UserDoc } from './user.model.ts';

/** The user fields toSessionUser reads, and the status deserialisation checks: a read's projection. */
export const sessionUserFields = { role: 1, regionScope: 1, region: 1, givenName: 1, surname: 1, lang: 1, status: 1 } as const;

export function toSessionUser(user: Pick<UserDoc, '_id' | keyof typeof sessionUserFields>): SessionUser {
  return {
    id: String(user._id),
    role: user.role,
    regionScope: user.role === 'admin' ? (user.regionScope ?? null) : null,
    region: user.region,
    displayName: [user.givenName, user.surname].join(' '),
    lang: user.lang,
  };
}

/** Whether an actor may see and manage a user: national admins everyone, regional admins their region. */
export function adminCovers(actor: SessionUser, user: Pick<UserDoc, 'region'>): boolean {
  return actor.role === 'admin' && (actor.regionScope === null || actor.regionScope === user.region);
}
