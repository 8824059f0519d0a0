// Course versions are immutable once stored (only their status moves, which learners of a version
// do not depend on), so the outlines and question banks a learner needs are kept in memory by
// version id: a quiz page or a grade then costs no course reads, and a lesson is rendered once.
import type { Catalog } from './learning-deps.ts';
import type { LearnerCache } from '../db/remembered.ts';
import { keptReads } from '../db/kept.ts';

const LIMIT = 500;

// a failed or empty read is not kept: the version may be stored a moment later
const bounded = <T>() => keptReads<T>({ max: LIMIT });

export function cachedCatalog(catalog: Catalog): Catalog {
  const versions = bounded<Awaited<ReturnType<Catalog['version']>>>();
  const banks = bounded<Awaited<ReturnType<Catalog['quizBank']>>>();
  const lessons = bounded<string>();
  return {
    version: (versionId) => versions(String(versionId), () => catalog.version(versionId)),
    quizBank: (versionId, moduleId) => banks(`${String(versionId)}:${moduleId}`, () => catalog.quizBank(versionId, moduleId)),
    publishedVersionOf: (courseId) => catalog.publishedVersionOf(courseId),
    published: () => catalog.published(),
    courseIds: () => catalog.courseIds(),
    // rendered and sanitised once per version, lesson, language and mount path
    lessonHtml: (courseId, versionId, moduleId, lessonId, lang, base) => lessons(`${String(versionId)}\0${courseId}\0${moduleId}\0${lessonId}\0${lang}\0${base}`, () => catalog.lessonHtml(courseId, versionId, moduleId, lessonId, lang, base)),
  };
}

/**
 * What learners are offered (the published versions and every course id) changes only with a
 * release or a new course, which change the catalogue's stamp (courses/course.repository.ts): a
 * request reads that stamp once and the offer itself only after a change.
 */
export function rememberedOffer(catalog: Catalog, cache: LearnerCache): Catalog {
  return {
    ...catalog,
    publishedVersionOf: (courseId) => cache.readCatalog(`published:${courseId}`, () => catalog.publishedVersionOf(courseId)),
    published: () => cache.readCatalog('published', () => catalog.published()),
    courseIds: () => cache.readCatalog('courseIds', () => catalog.courseIds()),
  };
}
