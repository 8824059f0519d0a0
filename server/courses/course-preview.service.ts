// What a teacher sees of a version — its outline, each lesson, each quiz's questions — built the
// same way for a coordinator's preview of a draft as for a learner, so the preview is exact. A quiz
// question is shown by question-view.ts in the order question-order.ts gives for a seed: the
// order a teacher's attempt with that seed shows it in.
import { keptReads } from '../db/kept.ts';
import { NotFoundError } from '../errors.ts';
import { contentLanguage, pick } from '../localised.ts';
import type { CourseVersionDoc } from './course.model.ts';
import type { CourseRepository } from './course.repository.ts';
import type { CourseCatalogService } from './catalog.service.ts';
import type { CourseListings } from './course-listings.ts';
import { questionOrder } from './question-order.ts';
import { questionView, type QuestionView } from './question-view.ts';
import type { CourseLanguage } from './package/course.schema.ts';
import type { QuizSettings, Question } from './package/quiz.schema.ts';
import { courseState } from './release-state.ts';
import { HOURS_MARGIN, MINUTES_PER_ACADEMIC_HOUR } from './package/hours.ts';
import { formatProblem, type PackageProblem } from './package/problems.ts';
import { isLanguage, translator } from '../i18n/index.ts';

// contentLanguage lives in server/localised.ts; re-exported here for callers that still take it from this file.
export { contentLanguage };

/** A module's activities with the template in each of the course's languages, as staff download them. */
function previewActivities(version: CourseVersionDoc, module: CourseVersionDoc['modules'][number], lang: CourseLanguage) {
  return (module.activities ?? []).map((a) => ({
    title: pick(a.title, lang),
    minutes: a.minutes,
    downloads: version.languages.map((code) => ({ code, path: `/coordinator/courses/${version.courseId}/versions/${String(version._id)}/activities/${a.id}.pdf?lang=${code}` })),
  }));
}

/** Lessons rendered and quizzes read for previews, kept per server: a version's content never changes. */
const KEPT_CONTENT = 200;

/** A version that is not there (a draft deleted) of a course that is: 404, with the way to the course's versions. */
export const versionGone = (courseId: string) => new NotFoundError('courses.versionGone').withWay(`/coordinator/courses/${courseId}`, 'courses.history.heading');

