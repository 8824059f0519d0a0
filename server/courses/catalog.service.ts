// What other features (learning, reports) read of courses: published versions for new
// enrolments, any stored version by id (learners keep the version they started, even once it is
// retired), quiz banks and rendered lessons. They never reach into this feature's repositories.
import type { Types } from 'mongoose';
import { NotFoundError } from '../errors.ts';
import type { CourseVersionDoc } from './course.model.ts';
import type { CourseRepository } from './course.repository.ts';
import { contentLanguage, pick } from '../localised.ts';
import { renderLesson } from './lesson-render.ts';
import type { ContentNote, LocalisedText } from './package/course.schema.ts';
import type { Quiz } from './package/quiz.schema.ts';
import { courseState, type VersionStatus } from './release-state.ts';

export interface CatalogVersion {
  versionId: string;
  courseId: string;
  version: string;
  status: VersionStatus;
  languages: string[];
  title: LocalisedText;
  description: LocalisedText;
  academicHours: number;
  standards: string[];
  modules: {
    id: string;
    title: LocalisedText;
    required: boolean;
    questionCount: number;
    lessons: { id: string; title: LocalisedText; minSeconds: number | null; contentNote: ContentNote | null }[];
    activities: { id: string; title: LocalisedText; minutes: number }[];
  }[];
}

const text = (value: Partial<Record<string, string | null>> | null | undefined): LocalisedText => {
  const out: Record<string, string> = {};
  for (const [lang, s] of Object.entries(value ?? {})) if (typeof s === 'string') out[lang] = s;
  return out as LocalisedText;
};

function toCatalog(v: CourseVersionDoc, status: VersionStatus): CatalogVersion {
  return {
    versionId: String(v._id),
    courseId: v.courseId,
    version: v.version,
    status,
    languages: [...v.languages],
    title: text(v.title),
    description: text(v.description),
    academicHours: v.academicHours,
    standards: [...v.standards],
    modules: v.modules.map((m) => ({
      id: m.id,
      title: text(m.title),
      required: m.required,
      questionCount: m.questionCount,
      lessons: m.lessons.map((l) => ({ id: l.id ?? '', title: text(l.title), minSeconds: l.minSeconds ?? null, contentNote: (l.contentNote ?? null) as ContentNote | null })),
      activities: (m.activities ?? []).map((a) => ({ id: a.id ?? '', title: text(a.title), minutes: a.minutes ?? 0 })),
    })),
  };
}

export function courseCatalogService(deps: { courses: CourseRepository }) {
  const { courses } = deps;

  async function publishedVersionOf(courseId: string): Promise<CatalogVersion | null> {
    const published = courseState(await courses.listReleases(courseId)).published;
    const version = published ? await courses.findVersion(published) : null;
    return version ? toCatalog(version, 'published') : null;
  }

  return {
    /** Any stored version, whatever its status: learners keep the version they enrolled on. */
    async version(versionId: string | Types.ObjectId): Promise<CatalogVersion | null> {
      const version = await courses.findVersion(versionId);
      if (!version) return null;
      return toCatalog(version, courseState(await courses.listReleases(version.courseId)).of(version._id).status);
    },

    publishedVersionOf,

    /** The id of every course ever stored, published or not: learners may be enrolled in any. */
    async courseIds(): Promise<string[]> {
      return (await courses.listCourses()).map((c) => c._id);
    },

    /** Every course's published version, by course id. */
    async published(): Promise<CatalogVersion[]> {
      const list = await courses.listCourses();
      const versions = await Promise.all(list.map((c) => publishedVersionOf(c._id)));
      return versions.filter((v): v is CatalogVersion => v !== null);
    },

    /** A module's settings and whole question bank, answer keys included: for grading on the server only. */
    async quizBank(versionId: string | Types.ObjectId, moduleId: string): Promise<Quiz | null> {
      const version = await courses.findVersion(versionId);
      const quiz = version && (await courses.findQuiz(version._id, moduleId));
      return quiz ? ({ settings: quiz.settings, questions: quiz.questions } as Quiz) : null;
    },

    /** A lesson as sanitised HTML in the reader's language (or the course's first), for a `{{{lessonHtml}}}` slot. */
    async lessonHtml(courseId: string, versionId: string | Types.ObjectId, moduleId: string, lessonId: string, lang: string, base: string): Promise<string> {
      const version = await courses.findVersion(versionId);
      const lesson = version && version.courseId === courseId ? await courses.findLesson(version._id, moduleId, lessonId) : null;
      if (!version || !lesson) throw new NotFoundError('courses.notFound');
      const images = new Map(version.images.map((img) => [img.path!, String(img.fileId)]));
      return renderLesson(pick(lesson.markdown, contentLanguage(version, lang)), base, { moduleDir: `modules/${moduleId}`, images });
    },
  };
}

export type CourseCatalogService = ReturnType<typeof courseCatalogService>;
