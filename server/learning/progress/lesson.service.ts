// Lesson pages and reading time. The first view of a lesson is stamped on the server clock; the
// lesson counts as read only when the learner marks it (or moves on) at least `minSeconds` later.
// Nothing the browser sends can shorten that time.
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { SessionUser } from '../../accounts/session-user.types.ts';
import type { Language } from '../../i18n/index.ts';
import { contentLanguage, pick } from '../../localised.ts';
import type { Clock } from '../../clock.ts';
import { moduleOf, type Catalog, type CatalogVersion } from '../learning-deps.ts';
import type { EnrolmentDoc } from '../enrolment/enrolment.model.ts';
import type { ProgressRepository } from './progress.repository.ts';

export interface LessonDeps {
  progress: ProgressRepository;
  catalog: Catalog;
  clock: Clock;
  enrolments: { require(userId: string, courseId: string): Promise<EnrolmentDoc> };
  onRead(userId: string, courseId: string): Promise<unknown>;
}

const coursePath = (courseId: string) => `/learn/courses/${courseId}`;
export const lessonPath = (courseId: string, moduleId: string, lessonId: string) => `${coursePath(courseId)}/modules/${moduleId}/lessons/${lessonId}`;
export const quizPath = (courseId: string, moduleId: string) => `${coursePath(courseId)}/modules/${moduleId}/quiz`;
const activityPath = (courseId: string, activityId: string, lang: string) => `${coursePath(courseId)}/activities/${activityId}.pdf?lang=${lang}`;

/** A module's activities with a download of the template in each of the course's languages. */
export function moduleActivities(courseId: string, version: Pick<CatalogVersion, 'languages'>, module: CatalogVersion['modules'][number], lang: Language) {
  return module.activities.map((a) => ({
    title: pick(a.title, lang),
    minutes: a.minutes,
    downloads: version.languages.map((code) => ({ code, path: activityPath(courseId, a.id, code) })),
  }));
}

type FlatLesson = { module: CatalogVersion['modules'][number]; lesson: CatalogVersion['modules'][number]['lessons'][number] };
/** Versions never change once stored, and the catalogue cache keeps one object per version: listed once. */
const flattened = new WeakMap<CatalogVersion, FlatLesson[]>();
/** Every lesson of the course in order, with where it sits. */
function flatLessons(version: CatalogVersion): FlatLesson[] {
  let all = flattened.get(version);
  if (!all) {
    all = version.modules.flatMap((module) => module.lessons.map((lesson) => ({ module, lesson })));
    flattened.set(version, all);
  }
  return all;
}

