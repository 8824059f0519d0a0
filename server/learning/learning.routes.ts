// Teachers' learning pages: dashboard, catalogue, course page, enrolment and lessons.
// Access is declared in http/access.ts (signed-in users); services check enrolment and ownership.
import { Router, type Request } from 'express';
import { AppError, NotFoundError } from '../errors.ts';
import { check } from '../http/validate.ts';
import type { CoursePageService } from './progress/course-page.service.ts';
import type { EnrolmentService } from './enrolment/enrolment.service.ts';
import type { LessonService } from './progress/lesson.service.ts';
import { validateEmptyForm } from './attempts/attempt.schema.ts';
import type { Clock } from './learning-deps.ts';
import { fromTime } from './readable-time.ts';

const slug = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Route parameters that are not slugs name nothing. */
export function slugParams(req: Request, ...names: string[]): string[] {
  const params = req.params as Record<string, string | undefined>;
  return names.map((n) => {
    const value = params[n] ?? '';
    if (!slug.test(value) || value.length > 64) throw new NotFoundError('errors.notFound');
    return value;
  });
}

export function learningRoutes(deps: { pages: CoursePageService; enrolments: EnrolmentService; lessons: LessonService; clock: Clock }): Router {
  const { pages, enrolments, lessons, clock } = deps;
  const router = Router();
  // a neutral notice, not an error: "you can mark this lesson read from 14:06"
  const readableNotice = (req: Request, view: { read: boolean; readableAt: string }) => {
    const at = new Date(view.readableAt);
    return !view.read && at.getTime() > clock.now().getTime() ? req.t('ux.lesson.readableFrom', { time: fromTime(at, req.lang) }) : null;
  };

  router.get('/learn', async (req, res) => {
    const view = await pages.dashboard(req.user!, req.lang);
    res.render('learning/dashboard', { ...view, pageTitle: req.t('learning.dashboard.title') });
  });

  router.get('/learn/catalogue', async (req, res) => {
    await enrolments.applyAssignments(req.user!);
    res.render('learning/catalogue', { pageTitle: req.t('learning.catalogue.title'), courses: await enrolments.catalogue(req.user!, req.lang) });
  });

  router.get('/learn/courses/:courseId', async (req, res) => {
    const [courseId] = slugParams(req, 'courseId');
    res.render('learning/course', await pages.course(req.user!, courseId!, req.lang));
  });

  router.post('/learn/courses/:courseId/enrol', async (req, res) => {
    const [courseId] = slugParams(req, 'courseId');
    check(validateEmptyForm, req.body);
    await enrolments.enrol(req.user!, courseId!);
    res.redirect(303, `${req.baseUrl}/learn/courses/${courseId}`);
  });

  const lesson = '/learn/courses/:courseId/modules/:moduleId/lessons/:lessonId';
  router.get(lesson, async (req, res) => {
    const [courseId, moduleId, lessonId] = slugParams(req, 'courseId', 'moduleId', 'lessonId');
    const view = await lessons.page(req.user!, courseId!, moduleId!, lessonId!, req.lang, req.baseUrl);
    res.render('learning/lesson', { ...view, readableNotice: readableNotice(req, view) });
  });

  router.post(`${lesson}/read`, async (req, res) => {
    const [courseId, moduleId, lessonId] = slugParams(req, 'courseId', 'moduleId', 'lessonId');
    check(validateEmptyForm, req.body);
    try {
      const next = await lessons.markRead(req.user!, courseId!, moduleId!, lessonId!);
      res.redirect(303, `${req.baseUrl}${next}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const view = await lessons.page(req.user!, courseId!, moduleId!, lessonId!, req.lang, req.baseUrl);
      const notice = err.messageKey === 'learning.errors.tooEarly' ? readableNotice(req, view) : null;
      if (notice) return void res.status(err.status).render('learning/lesson', { ...view, readableNotice: notice });
      res.status(err.status).render('learning/lesson', { ...view, errors: [{ field: '', message: req.t(err.messageKey, err.params) }] });
    }
  });

  return router;
}
