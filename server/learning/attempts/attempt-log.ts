// An attempt is its drawn questions plus its log of entries, applied in seq order. Pure.
import type { AttemptDoc, AttemptEntryDoc } from './attempt.model.ts';
import type { Projection } from './attempt.repository.ts';

export function applyEntry(attempt: AttemptDoc, entry: AttemptEntryDoc): AttemptDoc {
  if (entry.kind === 'answers') return { ...attempt, answers: { ...attempt.answers, ...entry.answers }, seq: entry.seq + 1 };
  return {
    ...attempt,
    seq: entry.seq + 1,
    state: 'finished',
    finishedAt: entry.at,
    finishedBy: entry.finishedBy ?? 'learner',
    score: entry.score ?? 0,
    passed: entry.passed ?? false,
    results: entry.results ?? [],
  };
}

/** Every field the log changes, written together so that a projection is never half of one state. */
export function projectionOf(attempt: AttemptDoc): Projection {
  const { state, answers, seq, finishedAt, finishedBy, score, passed, results } = attempt;
  return { state, answers, seq, finishedAt, finishedBy, score, passed, results };
}
