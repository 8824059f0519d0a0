// Activity templates as PDFs, made from the Markdown stored with a version. A version never
// changes, so a PDF is made once per version, activity and language and then served from memory.
import { NotFoundError } from '../errors.ts';
import { renderActivityPdf } from './activity-pdf.ts';
import type { CourseRepository } from './course.repository.ts';
import { contentLanguage, pick } from '../localised.ts';

export interface ActivityFile {
  fileName: string;
  pdf: Buffer;
}

const CACHED = 100;

export function activityService(deps: { courses: CourseRepository }) {
  const { courses } = deps;
  const made = new Map<string, Promise<ActivityFile>>();

  async function make(courseId: string, versionId: string, activityId: string, readerLang: string): Promise<ActivityFile> {
    const version = await courses.findVersion(versionId);
    if (!version || version.courseId !== courseId) throw new NotFoundError('courses.notFound');
    const activity = version.modules.flatMap((m) => m.activities ?? []).find((a) => a.id === activityId);
    const stored = activity && (await courses.findActivity(version._id, activityId));
    if (!activity || !stored) throw new NotFoundError('courses.notFound');
    const lang = contentLanguage(version, readerLang);
    const pdf = await renderActivityPdf({
      lang,
      title: pick(activity.title, lang),
      courseTitle: pick(version.title, lang),
      markdown: pick(stored.markdown, lang),
      // the version's date, not the download's: the same version gives the same document
      createdAt: version.uploadedAt,
    });
    return { fileName: `${activityId}.${lang}.pdf`, pdf };
  }

  return {
    /** The template of an activity of a version, in the reader's language (or the course's first). */
    pdf(courseId: string, versionId: string, activityId: string, readerLang: string): Promise<ActivityFile> {
      const key = `${versionId}\0${courseId}\0${activityId}\0${readerLang}`;
      const hit = made.get(key);
      if (hit) return hit;
      const file = make(courseId, versionId, activityId, readerLang);
      if (made.size >= CACHED) made.delete(made.keys().next().value!);
      made.set(key, file);
      file.catch(() => made.delete(key));
      return file;
    },
  };
}

export type ActivityService = ReturnType<typeof activityService>;
