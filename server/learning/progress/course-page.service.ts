// The course page and the teacher's dashboard: both read the learner's progress through the
// version they are enrolled in, whatever language they read it in.
import { NotFoundError } from '../../errors.ts';
import type { SessionUser } from '../../accounts/session-user.types.ts';
import type { Language } from '../../i18n/index.ts';
import { pick } from '../quiz/question-view.ts';
import type { Clock } from '../../clock.ts';
import { lessonKeys, type Catalog } from '../learning-deps.ts';
import type { EnrolmentService } from '../enrolment/enrolment.service.ts';
import type { AttemptSummary } from '../attempts/attempt.repository.ts';
import { courseProgress } from './course-progress.ts';
import type { CompletionService } from './completion.service.ts';
import { lessonPath, moduleActivities, quizPath } from './lesson.service.ts';
import type { ProgressRepository } from './progress.repository.ts';

export interface CoursePageDeps {
  progress: ProgressRepository;
  catalog: Catalog;
  clock: Clock;
  enrolments: Pick<EnrolmentService, 'find' | 'listForUser' | 'applyAssignments'>;
  completions: CompletionService;
  attempts: { listForCourse(userId: string, courseId: string, moduleIds: readonly string[]): Promise<AttemptSummary[]> };
}

const statusClass = { notStarted: 'status-new', inProgress: 'status-progress', complete: 'status-done' } as const;

export function coursePageService(deps: CoursePageDeps) {
  const { progress, catalog, clock, enrolments, completions } = deps;

  return {
    async course(user: SessionUser, courseId: string, lang: Language) {
      const enrolment = await enrolments.find(user.id, courseId);
      const version = enrolment ? await catalog.version(enrolment.versionId) : await catalog.publishedVersionOf(courseId);
      if (!version) throw new NotFoundError('learning.errors.courseNotFound');
      const head = { courseId, pageTitle: pick(version.title, lang), title: pick(version.title, lang), description: pick(version.description, lang), academicHours: version.academicHours, version: version.version };
      if (!enrolment) {
        // before enrolment the templates are named, not offered: downloads follow the enrolled version
        const modules = version.modules.map((m, i) => ({ number: i + 1, title: pick(m.title, lang), required: m.required, lessons: m.lessons.map((l) => ({ title: pick(l.title, lang) })), activities: moduleActivities(courseId, version, m, lang).map((a) => ({ ...a, downloads: [] })) }));
        return { ...head, enrolled: false, enrolPath: `/learn/courses/${courseId}/enrol`, modules };
      }
      const [lessons, attempts] = await Promise.all([progress.listLessons(user.id, courseId, lessonKeys(version)), deps.attempts.listForCourse(user.id, courseId, version.modules.map((m) => m.id))]);
      const state = courseProgress(version, lessons, attempts);
      // also catches a completion whose recording was interrupted after the deciding pass
      const completion = state.complete ? await completions.record(user.id, courseId) : null;
      const modules = version.modules.map((m, i) => {
        const p = state.modules[i]!;
        return {
          number: i + 1,
          title: pick(m.title, lang),
          required: m.required,
          statusKey: `learning.course.status.${p.status}`,
          statusClass: statusClass[p.status],
          lessons: m.lessons.map((l) => ({ title: pick(l.title, lang), path: lessonPath(courseId, m.id, l.id), read: p.lessonsRead.has(l.id) })),
          quizPath: quizPath(courseId, m.id),
          activities: moduleActivities(courseId, version, m, lang),
          passedScore: p.passedScore,
        };
      });
      const firstOpen = version.modules.flatMap((m, i) => {
        const p = state.modules[i]!;
        const unread = m.lessons.find((l) => !p.lessonsRead.has(l.id));
        if (unread) return [lessonPath(courseId, m.id, unread.id)];
        return p.passedScore === null ? [quizPath(courseId, m.id)] : [];
      })[0];
      const now = clock.now();
      return {
        ...head,
        enrolled: true,
        modules,
        percent: state.percent,
        continuePath: firstOpen ?? null,
        dueAt: enrolment.dueAt,
        overdue: Boolean(enrolment.dueAt && !completion && enrolment.dueAt < now),
        completedAt: completion?.completedAt ?? null,
      };
    },

    async dashboard(user: SessionUser, lang: Language) {
      await enrolments.applyAssignments(user);
      // every read is by a derived id: FerretDB filters anything else by decoding the whole collection
      const mine = await enrolments.listForUser(user.id);
      const done = await completions.list(user.id, mine.map((e) => e.courseId));
      const now = clock.now();
      const completedIds = new Set(done.map((c) => c.courseId));
      const open = await Promise.all(
        mine
          .filter((e) => !completedIds.has(e.courseId))
          .map(async (enrolment) => {
            const version = await catalog.version(enrolment.versionId);
            if (!version) return null;
            const [lessons, attempts] = await Promise.all([progress.listLessons(user.id, enrolment.courseId, lessonKeys(version)), deps.attempts.listForCourse(user.id, enrolment.courseId, version.modules.map((m) => m.id))]);
            return { enrolment, version, state: courseProgress(version, lessons, attempts) };
          }),
      );
      const inProgress = [];
      for (const { enrolment, version, state } of open.filter((o) => o !== null)) {
        inProgress.push({
          title: pick(version.title, lang),
          path: `/learn/courses/${enrolment.courseId}`,
          percent: state.percent,
          dueAt: enrolment.dueAt,
          overdue: Boolean(enrolment.dueAt && enrolment.dueAt < now),
          assigned: enrolment.source === 'assigned',
        });
      }
      inProgress.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity));
      const completed = done.map((c) => ({
        title: pick(c.title, lang),
        path: `/learn/courses/${c.courseId}`,
        completedAt: c.completedAt,
        score: c.score,
        academicHours: c.academicHours,
        // filled in by the certificates feature; the slot is kept in the view
        certificatePath: null as string | null,
      }));
      return { pageTitle: 'learning.dashboard.title', inProgress, completed };
    },
  };
}

export type CoursePageService = ReturnType<typeof coursePageService>;
