// Who is asking, as services see it. Accounts owns these types; http/access.ts re-exports them for
// the routes, so that no service has to import anything from http/.
export const roles = ['teacher', 'coordinator', 'admin'] as const;
export type Role = (typeof roles)[number];

/** The signed-in user as every request sees it (no password hash, no IIN). */
export interface SessionUser {
  id: string;
  role: Role;
  /** an admin's region code, or null for a national admin; null for other roles */
  regionScope: string | null;
  region: string;
  displayName: string;
  lang: 'kk' | 'ru' | 'en';
}

/** Who may reach a route: anyone, only the signed-out, anyone signed in, or these roles. */
export type Audience = 'public' | 'anonymous' | 'signed-in' | readonly Role[];
