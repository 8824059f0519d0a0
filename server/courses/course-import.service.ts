// Stores a validated package as a new draft version. Without transactions the write order is
// what keeps readers safe: images, lessons and quizzes first (nobody can reach them yet), then
// the version document, which is the commit point guarded by unique indexes on the content hash
// and on (course, version). If that insert loses a race, what was written before it is removed.
import { Types } from 'mongoose';
import type { Clock } from '../clock.ts';
import { isDuplicateKey } from '../db/claim.ts';
import { ConflictError } from '../errors.ts';
import type { Person } from './course.model.ts';
import type { CourseRepository, NewVersion } from './course.repository.ts';
import type { MediaRepository } from './media.repository.ts';
import type { ValidPackage } from './package/validate-package.ts';
import { isNewer, versionOrder } from './version-order.ts';

export type VersionSource = NewVersion['source'];

export interface Uploader {
  source: VersionSource;
  person: Person;
}

export type ImportOutcome = { kind: 'stored' | 'unchanged'; courseId: string; versionId: Types.ObjectId; version: string };

export function courseImportService(deps: { courses: CourseRepository; media: MediaRepository; clock: Clock }) {
  const { courses, media, clock } = deps;

  async function unchanged(contentHash: string): Promise<ImportOutcome | undefined> {
    const existing = await courses.findVersionByHash(contentHash);
    if (!existing) return undefined;
    // The course record may be missing if a previous import stopped right after its version.
    await courses.ensureCourse({ _id: existing.courseId, title: existing.title, description: existing.description, languages: existing.languages });
    return { kind: 'unchanged', courseId: existing.courseId, versionId: existing._id, version: existing.version };
  }

  async function refuseOlderOrTaken(pkg: ValidPackage): Promise<void> {
    const { id, version } = pkg.manifest;
    if (await courses.findVersionByNumber(id, version)) throw new ConflictError('courses.upload.versionTaken', [], { course: id, version });
    const latest = await courses.latestVersion(id);
    if (latest && !isNewer(version, latest.version)) throw new ConflictError('courses.upload.notNewer', [], { course: id, version, latest: latest.version });
  }

  async function store(pkg: ValidPackage, by: Uploader): Promise<ImportOutcome> {
    const { manifest } = pkg;
    const versionId = new Types.ObjectId();
    const fileIds: Types.ObjectId[] = [];
    try {
      const images = [];
      for (const image of pkg.images) {
        const fileId = await media.put(image.data, { name: image.path, contentType: image.contentType, sha256: image.sha256, versionId });
        fileIds.push(fileId);
        images.push({ path: image.path, fileId, contentType: image.contentType, bytes: image.data.length });
      }
      await courses.insertContent(
        pkg.modules.flatMap((m) => m.lessons.map((l) => ({ versionId, moduleId: m.id, lessonId: l.id, markdown: l.markdown }))),
        pkg.modules.map((m) => ({ versionId, moduleId: m.id, settings: m.quiz.settings, questions: m.quiz.questions })),
        pkg.modules.flatMap((m) => m.activities.map((a) => ({ versionId, moduleId: m.id, activityId: a.id, markdown: a.markdown }))),
      );
      await courses.insertVersion({
        _id: versionId,
        courseId: manifest.id,
        version: manifest.version,
        order: versionOrder(manifest.version),
        contentHash: pkg.contentHash,
        languages: [...manifest.languages],
        title: manifest.title,
        description: manifest.description,
        academicHours: manifest.academicHours,
        standards: [...manifest.standards],
        modules: pkg.modules.map((m) => ({
          id: m.id,
          title: m.title,
          required: m.required,
          lessons: m.lessons.map((l) => ({ id: l.id, title: l.title, minSeconds: l.minSeconds ?? null, contentNote: l.contentNote ?? null })),
          activities: m.activities.map((a) => ({ id: a.id, title: a.title, minutes: a.minutes })),
          questionCount: m.quiz.questions.length,
        })),
        expectedMinutes: Math.round(pkg.expectedTime.totalMinutes),
        warnings: pkg.warnings.map((w) => ({ ...w })),
        images,
        fileCount: pkg.fileCount,
        byteCount: pkg.byteCount,
        source: by.source,
        uploadedBy: by.person,
        uploadedAt: clock.now(),
      });
    } catch (err) {
      await courses.removeContent(versionId);
      await media.remove(fileIds);
      if (isDuplicateKey(err)) {
        const same = await unchanged(pkg.contentHash);
        if (same) return same;
        throw new ConflictError('courses.upload.versionTaken', [], { course: manifest.id, version: manifest.version });
      }
      throw err;
    }
    await courses.ensureCourse({ _id: manifest.id, title: manifest.title, description: manifest.description, languages: [...manifest.languages] });
    return { kind: 'stored', courseId: manifest.id, versionId, version: manifest.version };
  }

  return {
    /**
     * Stores a package as a draft. An identical package (same content hash) changes nothing;
     * a different package must carry a version number higher than every stored one.
     */
    async importPackage(pkg: ValidPackage, by: Uploader): Promise<ImportOutcome> {
      const same = await unchanged(pkg.contentHash);
      if (same) return same;
      await refuseOlderOrTaken(pkg);
      return store(pkg, by);
    },

    /** Where a stored version came from (an upload, the CLI, or the built-in packages), or null when there is no such version. */
    async sourceOf(versionId: Types.ObjectId): Promise<VersionSource | null> {
      return (await courses.findVersion(versionId))?.source ?? null;
    },
  };
}

export type CourseImportService = ReturnType<typeof courseImportService>;
