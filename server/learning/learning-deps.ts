// What the learning feature's services are built from. Course content comes only through the
// courses feature's catalogue service; time comes only from the injected clock.
import type { Clock } from '../clock.ts';
import type { CatalogVersion, CourseCatalogService } from '../courses/catalog.service.ts';

export type Catalog = Pick<CourseCatalogService, 'version' | 'publishedVersionOf' | 'published' | 'courseIds' | 'quizBank' | 'lessonHtml'>;
// Clock is re-exported for files that still take it from here; new code imports server/clock.ts.
export type { CatalogVersion, Clock };

export type CatalogModule = CatalogVersion['modules'][number];

export function moduleOf(version: CatalogVersion, moduleId: string): { module: CatalogModule; index: number } | undefined {
  const index = version.modules.findIndex((m) => m.id === moduleId);
  return index < 0 ? undefined : { module: version.modules[index]!, index };
}

/** Every lesson of a version (or of one of its modules) as progress keys. */
export function lessonKeys(version: CatalogVersion, moduleId?: string): { moduleId: string; lessonId: string }[] {
  return version.modules.filter((m) => !moduleId || m.id === moduleId).flatMap((m) => m.lessons.map((l) => ({ moduleId: m.id, lessonId: l.id })));
}
