// Content a crashed import left behind. An import writes images, then lessons and quizzes, then
// the version document that makes them visible (course-import.service.ts); a failure on the way
// removes what it wrote, but a process that dies cannot. Whatever belongs to a version id that has
// no version document, and was started more than an hour ago (the version id is an ObjectId made
// when the import began; an import takes seconds), is deleted. Nobody can have seen it: nothing
// links to content without a version.
import { Types } from 'mongoose';
import type { CourseRepository } from './course.repository.ts';
import type { MediaRepository } from './media.repository.ts';

export const ABANDONED_AFTER_MS = 60 * 60 * 1000;

export interface SweptContent {
  versions: number;
  files: number;
}

export async function sweepAbandonedContent(deps: { courses: CourseRepository; media: MediaRepository }, now: Date): Promise<SweptContent> {
  const { courses, media } = deps;
  const stored = await courses.versionIds();
  const abandoned = (versionId: string) => !stored.has(versionId) && Types.ObjectId.isValid(versionId) && new Types.ObjectId(versionId).getTimestamp().getTime() < now.getTime() - ABANDONED_AFTER_MS;

  const versions = [...(await courses.contentVersionIds())].filter(abandoned);
  for (const versionId of versions) await courses.removeContent(new Types.ObjectId(versionId));
  const files = (await media.list()).filter((f) => f.versionId && abandoned(String(f.versionId)));
  await media.remove(files.map((f) => f.id));
  return { versions: versions.length, files: files.length };
}
