// Learning's one bulk-write path: history that did not happen through the pages, written in the
// documented shapes (docs/learning.md) in batches. Used for DEMO DATA only (`qorgau seed-demo`):
// teachers who cannot sign in, with enrolments, finished quiz attempts and completions spread over
// time. Every id is derived from its key, as learning derives it, so writing the same history twice
// adds nothing. Nothing is told to the completion listeners: the caller issues certificates and
// stores standings itself (seed-demo does both through their features' services).
import { insertManyOnce } from '../../db/claim.ts';
import type { Types, Connection } from 'mongoose';
import { attemptIdOf } from '../attempts/attempt.repository.ts';
import { attemptEntryModel, attemptModel } from '../attempts/attempt.model.ts';
import { enrolmentId, enrolmentModel } from '../enrolment/enrolment.model.ts';
import type { Catalog, CatalogVersion } from '../learning-deps.ts';
import { completionId, completionModel, type CompletionDoc } from '../progress/progress.model.ts';

/** One teacher's past course: enrolled, quizzes taken, maybe completed. */
export interface PastCourse {
  userId: Types.ObjectId;
  course: CatalogVersion;
  enrolledAt: Date;
  source: 'self' | 'assigned';
  dueAt: Date | null;
  /** when the last required quiz was passed; null: still in progress */
  completedAt: Date | null;
  /** a score per module with a quiz, in module order; fewer than the modules: the rest not taken */
  scores: number[];
}

export interface HistoryResult {
  enrolments: number;
  attempts: number;
  completions: number;
  /** every completion of the batch, new or stored before (certificates are issued from these) */
  completed: CompletionDoc[];
}

const DEFAULT_PASS_MARK = 70;
const MINUTE = 60_000;


export function historyService(deps: { db: Connection; catalog: Pick<Catalog, 'quizBank'> }) {
  const Enrolments = enrolmentModel(deps.db);
  const Attempts = attemptModel(deps.db);
  const Entries = attemptEntryModel(deps.db);
  const Completions = completionModel(deps.db);
  const passMarks = new Map<string, Promise<number>>();
  const passMarkOf = (versionId: string, moduleId: string) => {
    const key = `${versionId}:${moduleId}`;
    let mark = passMarks.get(key);
    if (!mark) passMarks.set(key, (mark = deps.catalog.quizBank(versionId, moduleId).then((q) => q?.settings.passMark ?? DEFAULT_PASS_MARK)));
    return mark;
  };

  return {
    /** Writes enrolments, then attempts with their log, then completions (a crash between leaves no completion without its attempts). */
    async store(past: readonly PastCourse[]): Promise<HistoryResult> {
      const enrolments: object[] = [];
      const attempts: object[] = [];
      const entries: object[] = [];
      const completions: CompletionDoc[] = [];
      for (const p of past) {
        const uid = String(p.userId);
        const { course } = p;
        const end = (p.completedAt ?? p.enrolledAt).getTime();
        enrolments.push({ _id: enrolmentId(uid, course.courseId), userId: p.userId, courseId: course.courseId, versionId: course.versionId, enrolledAt: p.enrolledAt, source: p.source, dueAt: p.dueAt, assignmentId: null, completedAt: p.completedAt });
        const quizzes = course.modules.filter((m) => m.questionCount > 0);
        const modules: CompletionDoc['modules'] = [];
        for (const [i, m] of quizzes.entries()) {
          let score = p.scores[i];
          if (score === undefined) {
            modules.push({ moduleId: m.id, required: m.required, score: null, attempts: 0, passedAt: null });
            continue;
          }
          const passMark = await passMarkOf(course.versionId, m.id);
          // a completed course passed every quiz: a score below this version's mark is raised to it
          if (p.completedAt && score < passMark) score = passMark;
          // quizzes spread between the enrolment and the completion, the last one on the completion's day
          const finishedAt = new Date(p.enrolledAt.getTime() + ((end - p.enrolledAt.getTime()) * (i + 1)) / quizzes.length);
          const quizKey = `${course.courseId}:${m.id}`;
          const id = attemptIdOf(uid, quizKey, 1);
          const passed = score >= passMark;
          attempts.push({ _id: id, userId: p.userId, courseId: course.courseId, versionId: course.versionId, moduleId: m.id, quizKey, number: 1, seed: 'history', questions: [], startedAt: new Date(finishedAt.getTime() - 12 * MINUTE), deadline: new Date(finishedAt.getTime() + 18 * MINUTE), state: 'finished', answers: {}, seq: 1, finishedAt, finishedBy: 'learner', score, passed, passMark, results: [] });
          entries.push({ _id: `${id}:0`, attemptId: id, seq: 0, kind: 'finish', at: finishedAt, finishedBy: 'learner', score, passed, results: [] });
          modules.push({ moduleId: m.id, required: m.required, score: passed ? score : null, attempts: 1, passedAt: passed ? finishedAt : null });
        }
        if (!p.completedAt) continue;
        // the completion service's rule: the mean of the required modules' passing scores
        const required = modules.filter((m) => m.required).map((m) => m.score ?? 0);
        completions.push({
          _id: completionId(uid, course.courseId),
          userId: p.userId,
          courseId: course.courseId,
          versionId: course.versionId,
          version: course.version,
          title: course.title as Record<string, string>,
          academicHours: course.academicHours,
          standards: [...course.standards],
          modules,
          score: required.length ? Math.round((required.reduce((a, b) => a + b, 0) / required.length) * 10) / 10 : 100,
          enrolledAt: p.enrolledAt,
          dueAt: p.dueAt,
          completedAt: p.completedAt,
        });
      }
      const result = { enrolments: await insertManyOnce(Enrolments, enrolments), attempts: 0, completions: 0, completed: completions };
      await insertManyOnce(Entries, entries);
      result.attempts = await insertManyOnce(Attempts, attempts);
      result.completions = await insertManyOnce(Completions, completions);
      return result;
    },
  };
}

export type HistoryService = ReturnType<typeof historyService>;
