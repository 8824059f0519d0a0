// Who belongs to a cohort (region, district, school, position): used by the learning feature to
// apply an admin's course assignment to teachers. An empty field matches anyone; district, school
// and position are free text, so they are compared trimmed and case-insensitively.
import type { Connection, Types } from 'mongoose';
import { accountsRepositories, type AccountsRepositories } from './accounts.repository.ts';

export interface Cohort {
  region: string;
  district: string;
  school: string;
  position: string;
}

const norm = (s: string | null | undefined) => (s ?? '').trim().toLocaleLowerCase('ru').normalize('NFC');

export function inCohort(cohort: Cohort, person: Partial<Cohort>): boolean {
  return (['region', 'district', 'school', 'position'] as const).every((f) => !cohort[f] || norm(cohort[f]) === norm(person[f]));
}

export function cohortService(db: Connection, repos: AccountsRepositories = accountsRepositories(db)) {
  const { users } = repos;
  return {
    /** A user's own cohort fields, or null if there is no such user. */
    async cohortOf(userId: string): Promise<Cohort | null> {
      const user = await users.findById(userId);
      return user ? { region: user.region, district: user.district ?? '', school: user.school ?? '', position: user.position ?? '' } : null;
    },

    /** How many active teachers a cohort has now. */
    async countTeachers(cohort: Cohort): Promise<number> {
      const filter = { role: 'teacher', status: 'active', ...(cohort.region ? { region: cohort.region } : {}) };
      const found = await users.model.find(filter, { region: 1, district: 1, school: 1, position: 1 }).lean<(Cohort & { _id: Types.ObjectId })[]>();
      return found.filter((u) => inCohort(cohort, u)).length;
    },
  };
}

export type CohortService = ReturnType<typeof cohortService>;
