// Course packages for integration tests: the mini-course fixture under another id or version,
// uploaded through the real form, and the document counts that show a refusal stored nothing.
import type { Connection } from 'mongoose';
import { Browser, type Page } from './browser.ts';
import { edit, miniCourse, zipOf } from './zip.ts';

let serial = 0;

/** A fresh course id, so tests sharing the run's database do not meet each other's courses. */
export function courseId(prefix = 'course'): string {
  serial += 1;
  return `${prefix}-${Date.now().toString(36)}-${serial}`;
}

/** The mini-course files under another id and version. */
export function coursePackage(id: string, version = '1.0.0'): Map<string, Buffer> {
  return edit(miniCourse(), 'course.yaml', (t) => t.replace('id: mini-course', `id: ${id}`).replace('version: 1.0.0', `version: ${version}`));
}

export function courseZip(id: string, version = '1.0.0'): Buffer {
  return zipOf(coursePackage(id, version));
}

/** Uploads a file through the upload form, as a coordinator's browser does. */
export async function uploadPackage(browser: Browser, zip: Buffer, fileName = 'package.zip', csrf?: string): Promise<Page> {
  const token = csrf ?? Browser.csrf(await browser.get('/coordinator/courses/upload'));
  const form = new FormData();
  form.set('_csrf', token);
  form.set('package', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), fileName);
  return browser.request('POST', '/coordinator/courses/upload', { body: form });
}

const collections = ['courses', 'course_versions', 'course_lessons', 'course_quizzes', 'media.files', 'media.chunks'];

/** How many documents each course collection holds. */
export async function courseCounts(db: Connection): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of collections) counts[name] = await db.db!.collection(name).countDocuments();
  return counts;
}
