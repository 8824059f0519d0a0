// Admins assign a course, with a due date, to a cohort inside their scope: a regional admin only
// inside their own region (the region is forced to theirs), a national admin anywhere. Teachers are
// enrolled when they next open their dashboard (enrolment.service.ts applyAssignments).
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts';
import type { SessionUser } from '../../accounts/session-user.types.ts';
import type { Language } from '../../i18n/index.ts';
import { adminCovers } from '../../accounts/session-user.ts';
import { regionName } from '../../accounts/regions.ts';
import type { CohortService, Cohort } from '../../accounts/cohort.service.ts';
import { pick } from '../quiz/question-view.ts';
import type { Clock } from '../../clock.ts';
import type { Catalog } from '../learning-deps.ts';
import type { EnrolmentRepository } from './enrolment.repository.ts';
import type { AssignmentInput } from './assignment.schema.ts';

export interface AssignmentDeps {
  enrolments: EnrolmentRepository;
  catalog: Catalog;
  cohorts: Pick<CohortService, 'countTeachers'>;
  clock: Clock;
}

/** The end of the due day in Kazakhstan (UTC+5), or undefined for an impossible date. */
export function endOfDueDay(day: string): Date | undefined {
  const d = new Date(`${day}T23:59:59+05:00`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day ? undefined : d;
}

export function assignmentService(deps: AssignmentDeps) {
  const { enrolments, catalog, clock } = deps;
  return {
    async assign(actor: SessionUser, input: AssignmentInput): Promise<{ count: number }> {
      const cohort: Cohort = {
        region: input.region || actor.regionScope || '',
        district: (input.district ?? '').trim(),
        school: (input.school ?? '').trim(),
        position: (input.position ?? '').trim(),
      };
      if (actor.regionScope && !adminCovers(actor, { region: cohort.region })) throw new ForbiddenError('learning.errors.outOfScope', [{ field: 'region', message: 'learning.errors.outOfScope' }]);
      if (!cohort.region && !cohort.district && !cohort.school && !cohort.position) throw new ValidationError('learning.errors.cohortEmpty', [{ field: 'region', message: 'learning.errors.cohortEmpty' }]);
      const dueAt = endOfDueDay(input.due);
      if (!dueAt) throw new ValidationError('learning.errors.dueFormat', [{ field: 'due', message: 'learning.errors.dueFormat' }]);
      if (dueAt <= clock.now()) throw new ValidationError('learning.errors.dueInPast', [{ field: 'due', message: 'learning.errors.dueInPast' }]);
      if (!(await catalog.publishedVersionOf(input.courseId))) throw new NotFoundError('learning.errors.courseNotFound', [{ field: 'courseId', message: 'learning.errors.courseNotFound' }]);
      const teacherCount = await deps.cohorts.countTeachers(cohort);
      await enrolments.insertAssignment({ courseId: input.courseId, cohort, dueAt, teacherCount, assignedBy: { id: actor.id, name: actor.displayName }, scope: actor.regionScope, createdAt: clock.now() });
      return { count: teacherCount };
    },

    async list(actor: SessionUser, lang: Language) {
      const [assignments, published] = await Promise.all([enrolments.listAssignments(actor.regionScope), catalog.published()]);
      const titles = new Map(published.map((v) => [v.courseId, pick(v.title, lang)]));
      return {
        courses: published.map((v) => ({ value: v.courseId, name: pick(v.title, lang) })),
        rows: assignments.map((a) => ({
          course: titles.get(a.courseId) ?? a.courseId,
          cohort: [a.cohort.region ? regionName(a.cohort.region, lang) : '', a.cohort.district, a.cohort.school, a.cohort.position].filter(Boolean).join(' · '),
          dueAt: a.dueAt,
          teachers: a.teacherCount,
          by: a.assignedBy.name,
        })),
      };
    },
  };
}

export type AssignmentService = ReturnType<typeof assignmentService>;
