// Decides, for each valid row, what committing it means given the users that already exist:
// create a teacher, update one, leave one unchanged, or refuse the row. Pure; used both for the
// report before the commit and, against a fresh read of the database, by the commit itself.
import type { Types } from 'mongoose';
import { searchTextOf } from '../user.repository.ts';
import type { UserDoc } from '../user.model.ts';
import { rowWho, type ImportRow, type RowProblem } from './import-rows.ts';

export type ExistingUser = Pick<UserDoc, 'iin' | 'email' | 'role' | 'region' | 'surname' | 'givenName' | 'patronymic' | 'district' | 'school' | 'position' | 'lang'> & {
  _id: Types.ObjectId;
  /** someone signs in to it with a password (set by them, or after a link) */
  hasPassword?: boolean;
};
export const existingUserFields = ['iin', 'email', 'role', 'region', 'surname', 'givenName', 'patronymic', 'district', 'school', 'position', 'lang'] as const;

export interface TeacherUpdate {
  row: ImportRow;
  id: Types.ObjectId;
  set: Record<string, string>;
}

export interface ImportPlan {
  creates: ImportRow[];
  updates: TeacherUpdate[];
  unchanged: ImportRow[];
  problems: RowProblem[];
}

const updatable = ['email', 'surname', 'givenName', 'patronymic', 'region', 'district', 'school', 'position', 'lang'] as const;

export function planImport(rows: readonly ImportRow[], existing: readonly ExistingUser[], scope: string | null): ImportPlan {
  const byIin = new Map(existing.map((u) => [u.iin, u]));
  const byEmail = new Map(existing.map((u) => [u.email, u]));
  const plan: ImportPlan = { creates: [], updates: [], unchanged: [], problems: [] };
  // A regional admin learns nothing of people outside their scope: an admin, another region's teacher
  // and an email taken there all read as one "cannot be imported in your scope".
  const outOfSight = (u: { role: string; region: string }) => scope !== null && (u.role !== 'teacher' || u.region !== scope);
  const hiddenProblem = 'import.errors.cannotImportHere';
  for (const row of rows) {
    // checked when the file was read too; the admin's scope may have changed since
    if (scope !== null && row.region !== scope) {
      plan.problems.push({ ...rowWho(row), row: row.row, field: 'region', message: 'import.errors.regionOutsideScope' });
      continue;
    }
    const user = byIin.get(row.iin);
    const emailOwner = byEmail.get(row.email);
    if (emailOwner && emailOwner.iin !== row.iin) {
      plan.problems.push({ ...rowWho(row), row: row.row, field: 'email', message: outOfSight(emailOwner) ? hiddenProblem : 'import.errors.emailTaken' });
      continue;
    }
    if (!user) {
      plan.creates.push(row);
      continue;
    }
    // Role and password are never the import's business; staff accounts are edited in the user list.
    if (user.role !== 'teacher') {
      plan.problems.push({ ...rowWho(row), row: row.row, field: 'iin', message: outOfSight(user) ? hiddenProblem : 'import.errors.notTeacher' });
      continue;
    }
    if (scope !== null && user.region !== scope) {
      plan.problems.push({ ...rowWho(row), row: row.row, field: 'iin', message: hiddenProblem });
      continue;
    }
    const set: Record<string, string> = {};
    for (const field of updatable) {
      const value = row[field];
      if (value !== undefined && value !== null && value !== (user[field] ?? '')) set[field] = value;
    }
    if (Object.keys(set).length === 0) {
      plan.unchanged.push(row);
      continue;
    }
    // An account someone signs in to is not handed to another address by a list: whoever registered
    // with this IIN would keep the password and see the teacher the list names. The admin checks
    // with the teacher and corrects the email on the user's page, which ends the old sign-ins.
    if ('email' in set && user.hasPassword) {
      plan.problems.push({ ...rowWho(row), row: row.row, field: 'email', message: 'import.errors.emailOfActiveAccount' });
      continue;
    }
    if ('surname' in set || 'givenName' in set || 'patronymic' in set || 'email' in set) set.searchText = searchTextOf({ ...user, ...set });
    plan.updates.push({ row, id: user._id, set });
  }
  return plan;
}
