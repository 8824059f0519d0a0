// The coordinator's lists: every course with its versions, and one course's version history
// (who uploaded what, and when; who published or retired it).
import { NotFoundError } from '../errors.ts';
import type { CourseVersionDoc, Person } from './course.model.ts';
import type { CourseRepository } from './course.repository.ts';
import { pick } from './learner-question.ts';
import { contentLanguage } from './course-preview.service.ts';

function who(person: Person | null | undefined, source?: string): string | null {
  if (source === 'built-in') return null;
  return person?.name || null;
}

function versionRow(v: CourseVersionDoc) {
  return {
    id: String(v._id),
    version: v.version,
    status: v.status,
    source: v.source,
    uploadedBy: who(v.uploadedBy, v.source),
    uploadedAt: v.uploadedAt,
    publishedAt: v.publishedAt,
    publishedBy: who(v.publishedBy),
    retiredAt: v.retiredAt,
    retiredBy: who(v.retiredBy),
    hash: v.contentHash.slice(0, 12),
    modules: v.modules.length,
    lessons: v.modules.reduce((n, m) => n + m.lessons.length, 0),
    questions: v.modules.reduce((n, m) => n + m.questionCount, 0),
    canPublish: v.status === 'draft',
    canRetire: v.status !== 'retired',
  };
}

export function courseHistoryService(deps: { courses: CourseRepository }) {
  const { courses } = deps;
  return {
    async list(readerLang: string) {
      const [all, versions] = await Promise.all([courses.listCourses(), courses.listAllVersions()]);
      return all.map((course) => {
        const own = versions.filter((v) => v.courseId === course._id);
        const lang = contentLanguage(course, readerLang);
        return {
          id: course._id,
          title: pick(course.title, lang),
          published: course.publishedVersion,
          latest: own[0]?.version ?? null,
          latestStatus: own[0]?.status ?? null,
          versionCount: own.length,
        };
      });
    },

    async history(courseId: string, readerLang: string) {
      const course = await courses.findCourse(courseId);
      if (!course) throw new NotFoundError('courses.notFound');
      const lang = contentLanguage(course, readerLang);
      const versions = await courses.listVersions(courseId);
      return { id: course._id, title: pick(course.title, lang), published: course.publishedVersion, versions: versions.map(versionRow) };
    },
  };
}

export type CourseHistoryService = ReturnType<typeof courseHistoryService>;
