// Records that a learner completed a course: one Completion per (user, course), written once all
// required modules are complete. It keeps what certificates and rosters need: the version, the
// module scores, the academic hours and the dates.
import { Types } from 'mongoose';
import type { Clock } from '../../clock.ts';
import { lessonKeys, type Catalog } from '../learning-deps.ts';
import type { EnrolmentDoc } from '../enrolment/enrolment.model.ts';
import { courseProgress, type AttemptState } from './course-progress.ts';
import type { CompletionDoc } from './progress.model.ts';
import type { ProgressRepository } from './progress.repository.ts';

export interface CompletionDeps {
  progress: ProgressRepository;
  catalog: Catalog;
  clock: Clock;
  enrolments: { find(userId: string, courseId: string): Promise<EnrolmentDoc | null>; markCompleted(userId: string, courseId: string, at: Date): Promise<void> };
  attempts: { listForCourse(userId: string, courseId: string, moduleIds: readonly string[]): Promise<(AttemptState & { courseId: string })[]> };
}

/** Told of each new completion once it is stored (certificates, standings). */
export type CompletionListener = (completion: CompletionDoc) => Promise<void>;

export function completionService(deps: CompletionDeps) {
  const { progress, catalog, clock, enrolments } = deps;
  const listeners: CompletionListener[] = [];
  return {
    /**
     * Adds a listener for new completions. A listener that fails does not fail the learner's request:
     * the completion is stored, and the listening feature's own sweep catches up on what it missed.
     */
    onCompleted(listener: CompletionListener): void {
      listeners.push(listener);
    },
    find: (userId: string, courseId: string) => progress.findCompletion(userId, courseId),
    /** The user's completions of these courses, newest first. */
    list: (userId: string, courseIds: readonly string[]) => progress.listCompletions(userId, courseIds),
    /** Every completion recorded at or after `from` (one scan): for a listener's sweep of what it missed. */
    since: (from: Date) => progress.completionsSince(from),

    /** Writes the completion record if the course is complete now; returns it, or null. */
    async record(userId: string, courseId: string): Promise<CompletionDoc | null> {
      const existing = await progress.findCompletion(userId, courseId);
      if (existing) return existing;
      const enrolment = await enrolments.find(userId, courseId);
      const version = enrolment && (await catalog.version(enrolment.versionId));
      if (!enrolment || !version) return null;
      const [lessons, attempts] = await Promise.all([progress.listLessons(userId, courseId, lessonKeys(version)), deps.attempts.listForCourse(userId, courseId, version.modules.map((m) => m.id))]);
      const state = courseProgress(version, lessons, attempts);
      if (!state.complete) return null;
      const required = state.modules.filter((m) => m.required);
      const scores = required.map((m) => m.passedScore ?? 0);
      const completedAt = clock.now();
      const completion = await progress.insertCompletion({
        userId: new Types.ObjectId(userId),
        courseId,
        versionId: version.versionId,
        version: version.version,
        title: version.title as Record<string, string>,
        academicHours: version.academicHours,
        standards: version.standards,
        modules: state.modules.map((m) => ({ moduleId: m.moduleId, required: m.required, score: m.passedScore, attempts: m.attempts, passedAt: m.passedAt })),
        score: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10 : 100,
        enrolledAt: enrolment.enrolledAt,
        dueAt: enrolment.dueAt,
        completedAt,
      });
      await enrolments.markCompleted(userId, courseId, completion.completedAt);
      for (const listener of listeners) await listener(completion).catch(() => undefined);
      return completion;
    },
  };
}

export type CompletionService = ReturnType<typeof completionService>;
