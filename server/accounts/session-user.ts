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

/**
 * Whether an admin may see and administer this account: a national admin every account, a regional
 * admin the teachers of their region only. Staff have a home region too, and a regional admin who
 * could edit a national admin's email there and send them a set-password link took their account.
 */
export function adminManages(actor: SessionUser, user: Pick<UserDoc, 'region' | 'role'>): boolean {
  return adminCovers(actor, user) && (actor.regionScope === null || user.role === 'teacher');
}
