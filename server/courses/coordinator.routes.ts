// The coordinator's course pages: list, upload, version history, preview, publish and retire.
// Access (coordinators and admins only) is declared in courses.ts (coursesAccess). Multer runs on the upload
// route alone, in memory, with the package limits; the CSRF check follows it.
import { Router, type Request, type Response } from 'express';
import { params } from '../http/params.ts';
import { fileUpload } from '../http/upload.ts';
import { check, compile } from '../http/validate.ts';
import { AppError, NotFoundError, PayloadTooLargeError, ValidationError } from '../errors.ts';
import { versionGone } from './course-preview.service.ts';
import type { Person } from './course.model.ts';
import { courseParams as ids } from './course.params.ts';
import type { CourseServices } from './course-services.ts';
import { packageLimits } from './package/limits.ts';
import { MAX_PROBLEMS, PackageError, problemMessage, problemWhere } from './package/problems.ts';
import { loadUploadedPackageOffThread } from './package/validate-thread.ts';
import type { Logger } from '../logger.ts';
import { seedPattern } from './course-preview.service.ts';

const base = '/coordinator/courses';
const objectId = { type: 'string', pattern: '^[0-9a-f]{24}$' } as const;
const validateDiffQuery = compile<{ from: string; to: string }>({ type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: objectId, to: objectId, lang: { type: 'string' } } });
// the seed whose option order the quiz preview shows (course-preview.service.ts)
const validateQuizQuery = compile<{ seed?: string; page?: string }>({ type: 'object', additionalProperties: false, properties: { seed: { type: 'string', pattern: seedPattern }, page: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' }, lang: { type: 'string' } } });
/** Questions of a bank the preview shows at once, with their keys: a page stays under about 40 KB. */
const PREVIEW_QUESTIONS = 8;
const version = `${base}/:courseId/versions/:versionId`;
// the ids in these paths, checked before any handler runs (http/params.ts)
const inCourse = params({ courseId: ids.courseId });
const inVersion = params({ courseId: ids.courseId, versionId: ids.versionId });
const inModule = params({ courseId: ids.courseId, versionId: ids.versionId, moduleId: ids.moduleId });
const inLesson = params({ courseId: ids.courseId, versionId: ids.versionId, moduleId: ids.moduleId, lessonId: ids.lessonId });

function person(req: Request): Person {
  return { id: req.user!.id, name: req.user!.displayName };
}

function uploadView(req: Request, extra: Record<string, unknown> = {}) {
  return { pageTitle: req.t('courses.upload.title'), limitMb: packageLimits.uploadBytes / 1024 / 1024, ...extra };
}

/** Shows a refused upload on the upload page: the localised problem list and a 4xx status. */
function renderRefusal(req: Request, res: Response, err: unknown): void {
  if (!(err instanceof AppError) || err.status >= 500) throw err;
  // a package's problems say where they are counting from 1 ("Module 1, lesson 3"), beside the exact pointer
  const problems =
    err instanceof PackageError
      ? err.problems.slice(0, MAX_PROBLEMS).map((p) => ({ where: problemWhere(p, req.t), message: problemMessage(p, req.t) }))
      : err.details.map((d) => ({ where: d.field, message: d.literal ? d.message : req.t(d.message, d.params) }));
  res.status(err.status).render('courses/upload', uploadView(req, { refusal: req.t(err.messageKey, err.params), problems, isPackageError: err instanceof PackageError }));
}

/** The package upload: Multer within the package limits, refusals shown on the upload page. */
const receivePackage = fileUpload({
  field: 'package',
  maxBytes: packageLimits.uploadBytes,
  fields: 4,
  tooLarge: () => new PayloadTooLargeError('courses.upload.tooLarge', [], { limitMb: packageLimits.uploadBytes / 1024 / 1024 }),
  refuse: renderRefusal,
});

/** How many teachers are enrolled in a version: the learning feature's public service, given by app.ts. */
export type EnrolledCount = (courseId: string, versionId: string) => Promise<number>;

export function coordinatorRoutes(services: CourseServices, enrolledCount: EnrolledCount = async () => 0, logger?: Pick<Logger, 'warn'>): Router {
  const { importer, publisher, preview, history } = services;
  const router = Router();

  router.get(base, async (req, res) => {
    res.render('courses/list', { pageTitle: req.t('courses.list.title'), courses: await history.list(req.lang) });
  });

  router.get(`${base}/upload`, (req, res) => {
    res.render('courses/upload', uploadView(req));
  });

  router.post(`${base}/upload`, ...receivePackage, async (req, res) => {
    try {
      if (!req.file) throw new ValidationError('courses.upload.noFile');
      // validated on a thread of its own, so teachers' pages go on meanwhile
      const pkg = await loadUploadedPackageOffThread(req.file.buffer, logger);
      const outcome = await importer.importPackage(pkg, { source: 'upload', person: person(req) });
      const target = `${req.baseUrl}${base}/${outcome.courseId}/versions/${String(outcome.versionId)}`;
      if (outcome.kind === 'unchanged') {
        res.render('courses/upload', uploadView(req, { unchanged: { course: outcome.courseId, version: outcome.version, href: target } }));
        return;
      }
      req.session.flash = { kind: 'success', key: 'courses.upload.stored' };
      res.redirect(303, target);
    } catch (err) {
      renderRefusal(req, res, err);
    }
  });

  // what changed between two versions: lessons, questions and answer keys
  router.get(`${base}/:courseId/diff`, inCourse, async (req, res) => {
    const query = check(validateDiffQuery, req.query);
    const view = await services.diff.diff(req.params.courseId, query.from, query.to, req.lang);
    res.render('courses/diff', { pageTitle: req.t('ux.diff.title', { from: view.from.version, to: view.to.version }), diff: view });
  });

  router.get(`${base}/:courseId`, inCourse, async (req, res) => {
    const view = await history.history(req.params.courseId, req.lang);
    res.render('courses/history', { pageTitle: `${req.t('courses.history.heading')} · ${view.title}`, course: view });
  });

  router.get(version, inVersion, async (req, res) => {
    const view = await preview.outline(req.params.courseId, req.params.versionId, req.lang);
    res.render('courses/outline', { pageTitle: view.courseTitle, preview: view });
  });

  router.get(`${version}/modules/:moduleId/lessons/:lessonId`, inLesson, async (req, res) => {
    const { courseId, versionId, moduleId, lessonId } = req.params;
    const view = await preview.lesson(courseId, versionId, moduleId, lessonId, req.lang, req.baseUrl);
    res.render('courses/lesson', { pageTitle: view.lessonTitle, preview: view });
  });

  router.get(`${version}/modules/:moduleId/quiz`, inModule, async (req, res) => {
    const { courseId, versionId, moduleId } = req.params;
    const { seed, page } = check(validateQuizQuery, req.query);
    const view = await preview.quiz(courseId, versionId, moduleId, req.lang, seed);
    const pages = Math.max(1, Math.ceil(view.questions.length / PREVIEW_QUESTIONS));
    const at = Math.min(Number(page ?? 1), pages);
    const from = (at - 1) * PREVIEW_QUESTIONS;
    const shown = view.questions.slice(from, from + PREVIEW_QUESTIONS);
    const link = (n: number) => `${req.path}?${new URLSearchParams({ ...(seed ? { seed } : {}), page: String(n) }).toString()}`;
    res.render('courses/quiz', {
      pageTitle: `${req.t('courses.preview.quiz')} · ${view.moduleTitle}`,
      preview: { ...view, questions: shown },
      questionsShown: { from: from + 1, to: from + shown.length, count: view.questions.length },
      prev: at > 1 ? link(at - 1) : null,
      next: at < pages ? link(at + 1) : null,
    });
  });

  // Retiring takes a course out of every new teacher's catalogue: a page says what will happen first.
  router.get(`${version}/retire`, inVersion, async (req, res) => {
    const { courseId, versionId } = req.params;
    const course = await history.history(courseId, req.lang);
    const target = course.versions.find((v) => v.id === versionId);
    if (!target) throw versionGone(courseId);
    const enrolled = await enrolledCount(courseId, versionId);
    res.render('courses/retire', { pageTitle: `${req.t('ux.retire.title', { version: target.version })} · ${course.title}`, course, target, enrolled, canRetire: target.canRetire, published: target.status === 'published' });
  });

  // a draft that was never published can be deleted (after a confirmation on the same page as retire)
  router.post(`${version}/delete`, inVersion, async (req, res) => {
    const { courseId, versionId } = req.params;
    try {
      await publisher.deleteDraft(courseId, versionId, person(req));
    } catch (err) {
      // two taps at once: the other deleted it between this one's reads; the course is still there
      if (!(err instanceof NotFoundError) || !(await history.history(courseId, req.lang).then(() => true, () => false))) throw err;
    }
    req.session.flash = { kind: 'success', key: 'ux.deleteDraft.done' };
    res.redirect(303, `${req.baseUrl}${base}/${courseId}`);
  });

  for (const action of ['publish', 'retire'] as const) {
    router.post(`${version}/${action}`, inVersion, async (req, res) => {
      const { courseId, versionId } = req.params;
      await publisher[action](courseId, versionId, person(req));
      req.session.flash = { kind: 'success', key: `courses.${action}.done` };
      res.redirect(303, `${req.baseUrl}${base}/${courseId}`);
    });
  }

  return router;
}
