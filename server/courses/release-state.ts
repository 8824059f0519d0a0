// A course's release state, derived from its versions' release events (no I/O).
// Each version's events form one numbered sequence (seq 1, 2, 3 …, see course-release.model.ts);
// a version's own state is its latest event: none → draft, publish → published, retire → retired.
// Across versions:
// - only one version is published at a time: a version with a publish event is retired by the
//   first publish of a newer version (by semver), without an event of its own;
// - new enrolments get the newest version with a publish event, if its latest event is a publish;
// - a version may be published if it is a draft, or a retired version that was published before
//   ("publish again"), and it is not older than any version ever published: the published
//   version only moves forward. A draft retired unpublished stays retired (it may be being deleted).
// Two publishes of different versions racing both insert their event; the derived state still has
// one published version, the newest, and the other reads as retired by it.
import type { Types } from 'mongoose';
import type { Person } from './course.model.ts';
import type { CourseReleaseDoc } from './course-release.model.ts';

export type VersionStatus = 'draft' | 'published' | 'retired';

/** One publish and what ended it: a retire event, the publish of a newer version, or nothing yet. */
export interface ReleaseRound {
  publishedAt: Date | null;
  publishedBy: Person | null;
  retiredAt: Date | null;
  retiredBy: Person | null;
}

export interface VersionState {
  status: VersionStatus;
  /** the latest round's figures (null when it has none) */
  publishedAt: Date | null;
  publishedBy: Person | null;
  retiredAt: Date | null;
  retiredBy: Person | null;
  /** every round, oldest first; a draft retired unpublished has one round without a publish */
  rounds: ReleaseRound[];
  /** the version's events so far: its next event takes seq `events + 1` */
  events: number;
  /** whether the version has ever been published */
  everPublished: boolean;
  /** whether publishing it now is allowed (a draft, or "publish again") */
  canPublish: boolean;
}

export interface CourseState {
  of(versionId: Types.ObjectId | string): VersionState;
  /** the version new enrolments get, if any */
  published: string | null;
  /** the order key of the newest version ever published, '' if none */
  highestPublishedOrder: string;
}

export type Release = Pick<CourseReleaseDoc, 'versionId' | 'order' | 'action' | 'at' | 'by'> & { seq?: number | null };

const draft: VersionState = { status: 'draft', publishedAt: null, publishedBy: null, retiredAt: null, retiredBy: null, rounds: [], events: 0, everPublished: false, canPublish: true };

const byOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A version's events in sequence. Events written before numbering (at most one publish and one
 * retire per version) carry no seq: they come first, by time, a publish before a retire.
 */
export function inSequence(events: readonly Release[]): Release[] {
  const legacy = events.filter((e) => typeof e.seq !== 'number').sort((a, b) => a.at.getTime() - b.at.getTime() || byOrder(a.action, b.action));
  const numbered = events.filter((e) => typeof e.seq === 'number').sort((a, b) => a.seq! - b.seq!);
  return [...legacy, ...numbered];
}

export function courseState(releases: readonly Release[]): CourseState {
  const perVersion = new Map<string, Release[]>();
  for (const r of releases) perVersion.set(String(r.versionId), [...(perVersion.get(String(r.versionId)) ?? []), r]);
  const publishes = releases.filter((r) => r.action === 'publish');
  const highest = publishes.reduce((max, p) => (p.order > max ? p.order : max), '');
  // the first publish of a version newer than `order`, at or after `since`: what retired a round
  const supersededBy = (order: string, since: Date) =>
    publishes.filter((p) => p.order > order && p.at.getTime() >= since.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime())[0] ??
    publishes.filter((p) => p.order > order).sort((a, b) => a.at.getTime() - b.at.getTime())[0];

  const states = new Map<string, VersionState>();
  for (const [id, events] of perVersion) {
    const sequence = inSequence(events);
    const rounds: ReleaseRound[] = [];
    for (const e of sequence) {
      const open = rounds.at(-1);
      if (e.action === 'publish') rounds.push({ publishedAt: e.at, publishedBy: e.by, retiredAt: null, retiredBy: null });
      else if (open && open.publishedAt && !open.retiredAt) Object.assign(open, { retiredAt: e.at, retiredBy: e.by });
      else rounds.push({ publishedAt: null, publishedBy: null, retiredAt: e.at, retiredBy: e.by });
    }
    const last = sequence.at(-1)!;
    const order = last.order;
    const lastRound = rounds.at(-1)!;
    let status: VersionStatus = last.action === 'publish' ? 'published' : 'retired';
    if (status === 'published' && order < highest) {
      const newer = supersededBy(order, lastRound.publishedAt!);
      status = 'retired';
      Object.assign(lastRound, { retiredAt: newer?.at ?? null, retiredBy: newer?.by ?? null });
    }
    const everPublished = rounds.some((r) => r.publishedAt);
    states.set(id, {
      status,
      ...lastRound,
      rounds,
      events: Math.max(sequence.length, ...sequence.map((e) => e.seq ?? 0)),
      everPublished,
      canPublish: status === 'retired' && everPublished && order >= highest,
    });
  }
  const newest = publishes.filter((p) => p.order === highest)[0];
  const current = newest && states.get(String(newest.versionId))?.status === 'published' ? String(newest.versionId) : null;
  return {
    of: (versionId) => states.get(String(versionId)) ?? draft,
    published: current,
    highestPublishedOrder: highest,
  };
}
