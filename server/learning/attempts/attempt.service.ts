// Starting, saving, finishing and expiring attempts. Every state change is one conditional update
// of the attempt (attempt.repository.ts); when it matches nothing the attempt is read again to
// give the learner the true reason, and nothing has changed.
import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { SessionUser } from '../../http/access.ts';
import { drawAttempt } from '../quiz/draw.ts';
import { gradeAttempt } from '../quiz/grade.ts';
import { parseAnswers, type AnswerFields } from '../quiz/answer-input.ts';
import type { BankQuestion, QuizBank } from '../quiz/quiz-types.ts';
import { moduleOf, type Catalog, type Clock } from '../learning-deps.ts';
import type { EnrolmentDoc } from '../enrolment/enrolment.model.ts';
import type { AttemptDoc } from './attempt.model.ts';
import type { AttemptRepository } from './attempt.repository.ts';

export interface AttemptDeps {
  attempts: AttemptRepository;
  catalog: Catalog;
  clock: Clock;
  enrolments: { require(userId: string, courseId: string): Promise<EnrolmentDoc> };
  lessons: { allRead(userId: string, courseId: string, moduleId: string, lessonIds: readonly string[]): Promise<boolean> };
  /** called after an attempt passes, to record module and course completion */
  onPassed(userId: string, courseId: string): Promise<void>;
}

export const quizKeyOf = (courseId: string, moduleId: string) => `${courseId}:${moduleId}`;
const minutes = (n: number) => n * 60_000;

