// A course's release state, derived from its versions and release events (no I/O):
// - a version is published once it has a publish event, unless it has a retire event or a newer
//   version (by semver) has a publish event too: publishing a version retires the one before it;
// - new enrolments get the newest version with a publish event, unless that one is retired;
// - a draft may be published only if it is newer than every version ever published.
// Two publishes racing both insert their event; the derived state still has one published
// version, the newest, and the other reads as retired by it.
import type { Types } from 'mongoose';
import type { Person } from './course.model.ts';
import type { CourseReleaseDoc } from './course-release.model.ts';

export type VersionStatus = 'draft' | 'published' | 'retired';

export interface VersionState {
  status: VersionStatus;
  publishedAt: Date | null;
  publishedBy: Person | null;
  retiredAt: Date | null;
  retiredBy: Person | null;
}

export interface CourseState {
  of(versionId: Types.ObjectId | string): VersionState;
  /** the version new enrolments get, if any */
  published: string | null;
  /** the order key of the newest version ever published, '' if none */
  highestPublishedOrder: string;
}

type Release = Pick<CourseReleaseDoc, 'versionId' | 'order' | 'action' | 'at' | 'by'>;

const draft: VersionState = { status: 'draft', publishedAt: null, publishedBy: null, retiredAt: null, retiredBy: null };

export function courseState(releases: readonly Release[]): CourseState {
  const publishes = releases.filter((r) => r.action === 'publish').sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  const retires = new Map(releases.filter((r) => r.action === 'retire').map((r) => [String(r.versionId), r]));
  const newest = publishes.at(-1);
  const states = new Map<string, VersionState>();
  publishes.forEach((p, i) => {
    const id = String(p.versionId);
    const retiredBy = retires.get(id) ?? publishes[i + 1];
    states.set(id, { status: retiredBy ? 'retired' : 'published', publishedAt: p.at, publishedBy: p.by, retiredAt: retiredBy?.at ?? null, retiredBy: retiredBy?.by ?? null });
  });
  for (const [id, r] of retires) if (!states.has(id)) states.set(id, { ...draft, status: 'retired', retiredAt: r.at, retiredBy: r.by });
  const current = newest && !retires.has(String(newest.versionId)) ? String(newest.versionId) : null;
  return {
    of: (versionId) => states.get(String(versionId)) ?? draft,
    published: current,
    highestPublishedOrder: newest?.order ?? '',
  };
}
