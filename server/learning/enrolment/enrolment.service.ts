// Enrolment: the catalogue, self-enrolment, and applying admins' assignments to a teacher. A new
// enrolment is pinned to the version published at that moment and keeps it for good.
import { Types } from 'mongoose';
import { NotFoundError } from '../../errors.ts';
import type { SessionUser } from '../../accounts/session-user.types.ts';
import type { Language } from '../../i18n/index.ts';
import { inCohort, type CohortService } from '../../accounts/cohort.service.ts';
import { pick } from '../quiz/question-view.ts';
import type { Clock } from '../../clock.ts';
import type { Catalog } from '../learning-deps.ts';
import type { EnrolmentDoc } from './enrolment.model.ts';
import type { EnrolmentRepository } from './enrolment.repository.ts';

export interface EnrolmentDeps {
  enrolments: EnrolmentRepository;
  catalog: Catalog;
  cohorts: Pick<CohortService, 'cohortOf'>;
  clock: Clock;
}

export function enrolmentService(deps: EnrolmentDeps) {
  const { enrolments, catalog, clock } = deps;

  async function enrolIn(userId: string, courseId: string, source: 'self' | 'assigned'): Promise<EnrolmentDoc> {
    const existing = await enrolments.find(userId, courseId);
    if (existing) return existing;
    const version = await catalog.publishedVersionOf(courseId);
    if (!version) throw new NotFoundError('learning.errors.courseNotFound');
    return enrolments.insert({ userId: new Types.ObjectId(userId), courseId, versionId: version.versionId, enrolledAt: clock.now(), source, dueAt: null, assignmentId: null });
  }

  return {
    find: (userId: string, courseId: string) => enrolments.find(userId, courseId),
    listForUser: async (userId: string) => enrolments.listForUser(userId, await catalog.courseIds()),
    /** Teachers enrolled in one version of a course; they keep that version whatever happens to it. */
    countForVersion: (courseId: string, versionId: string) => enrolments.countForVersion(courseId, versionId),
    markCompleted: (userId: string, courseId: string, at: Date) => enrolments.markCompleted(userId, courseId, at),

    async require(userId: string, courseId: string): Promise<EnrolmentDoc> {
      const enrolment = await enrolments.find(userId, courseId);
      // the course's page is where to enrol: the way forward from a lesson or quiz of a course not joined
      if (!enrolment) throw new NotFoundError('learning.errors.notEnrolled').withWay(`/learn/courses/${encodeURIComponent(courseId)}`, 'learning.errors.openCourse');
      return enrolment;
    },

    /** Enrols the user in the course's published version; enrolling twice changes nothing. */
    enrol: (user: SessionUser, courseId: string) => enrolIn(user.id, courseId, 'self'),

    /**
     * Enrols a teacher in every course assigned to a cohort they belong to, and brings due dates
     * forward. Runs when they open their dashboard or the catalogue, so it also reaches teachers
     * who joined after the assignment was made.
     */
    async applyAssignments(user: SessionUser): Promise<void> {
      const assignments = await enrolments.assignmentsForRegion(user.region);
      if (!assignments.length) return;
      const cohort = await deps.cohorts.cohortOf(user.id);
      if (!cohort) return;
      for (const assignment of assignments.filter((a) => inCohort(a.cohort, cohort))) {
        try {
          await enrolIn(user.id, assignment.courseId, 'assigned');
        } catch (err) {
          if (err instanceof NotFoundError) continue; // the course has no published version now
          throw err;
        }
        await enrolments.bringDueForward(user.id, assignment.courseId, assignment.dueAt, assignment._id);
      }
    },

    /** The published courses, each marked if the user is enrolled. */
    async catalogue(user: SessionUser, lang: Language) {
      const published = await catalog.published();
      const mine = await enrolments.listForUser(user.id, published.map((v) => v.courseId));
      const enrolled = new Set(mine.map((e) => e.courseId));
      return published.map((v) => ({
        courseId: v.courseId,
        title: pick(v.title, lang),
        description: pick(v.description, lang),
        academicHours: v.academicHours,
        moduleCount: v.modules.length,
        enrolled: enrolled.has(v.courseId),
      }));
    },
  };
}

export type EnrolmentService = ReturnType<typeof enrolmentService>;