export function coursePreviewService(deps: { courses: CourseRepository; catalog: CourseCatalogService; listings: CourseListings }) {
  const { courses, catalog, listings } = deps;
  // FerretDB finds a lesson or a quiz (by version, module and lesson, not by _id) by decoding every
  // one stored, and a lesson is rendered from Markdown: each once per server, not per view
  const lessons = keptReads<string>({ max: KEPT_CONTENT });
  const quizzes = keptReads<Awaited<ReturnType<CourseRepository['findQuiz']>>>({ max: KEPT_CONTENT });

  /** A version as the coordinator's listings hold it (course-listings.ts): no read of its own. */
  async function versionOf(courseId: string, versionId: string): Promise<CourseVersionDoc> {
    const listed = await listings.ofCourse(courseId);
    const version = listed.versions.find((v) => String(v._id) === versionId);
    // a version gone from a course that is there (a draft deleted, then the back button): the way to the course
    if (!version) throw listed.versions.length ? versionGone(courseId) : new NotFoundError('courses.notFound');
    return version;
  }

  function moduleOf(version: CourseVersionDoc, moduleId: string) {
    const index = version.modules.findIndex((m) => m.id === moduleId);
    if (index < 0) throw new NotFoundError('courses.notFound');
    return { module: version.modules[index]!, index };
  }

  async function heading(version: CourseVersionDoc, lang: CourseLanguage) {
    const state = courseState((await listings.ofCourse(version.courseId)).releases).of(version._id);
    const status = state.status;
    // the same publish/retire actions as the version history offers for this version
    const actions = { canPublish: status === 'draft' || state.canPublish, republish: status === 'retired' && state.canPublish, canRetire: status !== 'retired' };
    return { courseId: version.courseId, versionId: String(version._id), version: version.version, status, actions, courseTitle: pick(version.title, lang), contentLang: lang };
  }

  return {
    async outline(courseId: string, versionId: string, readerLang: string) {
      const version = await versionOf(courseId, versionId);
      const lang = contentLanguage(version, readerLang);
      return {
        ...(await heading(version, lang)),
        description: pick(version.description, lang),
        academicHours: version.academicHours,
        // versions stored before the rule have no figure
        expectedMinutes: version.expectedMinutes ?? null,
        supportedHours: typeof version.expectedMinutes !== 'number' ? null : Math.floor((version.expectedMinutes * HOURS_MARGIN) / MINUTES_PER_ACADEMIC_HOUR + 1e-9),
        // the validator's warnings, in the coordinator's language, as the CLI prints them
        warnings: ((version.warnings ?? []) as PackageProblem[]).map((w) => formatProblem(w, translator(isLanguage(readerLang) ? readerLang : 'en'))),
        standards: version.standards,
        languages: version.languages,
        modules: version.modules.map((m, i) => ({
          id: m.id,
          number: i + 1,
          title: pick(m.title, lang),
          required: m.required,
          questionCount: m.questionCount,
          lessons: m.lessons.map((l, j) => ({ id: l.id, number: j + 1, title: pick(l.title, lang), minutes: l.minSeconds ? Math.ceil(l.minSeconds / 60) : null })),
          activities: previewActivities(version, m, lang),
        })),
      };
    },

    async lesson(courseId: string, versionId: string, moduleId: string, lessonId: string, readerLang: string, base: string) {
      const version = await versionOf(courseId, versionId);
      const lang = contentLanguage(version, readerLang);
      const { module, index } = moduleOf(version, moduleId);
      const position = module.lessons.findIndex((l) => l.id === lessonId);
      if (position < 0) throw new NotFoundError('courses.notFound');
      const sibling = (i: number) => module.lessons[i] && { id: module.lessons[i].id, title: pick(module.lessons[i].title, lang) };
      return {
        ...(await heading(version, lang)),
        moduleId,
        moduleNumber: index + 1,
        moduleTitle: pick(module.title, lang),
        lessonId,
        lessonNumber: position + 1,
        lessonTitle: pick(module.lessons[position]!.title, lang),
        contentNote: module.lessons[position]!.contentNote ?? null,
        activities: previewActivities(version, module, lang),
        lessonHtml: await lessons(`${versionId}\0${moduleId}\0${lessonId}\0${lang}\0${base}`, () => catalog.lessonHtml(courseId, version._id, moduleId, lessonId, lang, base)),
        previous: sibling(position - 1),
        next: sibling(position + 1),
      };
    },

    /** The whole bank in package order, each question shown as an attempt whose seed is `seed` shows it. */
    async quiz(courseId: string, versionId: string, moduleId: string, readerLang: string, seed = previewSeed) {
      const version = await versionOf(courseId, versionId);
      const lang = contentLanguage(version, readerLang);
      const t = translator(isLanguage(readerLang) ? readerLang : 'en');
      const { module, index } = moduleOf(version, moduleId);
      const stored = await quizzes(`${versionId}\0${moduleId}`, () => courses.findQuiz(version._id, moduleId));
      if (!stored) throw new NotFoundError('courses.notFound');
      const settings = stored.settings as QuizSettings;
      // the coordinator's preview (never a teacher's page) shows each question's key and explanation
      const questions: { question: QuestionView; answerKey: AnswerKey }[] = (stored.questions as Question[]).map((q, i) => ({ question: questionView(q, questionOrder(q, seed), i + 1, undefined, lang, t), answerKey: answerKey(q, lang) }));
      return { ...(await heading(version, lang)), moduleId, moduleNumber: index + 1, moduleTitle: pick(module.title, lang), settings, bankSize: questions.length, seed, questions };
    },
  };
}

export type CoursePreviewService = ReturnType<typeof coursePreviewService>;

/** The seed a quiz preview shows when the coordinator names none. */
export const previewSeed = 'preview';
/** A seed the preview accepts: a teacher's attempt seed (24 hex digits) or a word of the coordinator's. */
export const seedPattern = '^[A-Za-z0-9_-]{1,64}$';

export interface AnswerKey {
  /** the right options, the steps in order, or the pairs; for true/false see `truth` */
  lines: string[];
  truth?: 'true' | 'false';
  ordered: boolean;
  explanation: string;
}

/** A question's answer key in the content language, for the coordinator's preview. */
export function answerKey(q: Question, lang: string): AnswerKey {
  const text = (t: unknown) => pick(t as never, lang as never);
  const explanation = text(q.explanation);
  switch (q.type) {
    case 'single':
      return { lines: q.options.filter((o) => o.id === q.correct).map((o) => text(o.text)), ordered: false, explanation };
    case 'multiple':
      return { lines: q.options.filter((o) => q.correct.includes(o.id)).map((o) => text(o.text)), ordered: false, explanation };
    case 'truefalse':
      return { lines: [], truth: q.correct ? 'true' : 'false', ordered: false, explanation };
    case 'ordering':
      return { lines: q.items.map((i) => text(i.text)), ordered: true, explanation };
    case 'matching':
      return { lines: q.pairs.map((p) => `${text(p.left)} — ${text(p.right)}`), ordered: false, explanation };
  }
}
