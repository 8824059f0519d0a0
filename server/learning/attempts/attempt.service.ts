// Starting, saving, finishing and expiring attempts. Every change is a claim of the attempt's next
// seq (an insert that only one request can win, attempt.model.ts explains why), then a projection
// of the new state onto the attempt for fast reads. A refused post has claimed nothing: nothing
// changed, and the attempt is read again to give the learner the true reason.
import { randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { SessionUser } from '../../accounts/session-user.types.ts';
import { drawAttempt } from '../quiz/draw.ts';
import { gradeAttempt } from '../quiz/grade.ts';
import { parseAnswers, sameAnswers, type AnswerFields } from '../quiz/answer-input.ts';
import type { BankQuestion, DrawnQuestion, QuizBank } from '../quiz/quiz-types.ts';
import type { Clock } from '../../clock.ts';
import { moduleOf, type Catalog } from '../learning-deps.ts';
import type { EnrolmentDoc } from '../enrolment/enrolment.model.ts';
import type { AttemptDoc } from './attempt.model.ts';
import type { AttemptRepository } from './attempt.repository.ts';
import { applyEntry } from './attempt-log.ts';
import { attemptCopies, PROJECT_EVERY } from './attempt-copies.ts';

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

  // this server's copies of open attempts, and its reading of the log after them
  const { known, remember, project, latest, catchUp } = attemptCopies(attempts);

  /** Grades an open attempt from its applied answers and claims its next seq with the finish. */
  async function finishOpen(attempt: AttemptDoc, by: 'learner' | 'deadline'): Promise<AttemptDoc> {
    const bank = await bankOf(attempt);
    let current = attempt;
    for (let tries = 0; tries < 20 && current.state === 'in_progress'; tries += 1) {
      const expired = current.deadline.getTime() <= clock.now().getTime();
      const how = expired ? 'deadline' : by;
      const grade = gradeAttempt(bank.questions as BankQuestion[], current.questions, current.answers ?? {}, current.passMark);
      // an expired attempt ended at its deadline, whenever that is noticed
      const entry = { attemptId: current._id, seq: current.seq, kind: 'finish' as const, at: expired ? current.deadline : clock.now(), finishedBy: how, ...grade };
      if (await attempts.claim(entry)) {
        const finished = applyEntry(current, { ...entry, _id: `${current._id}:${current.seq}` });
        await project(finished);
        if (grade.passed) await deps.onPassed(String(current.userId), current.courseId);
        return finished;
      }
      // another request claimed this seq first: apply what it wrote and look again
      const seen = current.seq;
      current = await catchUp(current);
      if (how === 'learner' && current.state === 'in_progress' && current.seq > seen) throw new ConflictError('learning.errors.stale');
    }
    return current;
  }

  const finishedError = (attempt: Pick<AttemptDoc, 'finishedBy'>) => new ConflictError(attempt.finishedBy === 'deadline' ? 'learning.errors.deadlinePassed' : 'learning.errors.attemptFinished');

  /** The user's attempt, fully applied, and finished first if its deadline has passed. Other users' attempts do not exist. */
  async function load(user: SessionUser, attemptId: string): Promise<AttemptDoc> {
    // A remembered open attempt needs no read of its own: catchUp still reads the entry after it,
    // so a save or finish made by another server since is applied before anything is shown.
    const mine = known.get(attemptId);
    const stored = mine ?? (await attempts.findById(attemptId));
    if (!stored || String(stored.userId) !== user.id) throw new NotFoundError('learning.errors.attemptNotFound');
    const attempt = await catchUp(mine ?? (await latest(stored)));
    if (attempt.state === 'in_progress' && attempt.deadline.getTime() <= clock.now().getTime()) return finishOpen(attempt, 'deadline');
    return attempt;
  }

  async function listForQuiz(user: SessionUser, courseId: string, moduleId: string): Promise<AttemptDoc[]> {
    const list = await attempts.listForQuiz(user.id, quizKeyOf(courseId, moduleId));
    return Promise.all(
      list.map(async (stored) => {
        const a = stored.state === 'in_progress' ? await catchUp(await latest(stored)) : stored;
        return a.state === 'in_progress' && a.deadline.getTime() <= clock.now().getTime() ? finishOpen(a, 'deadline') : a;
      }),
    );
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

    /** Saves the answers a post gives, if it was made from the attempt's current state; returns the new seq. */
    async save(user: SessionUser, attemptId: string, seq: number, named: readonly string[], fields: AnswerFields): Promise<{ questions: DrawnQuestion[]; seq: number }> {
      const mine = known.get(attemptId);
      let attempt = mine && String(mine.userId) === user.id && mine.deadline.getTime() > clock.now().getTime() ? mine : undefined;
      if (attempt?.seq !== seq) {
        // behind the post (another server took the saves before it): the entries up to it; else the whole log
        attempt = attempt && attempt.seq < seq ? await catchUp(attempt, seq) : await load(user, attemptId);
        if (attempt.state === 'finished') throw finishedError(attempt);
      }
      const answers = parseAnswers(attempt.questions, named, fields);
      // the same answers sent again (a double tap, a resend) were saved already
      if (seq !== attempt.seq && sameAnswers(attempt.answers, answers)) return { questions: attempt.questions, seq: attempt.seq };
      if (seq !== attempt.seq) throw new ConflictError('learning.errors.stale');
      if (!Object.keys(answers).length) return { questions: attempt.questions, seq };
      // the answer is written, and durable, before the learner is told it is saved
      if (!(await attempts.claim({ attemptId, seq, kind: 'answers', at: clock.now(), answers }))) {
        const now = await load(user, attemptId);
        if (now.state === 'finished') throw finishedError(now);
        // lost to the same answers sent at once (a tap again while the first was in flight): saved
        if (sameAnswers(now.answers, answers)) return { questions: now.questions, seq: now.seq };
        throw new ConflictError('learning.errors.stale');
      }
      const saved = { ...attempt, answers: { ...attempt.answers, ...answers }, seq: seq + 1 };
      // every few saves the progress catches up too: a learner who only saves (the quiz script)
      // would otherwise leave a server that has not seen the attempt a long log to read
      if (saved.seq % PROJECT_EVERY === 0) await project(saved);
      else remember(saved);
      return { questions: saved.questions, seq: saved.seq };
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

    /** Marks attempts started before open-attempt markers existed; see attempt.model.ts. */
    markOpenAttempts: () => attempts.markOpenAttempts(),

    /** Finishes open attempts past their deadline; returns how many it finished. */
    async sweep(limit = 100): Promise<number> {
      const expired = await attempts.findExpired(clock.now(), limit);
      let finished = 0;
      for (const stored of expired) {
        const attempt = await catchUp(await latest(stored));
        if (attempt.state !== 'in_progress') {
          // finished by a request whose marker deletion did not happen (a crash in between)
          await attempts.closeMarker(attempt._id);
          continue;
        }
        await finishOpen(attempt, 'deadline');
        finished += 1;
      }
      return finished;
    },
  };
}

export type AttemptService = ReturnType<typeof attemptService>;