export function attemptService(deps: AttemptDeps) {
  const { attempts, catalog, clock } = deps;

  async function bankOf(attempt: Pick<AttemptDoc, 'versionId' | 'moduleId'>): Promise<QuizBank> {
    const bank = await catalog.quizBank(attempt.versionId, attempt.moduleId);
    if (!bank) throw new NotFoundError('learning.errors.courseNotFound');
    return bank as unknown as QuizBank;
  }

  /** Grades and finishes an open attempt from its stored answers; returns it finished. */
  async function finishOpen(attempt: AttemptDoc, by: 'learner' | 'deadline'): Promise<AttemptDoc> {
    const bank = await bankOf(attempt);
    let current: AttemptDoc | null = attempt;
    // A save landing between the read and the update bumps seq: read again and grade again.
    for (let tries = 0; tries < 5 && current && current.state === 'in_progress'; tries += 1) {
      const expired = current.deadline.getTime() <= clock.now().getTime();
      const how = expired ? 'deadline' : by;
      const grade = gradeAttempt(bank.questions as BankQuestion[], current.questions, current.answers ?? {}, current.passMark);
      // an expired attempt ended at its deadline, whenever it is noticed
      if (await attempts.finish(current._id, current.seq, grade, expired ? current.deadline : clock.now(), how)) {
        if (grade.passed) await deps.onPassed(String(current.userId), current.courseId);
        return { ...current, state: 'finished', finishedBy: how, score: grade.score, passed: grade.passed, results: grade.results };
      }
      current = await attempts.findById(String(current._id));
    }
    if (!current) throw new NotFoundError('learning.errors.attemptNotFound');
    return current;
  }

  /** The user's attempt, finished first if its deadline has passed. Other users' attempts do not exist. */
  async function load(user: SessionUser, attemptId: string): Promise<AttemptDoc> {
    const attempt = await attempts.findById(attemptId);
    if (!attempt || String(attempt.userId) !== user.id) throw new NotFoundError('learning.errors.attemptNotFound');
    if (attempt.state === 'in_progress' && attempt.deadline.getTime() <= clock.now().getTime()) return finishOpen(attempt, 'deadline');
    return attempt;
  }

  async function listForQuiz(user: SessionUser, courseId: string, moduleId: string): Promise<AttemptDoc[]> {
    const list = await attempts.listForQuiz(user.id, quizKeyOf(courseId, moduleId));
    const now = clock.now().getTime();
    return Promise.all(list.map((a) => (a.state === 'in_progress' && a.deadline.getTime() <= now ? finishOpen(a, 'deadline') : a)));
  }

  /** Why a new attempt cannot start now, or undefined if it can. */
  function refusal(list: readonly AttemptDoc[], bank: QuizBank): ConflictError | undefined {
    if (list.some((a) => a.passed)) return new ConflictError('learning.errors.quizPassed');
    if (list.length >= bank.settings.maxAttempts) return new ConflictError('learning.errors.noAttemptsLeft');
    const last = list.at(-1);
    const until = last?.finishedAt ? last.finishedAt.getTime() + minutes(bank.settings.cooldownMinutes) : 0;
    if (until > clock.now().getTime()) return new ConflictError('learning.errors.cooldown', [], { time: new Date(until) });
    return undefined;
  }

  return {
    load,
    listForQuiz,
    refusal,
    bankOf,

    /** Starts an attempt, or returns the open one: one learner has at most one open attempt per quiz. */
    async start(user: SessionUser, courseId: string, moduleId: string): Promise<AttemptDoc> {
      const enrolment = await deps.enrolments.require(user.id, courseId);
      const version = await catalog.version(enrolment.versionId);
      const found = version && moduleOf(version, moduleId);
      if (!found) throw new NotFoundError('learning.errors.courseNotFound');
      if (!(await deps.lessons.allRead(user.id, courseId, moduleId, found.module.lessons.map((l) => l.id)))) throw new ConflictError('learning.errors.lessonsFirst');
      const bank = await bankOf({ versionId: enrolment.versionId, moduleId });
      const list = await listForQuiz(user, courseId, moduleId);
      const open = list.find((a) => a.state === 'in_progress');
      if (open) return open;
      const refused = refusal(list, bank);
      if (refused) throw refused;
      const seed = randomBytes(12).toString('hex');
      const startedAt = clock.now();
      const created = await attempts.insert({
        userId: enrolment.userId,
        courseId,
        versionId: enrolment.versionId,
        moduleId,
        quizKey: quizKeyOf(courseId, moduleId),
        number: list.length + 1,
        seed,
        questions: drawAttempt(bank, seed),
        startedAt,
        deadline: new Date(startedAt.getTime() + minutes(bank.settings.timeLimitMinutes)),
        passMark: bank.settings.passMark,
      });
      if (created) return created;
      // another request started this attempt number first: that one is the learner's attempt
      const again = await listForQuiz(user, courseId, moduleId);
      const raced = again.find((a) => a.state === 'in_progress');
      if (raced) return raced;
      throw refusal(again, bank) ?? new ConflictError('learning.errors.stale');
    },

    /** Saves the answers a post gives, if it was made from the attempt's current state. Returns the new seq. */
    async save(user: SessionUser, attemptId: string, seq: number, named: readonly string[], fields: AnswerFields): Promise<{ attempt: AttemptDoc; seq: number }> {
      const attempt = await load(user, attemptId);
      if (attempt.state === 'finished') {
        throw new ConflictError(attempt.finishedBy === 'deadline' ? 'learning.errors.deadlinePassed' : 'learning.errors.attemptFinished');
      }
      const answers = parseAnswers(attempt.questions, named, fields);
      if (seq !== attempt.seq) throw new ConflictError('learning.errors.stale');
      if (Object.keys(answers).length && !(await attempts.saveAnswers(attempt._id, user.id, seq, clock.now(), answers))) {
        const now = await load(user, attemptId);
        if (now.state === 'finished') throw new ConflictError(now.finishedBy === 'deadline' ? 'learning.errors.deadlinePassed' : 'learning.errors.attemptFinished');
        throw new ConflictError('learning.errors.stale');
      }
      const saved = Object.keys(answers).length ? seq + 1 : seq;
      return { attempt: { ...attempt, answers: { ...attempt.answers, ...answers }, seq: saved }, seq: saved };
    },

    /** Finishes the attempt from its stored answers. A racing finish gets the same, single result. */
    async finish(user: SessionUser, attemptId: string, seq: number): Promise<AttemptDoc> {
      const attempt = await load(user, attemptId);
      if (attempt.state === 'finished') {
        if (attempt.finishedBy === 'deadline') return attempt;
        throw new ConflictError('learning.errors.attemptFinished');
      }
      if (seq !== attempt.seq) throw new ConflictError('learning.errors.stale');
      return finishOpen(attempt, 'learner');
    },

    /** Finishes open attempts past their deadline; returns how many it finished. */
    async sweep(limit = 100): Promise<number> {
      const expired = await attempts.findExpired(clock.now(), limit);
      for (const attempt of expired) await finishOpen(attempt, 'deadline');
      return expired.length;
    },
  };
}

export type AttemptService = ReturnType<typeof attemptService>;
