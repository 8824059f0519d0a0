// The view models of quiz pages: the quiz's own page, one question of an open attempt, the
// overview before finishing, and the result. Question views carry only tokens and texts
// (quiz/question-view.ts); keys and explanations appear only in a result the policy allows.
import { NotFoundError } from '../../errors.ts';
import type { SessionUser } from '../../accounts/session-user.types.ts';
import type { Language, Translate } from '../../i18n/index.ts';
import { questionView, pick, type PostedFields } from '../quiz/question-view.ts';
import { reviewItems, reviewLevel } from '../quiz/review.ts';
import type { BankQuestion } from '../quiz/quiz-types.ts';
import { answerState } from '../quiz/answer-state.ts';
import { moduleOf, type Catalog } from '../learning-deps.ts';
import { quizPath } from '../progress/lesson.service.ts';
import type { EnrolmentDoc } from '../enrolment/enrolment.model.ts';
import type { AttemptDoc } from './attempt.model.ts';
import type { AttemptService } from './attempt.service.ts';

export const attemptPath = (id: unknown) => `/learn/attempts/${String(id)}`;

export interface AttemptViewDeps {
  attempts: AttemptService;
  catalog: Catalog;
  enrolments: { require(userId: string, courseId: string): Promise<EnrolmentDoc> };
  lessons: { allRead(userId: string, courseId: string, moduleId: string, lessonIds: readonly string[]): Promise<boolean> };
}

export function attemptViewService(deps: AttemptViewDeps) {
  const { attempts, catalog } = deps;

  async function heading(courseId: string, versionId: string, moduleId: string, lang: Language) {
    const version = await catalog.version(versionId);
    const found = version && moduleOf(version, moduleId);
    if (!version || !found) throw new NotFoundError('learning.errors.courseNotFound');
    return { version, module: found.module, courseTitle: pick(version.title, lang), moduleTitle: pick(found.module.title, lang), coursePath: `/learn/courses/${courseId}`, quizPath: quizPath(courseId, moduleId) };
  }

  function progressOf(attempt: AttemptDoc) {
    return attempt.questions.map((q, i) => {
      const state = answerState(q, attempt.answers?.[q.id]);
      return { number: i + 1, path: `${attemptPath(attempt._id)}/questions/${i + 1}`, answered: state === 'answered', partial: state === 'partial' };
    });
  }

  return {
    async quiz(user: SessionUser, courseId: string, moduleId: string, lang: Language) {
      const enrolment = await deps.enrolments.require(user.id, courseId);
      const head = await heading(courseId, enrolment.versionId, moduleId, lang);
      const bank = await attempts.bankOf({ versionId: enrolment.versionId, moduleId });
      const list = await attempts.listForQuiz(user, courseId, moduleId);
      const open = list.find((a) => a.state === 'in_progress');
      const passed = list.filter((a) => a.passed).sort((a, b) => (b.score ?? 0) - (a.score ?? 0))[0];
      const lessonsRead = await deps.lessons.allRead(user.id, courseId, moduleId, head.module.lessons.map((l) => l.id));
      const refusal = open ? undefined : attempts.refusal(list, bank);
      return {
        ...head,
        pageTitle: head.moduleTitle,
        settings: bank.settings,
        questionCount: Math.min(bank.settings.draw, bank.questions.length),
        used: list.length,
        openPath: open ? attemptPath(open._id) + '/questions/1' : null,
        passedScore: passed?.score ?? null,
        lessonsRead,
        canStart: !open && lessonsRead && !refusal,
        refusal: refusal && !passed ? { key: refusal.messageKey, params: refusal.params } : null,
        startPath: `${head.quizPath}/attempts`,
        past: list.filter((a) => a.state === 'finished').map((a) => ({ number: a.number, score: a.score, passed: a.passed, path: attemptPath(a._id) })),
      };
    },

    /** `posted`: a refused form's fields, shown again as the learner left them (courses/question-view.ts) */
    async question(user: SessionUser, attempt: AttemptDoc, n: number, lang: Language, t: Translate, posted?: PostedFields) {
      const drawn = attempt.questions[n - 1];
      if (!drawn) throw new NotFoundError('errors.notFound');
      const bank = await attempts.bankOf(attempt);
      const question = (bank.questions as BankQuestion[]).find((q) => q.id === drawn.id);
      if (!question) throw new NotFoundError('errors.notFound');
      const head = await heading(attempt.courseId, attempt.versionId, attempt.moduleId, lang);
      const total = attempt.questions.length;
      return {
        ...head,
        pageTitle: t('learning.quiz.questionOf', { n, total }),
        attemptPath: attemptPath(attempt._id),
        attemptNumber: attempt.number,
        maxAttempts: bank.settings.maxAttempts,
        question: questionView(question, drawn, n, attempt.answers?.[drawn.id], lang, t, posted),
        n,
        total,
        seq: attempt.seq,
        deadline: attempt.deadline.toISOString(),
        deadlineAt: attempt.deadline,
        previousPath: n > 1 ? `${attemptPath(attempt._id)}/questions/${n - 1}` : null,
        nextPath: n < total ? `${attemptPath(attempt._id)}/questions/${n + 1}` : null,
        questions: progressOf(attempt).map((q) => ({ ...q, current: q.number === n })),
      };
    },

    async overview(attempt: AttemptDoc, lang: Language) {
      const head = await heading(attempt.courseId, attempt.versionId, attempt.moduleId, lang);
      return { ...head, pageTitle: head.moduleTitle, attemptPath: attemptPath(attempt._id), seq: attempt.seq, deadline: attempt.deadline.toISOString(), deadlineAt: attempt.deadline, questions: progressOf(attempt) };
    },

    async result(user: SessionUser, attempt: AttemptDoc, lang: Language, t: Translate) {
      const head = await heading(attempt.courseId, attempt.versionId, attempt.moduleId, lang);
      const bank = await attempts.bankOf(attempt);
      const list = await attempts.listForQuiz(user, attempt.courseId, attempt.moduleId);
      const quizPassed = list.some((a) => a.passed);
      const left = Math.max(0, bank.settings.maxAttempts - list.length);
      const open = list.some((a) => a.state === 'in_progress');
      const level = reviewLevel(bank.settings.review, quizPassed, left > 0, open);
      return {
        ...head,
        pageTitle: `${t('learning.review.title')} · ${head.moduleTitle} · ${t('learning.quiz.attemptOf', { n: attempt.number, max: bank.settings.maxAttempts })}`,
        score: attempt.score,
        passed: attempt.passed,
        passMark: attempt.passMark,
        expired: attempt.finishedBy === 'deadline',
        attemptsLeft: quizPassed ? null : left,
        keysHidden: level !== 'full',
        items: reviewItems(level, bank.questions as BankQuestion[], attempt.results, attempt.answers ?? {}, lang, t),
      };
    },
  };
}

export type AttemptViewService = ReturnType<typeof attemptViewService>;
