// Every course, version and release event, as the coordinator's pages list them. FerretDB answers
// these reads (by no `_id`) by decoding each collection: three of them cost it 15–25 ms a page
// with the built-in courses alone, so fifty coordinators' views at once queued up to 0.9 s
// (docs/performance.md). They are read once per change of the catalogue's stamp, which every
// write of a course, a version or a release changes after it lands (course.repository.ts), and
// remembered per server like the rest of the catalogue (db/remembered.ts). Publishing and retiring
// still read the releases afresh: they decide on them.
import type { LearnerCache } from '../db/remembered.ts';
import type { CourseDoc, CourseVersionDoc } from './course.model.ts';
import type { CourseReleaseDoc } from './course-release.model.ts';
import type { CourseRepository } from './course.repository.ts';

export interface CourseListing {
  courses: readonly CourseDoc[];
  /** by course, newest first within each */
  versions: readonly CourseVersionDoc[];
  /** oldest first */
  releases: readonly CourseReleaseDoc[];
}

export type CatalogReads = Pick<LearnerCache, 'readCatalog'>;

/** Reads straight from the database: the command line and tests of one service. */
export const unremembered: CatalogReads = { readCatalog: (_key, load) => load() };

export function courseListings(courses: CourseRepository, cache: CatalogReads) {
  const all = (): Promise<CourseListing> =>
    cache.readCatalog('coordinator:listing', async () => {
      const [list, versions, releases] = await Promise.all([courses.listCourses(), courses.listAllVersions(), courses.listAllReleases()]);
      return { courses: list, versions, releases: releases.sort((a, b) => a.at.getTime() - b.at.getTime()) };
    });
  return {
    all,
    /** One course with its versions (newest first) and release events (oldest first); course null if there is none. */
    async ofCourse(courseId: string): Promise<{ course: CourseDoc | null; versions: CourseVersionDoc[]; releases: CourseReleaseDoc[] }> {
      const listing = await all();
      return {
        course: listing.courses.find((c) => c._id === courseId) ?? null,
        versions: listing.versions.filter((v) => v.courseId === courseId),
        releases: listing.releases.filter((r) => r.courseId === courseId),
      };
    },
  };
}

export type CourseListings = ReturnType<typeof courseListings>;
