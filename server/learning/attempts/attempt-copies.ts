// What one server knows of open attempts, and how it reads an attempt's log after what it knows.
// The log (attempt_entries) is the truth; a copy here saves reading it from the start, and the
// progress document (written every PROJECT_EVERY entries) saves a server that never saw the
// attempt from reading all of it.
import type { AttemptDoc, AttemptEntryDoc } from './attempt.model.ts';
import type { AttemptRepository } from './attempt.repository.ts';
import { applyEntry, projectionOf } from './attempt-log.ts';

const KNOWN_LIMIT = 5_000;
export const PROJECT_EVERY = 8;

export function attemptCopies(attempts: AttemptRepository) {
  // Open attempts as this server last saw them, fully applied. A save whose seq matches skips the
  // read: its claim succeeding proves no other request changed the attempt in between.
  const known = new Map<string, AttemptDoc>();
  function remember(attempt: AttemptDoc): void {
    known.delete(attempt._id);
    if (attempt.state !== 'in_progress') return;
    if (known.size >= KNOWN_LIMIT) known.delete(known.keys().next().value!);
    known.set(attempt._id, attempt);
  }

  /** Writes what the log says so far: an open attempt's answers to its small progress document, a finished one's state, grade and answers onto the attempt (attempt.model.ts). */
  async function project(attempt: AttemptDoc): Promise<void> {
    remember(attempt);
    if (attempt.state !== 'finished') return attempts.saveProgress(attempt._id, attempt.seq, attempt.answers);
    await attempts.project(attempt._id, projectionOf(attempt));
    await attempts.announceFinish(String(attempt.userId));
    await attempts.closeMarker(attempt._id);
  }

  /**
   * Where to start reading an open attempt's log: this server's own copy if it is as far along
   * as the stored one, else the stored attempt with the progress another server wrote, if that is
   * further along. Either way, catchUp reads the entries after it.
   */
  async function latest(stored: AttemptDoc): Promise<AttemptDoc> {
    if (stored.state !== 'in_progress') return stored;
    const mine = known.get(stored._id);
    if (mine && mine.seq >= stored.seq) return mine;
    const progress = await attempts.progress(stored._id);
    return progress && progress.seq > stored.seq ? { ...stored, seq: progress.seq, answers: progress.answers } : stored;
  }

  /**
   * Applies the log entries after `attempt`: to the log's end, or, for a save (`before`, the seq it
   * posts), up to the entry before it without reading the one at it, since the save's claim of that
   * seq shows whether it is free. Behind a load balancer that alternates a learner's saves between
   * two servers, each save then reads one entry instead of two; a post ahead of the log stops at the
   * first missing entry. A save writes the progress only at every PROJECT_EVERY-th entry (one write
   * per answer, and a small one now and then); a reader writes it once it lags by that many, and the
   * finish onto the attempt once it is finished.
   */
  async function catchUp(attempt: AttemptDoc, before = Infinity): Promise<AttemptDoc> {
    let current = attempt;
    let entry: AttemptEntryDoc | null;
    while (current.state === 'in_progress' && current.seq < before && (entry = await attempts.findEntry(current._id, current.seq))) current = applyEntry(current, entry);
    if (current.seq - attempt.seq >= PROJECT_EVERY || (current.state === 'finished' && attempt.state !== 'finished')) await project(current);
    else remember(current);
    return current;
  }

  return { known, remember, project, latest, catchUp };
}
