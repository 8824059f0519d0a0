// Teachers' learning pages: dashboard, catalogue, course page, enrolment and lessons.
// Access is declared in learning.ts (learningAccess: signed-in users); services check enrolment and ownership.
import { Router, type Request } from 'express';
import { AppError } from '../errors.ts';
import { params } from '../http/params.ts';
import { check } from '../http/validate.ts';
import { courseParams } from '../courses/course.params.ts';
import type { CoursePageService } from './progress/course-page.service.ts';
import type { EnrolmentService } from './enrolment/enrolment.service.ts';
import type { LessonService } from './progress/lesson.service.ts';
import { validateEmptyForm } from './attempts/attempt.schema.ts';
import type { Clock } from './learning-deps.ts';
import { fromTime } from './readable-time.ts';

const { courseId, moduleId, lessonId } = courseParams;

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

  router.get('/learn/courses/:courseId', params({ courseId }), async (req, res) => {
    res.render('learning/course', await pages.course(req.user!, req.params.courseId, req.lang));
  });

  router.post('/learn/courses/:courseId/enrol', params({ courseId }), async (req, res) => {
    check(validateEmptyForm, req.body);
    await enrolments.enrol(req.user!, req.params.courseId);
    res.redirect(303, `${req.baseUrl}/learn/courses/${req.params.courseId}`);
  });

  const lesson = '/learn/courses/:courseId/modules/:moduleId/lessons/:lessonId';
  router.get(lesson, params({ courseId, moduleId, lessonId }), async (req, res) => {
    const { courseId, moduleId, lessonId } = req.params;
    const view = await lessons.page(req.user!, courseId, moduleId, lessonId, req.lang, req.baseUrl);
    res.render('learning/lesson', { ...view, readableNotice: readableNotice(req, view) });
  });

  router.post(`${lesson}/read`, params({ courseId, moduleId, lessonId }), async (req, res) => {
    const { courseId, moduleId, lessonId } = req.params;
    check(validateEmptyForm, req.body);
    try {
      const next = await lessons.markRead(req.user!, courseId, moduleId, lessonId);
      res.redirect(303, `${req.baseUrl}${next}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      const view = await lessons.page(req.user!, courseId, moduleId, lessonId, req.lang, req.baseUrl);
      const notice = err.messageKey === 'learning.errors.tooEarly' ? readableNotice(req, view) : null;
      if (notice) return void res.status(err.status).render('learning/lesson', { ...view, readableNotice: notice });
      res.status(err.status).render('learning/lesson', { ...view, errors: [{ field: '', message: req.t(err.messageKey, err.params) }] });
    }
  });

  return router;
}