export function lessonService(deps: LessonDeps) {
  const { progress, catalog, clock } = deps;

  async function locate(user: SessionUser, courseId: string, moduleId: string, lessonId: string) {
    const enrolment = await deps.enrolments.require(user.id, courseId);
    const version = await catalog.version(enrolment.versionId);
    const found = version && moduleOf(version, moduleId);
    const lesson = found?.module.lessons.find((l) => l.id === lessonId);
    if (!version || !found || !lesson) throw new NotFoundError('learning.errors.lessonNotFound');
    return { version, module: found.module, moduleIndex: found.index, lesson, key: { userId: user.id, courseId, moduleId, lessonId } };
  }

  /**
   * When the reading time of a lesson may start: its first view, but not before the lesson before it
   * in the module was read. So opening every lesson at once and waiting one minimum reads one
   * lesson, not all: a module's reading time counts in sequence. Null while that lesson is unread.
   */
  async function readingStarts(key: { userId: string; courseId: string; moduleId: string }, module: CatalogVersion['modules'][number], lessonId: string, firstViewedAt: Date): Promise<Date | null> {
    const index = module.lessons.findIndex((l) => l.id === lessonId);
    const before = index > 0 ? module.lessons[index - 1]! : undefined;
    if (!before?.minSeconds) return firstViewedAt;
    const state = await progress.find({ ...key, lessonId: before.id });
    if (!state?.readAt) return null;
    return state.readAt > firstViewedAt ? state.readAt : firstViewedAt;
  }

  return {
    async allRead(userId: string, courseId: string, moduleId: string, lessonIds: readonly string[]): Promise<boolean> {
      const found = await progress.listLessons(userId, courseId, lessonIds.map((lessonId) => ({ moduleId, lessonId })));
      return found.filter((p) => p.readAt).length === lessonIds.length;
    },

    async page(user: SessionUser, courseId: string, moduleId: string, lessonId: string, lang: Language, base: string) {
      const { version, module, moduleIndex, lesson, key } = await locate(user, courseId, moduleId, lessonId);
      const now = clock.now();
      let state = await progress.recordView(key, now);
      if (!lesson.minSeconds && !state.readAt && (await progress.markRead(key, now, 0))) {
        state = { ...state, readAt: now };
        await deps.onRead(user.id, courseId);
      }
      const all = flatLessons(version);
      const at = all.findIndex((x) => x.module.id === moduleId && x.lesson.id === lessonId);
      const previous = all[at - 1];
      const next = all[at + 1];
      // titles and body in one language: the one catalog.lessonHtml chooses for the body
      const shown = contentLanguage(version, lang);
      const lessonNumber = module.lessons.findIndex((l) => l.id === lessonId) + 1;
      return {
        pageTitle: pick(lesson.title, shown),
        courseTitle: pick(version.title, shown),
        moduleTitle: pick(module.title, shown),
        moduleNumber: moduleIndex + 1,
        lessonTitle: pick(lesson.title, shown),
        lessonNumber,
        lessonCount: module.lessons.length,
        lessonHtml: await catalog.lessonHtml(courseId, version.versionId, moduleId, lessonId, lang, base),
        contentNote: lesson.contentNote,
        activities: moduleActivities(courseId, version, module, shown),
        coursePath: coursePath(courseId),
        readPath: `${lessonPath(courseId, moduleId, lessonId)}/read`,
        read: Boolean(state.readAt),
        minMinutes: lesson.minSeconds ? Math.ceil(lesson.minSeconds / 60) : null,
        /** when the lesson may be marked read, for the optional script; the server checks again */
        // a lesson read already needs no second look at the one before it
        readableAt: state.readAt ? state.readAt.toISOString() : new Date(((await readingStarts(key, module, lessonId, state.firstViewedAt)) ?? now).getTime() + (lesson.minSeconds ?? 0) * 1000).toISOString(),
        previous: previous && { path: lessonPath(courseId, previous.module.id, previous.lesson.id), title: pick(previous.lesson.title, shown) },
        next: next && next.module.id === moduleId ? { path: lessonPath(courseId, next.module.id, next.lesson.id), title: pick(next.lesson.title, shown) } : null,
        quizPath: quizPath(courseId, moduleId),
        lastInModule: lessonNumber === module.lessons.length,
      };
    },

    /** Marks a lesson read if its minimum time has passed since the first view; returns where to go next. */
    async markRead(user: SessionUser, courseId: string, moduleId: string, lessonId: string): Promise<string> {
      const { module, lesson, key } = await locate(user, courseId, moduleId, lessonId);
      const now = clock.now();
      const minSeconds = lesson.minSeconds ?? 0;
      const viewed = (await progress.find(key)) ?? (await progress.recordView(key, now));
      const starts = viewed.readAt ? viewed.firstViewedAt : await readingStarts(key, module, lessonId, viewed.firstViewedAt);
      if (!starts) throw new ConflictError('learning.errors.previousFirst');
      if (!(await progress.markRead(key, now, minSeconds, starts))) {
        const state = (await progress.find(key)) ?? viewed;
        if (!state.readAt) {
          const left = Math.ceil((starts.getTime() + minSeconds * 1000 - now.getTime()) / 1000);
          throw new ConflictError('learning.errors.tooEarly', [], { seconds: Math.max(1, left) });
        }
      } else {
        await deps.onRead(user.id, courseId);
      }
      const index = module.lessons.findIndex((l) => l.id === lessonId);
      const next = module.lessons[index + 1];
      return next ? lessonPath(courseId, moduleId, next.id) : quizPath(courseId, moduleId);
    },
  };
}

export type LessonService = ReturnType<typeof lessonService>;
