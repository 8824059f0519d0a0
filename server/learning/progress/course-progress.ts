// A learner's progress through one course version, computed from their lesson progress and
// attempts: pure, so the course page, the dashboard and completion agree on every rule.
// A module is complete when every lesson is read (after its minimum time) and its quiz is passed;
// a course is complete when every required module is.
import type { CatalogVersion } from '../learning-deps.ts';

export interface LessonState {
  moduleId: string;
  lessonId: string;
  readAt: Date | null;
}
export interface AttemptState {
  moduleId: string;
  passed: boolean | null;
  score: number | null;
  finishedAt: Date | null;
}

export type ModuleStatus = 'notStarted' | 'inProgress' | 'complete';

export interface ModuleProgress {
  moduleId: string;
  required: boolean;
  lessonsRead: Set<string>;
  allLessonsRead: boolean;
  attempts: number;
  /** the best passing score, or null */
  passedScore: number | null;
  passedAt: Date | null;
  status: ModuleStatus;
}

export interface CourseProgress {
  modules: ModuleProgress[];
  /** lessons read and quizzes passed, as a share of all of them in required modules, 0–100 */
  percent: number;
  complete: boolean;
}

export function courseProgress(version: CatalogVersion, lessons: readonly LessonState[], attempts: readonly AttemptState[]): CourseProgress {
  let steps = 0;
  let done = 0;
  const modules = version.modules.map((m) => {
    const read = new Set(lessons.filter((l) => l.moduleId === m.id && l.readAt).map((l) => l.lessonId));
    const lessonsRead = new Set(m.lessons.map((l) => l.id).filter((id) => read.has(id)));
    const mine = attempts.filter((a) => a.moduleId === m.id);
    const passes = mine.filter((a) => a.passed);
    const best = passes.reduce<(typeof passes)[number] | undefined>((b, a) => (!b || (a.score ?? 0) > (b.score ?? 0) ? a : b), undefined);
    const allLessonsRead = lessonsRead.size === m.lessons.length;
    const complete = allLessonsRead && !!best;
    if (m.required) {
      steps += m.lessons.length + 1;
      done += lessonsRead.size + (best ? 1 : 0);
    }
    const started = lessonsRead.size > 0 || mine.length > 0;
    return {
      moduleId: m.id,
      required: m.required,
      lessonsRead,
      allLessonsRead,
      attempts: mine.length,
      passedScore: best?.score ?? null,
      passedAt: best?.finishedAt ?? null,
      status: (complete ? 'complete' : started ? 'inProgress' : 'notStarted') as ModuleStatus,
    };
  });
  const complete = modules.every((m) => !m.required || m.status === 'complete');
  return { modules, percent: steps ? Math.floor((done * 100) / steps) : 0, complete };
}
