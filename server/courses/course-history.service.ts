// The coordinator's lists: every course with its versions, and one course's version history
// (who uploaded what, and when; who published or retired it, each time).
import { NotFoundError } from '../errors.ts';
import type { CourseVersionDoc, Person } from './course.model.ts';
import type { CourseListings } from './course-listings.ts';
import { contentLanguage, pick } from '../localised.ts';
import { courseState, type VersionState } from './release-state.ts';

function who(person: Person | null | undefined, source?: string): string | null {
  if (source === 'built-in') return null;
  return person?.name || null;
}

function versionRow(v: CourseVersionDoc, state: VersionState) {
  return {
    id: String(v._id),
    version: v.version,
    status: state.status,
    source: v.source,
    uploadedBy: who(v.uploadedBy, v.source),
    uploadedAt: v.uploadedAt,
    // every publish and what ended it, oldest first: the version's audit trail
    rounds: state.rounds.map((r) => ({ publishedAt: r.publishedAt, publishedBy: who(r.publishedBy), retiredAt: r.retiredAt, retiredBy: who(r.retiredBy) })),
    hash: v.contentHash.slice(0, 12),
    modules: v.modules.length,
    lessons: v.modules.reduce((n, m) => n + m.lessons.length, 0),
    questions: v.modules.reduce((n, m) => n + m.questionCount, 0),
    canPublish: state.status === 'draft' || state.canPublish,
    /** "Publish again": a retired version that was published before */
    republish: state.status === 'retired' && state.canPublish,
    canRetire: state.status !== 'retired',
  };
}

export function courseHistoryService(deps: { listings: CourseListings }) {
  const { listings } = deps;
  return {
    async list(readerLang: string) {
      const { courses: all, versions, releases } = await listings.all();
      return all.map((course) => {
        const own = versions.filter((v) => v.courseId === course._id);
        const state = courseState(releases.filter((r) => r.courseId === course._id));
        const published = own.find((v) => String(v._id) === state.published);
        // The title learners see now: the published version's, else the newest upload's.
        const shown = published ?? own[0] ?? course;
        const lang = contentLanguage(shown, readerLang);
        return {
          id: course._id,
          title: pick(shown.title, lang),
          published: published?.version ?? null,
          latest: own[0]?.version ?? null,
          latestStatus: own[0] ? state.of(own[0]._id).status : null,
          versionCount: own.length,
        };
      });
    },

    async history(courseId: string, readerLang: string) {
      const { course, versions, releases } = await listings.ofCourse(courseId);
      if (!course) throw new NotFoundError('courses.notFound');
      const lang = contentLanguage(course, readerLang);
      const state = courseState(releases);
      const published = versions.find((v) => String(v._id) === state.published)?.version ?? null;
      return { id: course._id, title: pick(course.title, lang), published, versions: versions.map((v) => versionRow(v, state.of(v._id))) };
    },
  };
}

export type CourseHistoryService = ReturnType<typeof courseHistoryService>;
