// Quiz pages. Each works without JavaScript: a question page posts its answer and moves on; the
// optional script (static/js/quiz.js) posts the same fields as JSON to save as answers change.
import { Router, type Request, type Response } from 'express';
import { AppError } from '../../errors.ts';
import { params } from '../../http/params.ts';
import { check } from '../../http/validate.ts';
import { formErrors } from '../../http/forms.ts';
import { courseParams } from '../../courses/course.params.ts';
import type { AttemptService } from './attempt.service.ts';
import { attemptPath, type AttemptViewService } from './attempt-view.service.ts';
import { attemptParams, validateAnswer, validateEmptyForm, validateFinish } from './attempt.schema.ts';

const { courseId, moduleId } = courseParams;
const { attemptId, n } = attemptParams;

const wantsJson = (req: Request) => req.is('application/json') === 'application/json' || req.accepts(['html', 'json']) === 'json';

export function attemptRoutes(deps: { attempts: AttemptService; views: AttemptViewService }): Router {
  const { attempts, views } = deps;
  const router = Router();
  const quiz = '/learn/courses/:courseId/modules/:moduleId/quiz';

  router.get(quiz, params({ courseId, moduleId }), async (req, res) => {
    const view = await views.quiz(req.user!, req.params.courseId, req.params.moduleId, req.lang);
    // the intro says the wait between attempts and warns before the last one
    const left = view.settings.maxAttempts - view.used;
    res.render('learning/quiz', { ...view, pageTitle: req.t('learning.quiz.title', { module: view.moduleTitle }), retakes: view.settings.maxAttempts > 1, lastAttempt: view.canStart && left === 1 && view.settings.maxAttempts > 1 });
  });

  router.post(`${quiz}/attempts`, params({ courseId, moduleId }), async (req, res) => {
    check(validateEmptyForm, req.body);
    const attempt = await attempts.start(req.user!, req.params.courseId, req.params.moduleId);
    res.redirect(303, `${req.baseUrl}${attemptPath(attempt._id)}/questions/1`);
  });

  router.get('/learn/attempts/:attemptId', params({ attemptId }), async (req, res) => {
    const attempt = await attempts.load(req.user!, req.params.attemptId);
    if (attempt.state === 'finished') res.render('learning/result', await views.result(req.user!, attempt, req.lang, req.t));
    else res.render('learning/overview', overviewPage(req, await views.overview(attempt, req.lang)));
  });

  /** An attempt's list of questions, titled apart from the quiz's own page. */
  const overviewPage = <V extends { moduleTitle: string }>(req: Request, view: V) => ({ ...view, pageTitle: `${req.t('learning.quiz.overview')} · ${view.moduleTitle}` });

  async function showQuestion(req: Request<{ attemptId: string }>, res: Response, n: number, status = 200, extra: Record<string, unknown> = {}, posted?: Record<string, unknown>): Promise<void> {
    const attempt = await attempts.load(req.user!, req.params.attemptId);
    if (attempt.state === 'finished') {
      res.redirect(303, `${req.baseUrl}${attemptPath(attempt._id)}`);
      return;
    }
    res.status(status).render('learning/question', { ...(await views.question(req.user!, attempt, n, req.lang, req.t, posted)), ...extra });
  }

  router.get('/learn/attempts/:attemptId/questions/:n', params({ attemptId, n }), async (req, res) => {
    await showQuestion(req, res, Number(req.params.n));
  });

  router.post('/learn/attempts/:attemptId/answers', params({ attemptId }), async (req, res) => {
    const id = req.params.attemptId;
    const body = check(validateAnswer, req.body, 'learning.errors.answerRefused');
    const named = Array.isArray(body.q) ? body.q : [body.q];
    try {
      const { questions, seq } = await attempts.save(req.user!, id, Number(body.seq), named, body as unknown as Record<string, string | string[]>);
      if (wantsJson(req)) {
        res.json({ saved: true, seq });
        return;
      }
      const at = questions.findIndex((q) => q.id === named[0]) + 1;
      const go = (Array.isArray(body.go) ? body.go.at(-1) : body.go) ?? 'next';
      const target = go === 'overview' || (go === 'next' && at >= questions.length) ? '' : `/questions/${go === 'previous' ? Math.max(1, at - 1) : go === 'stay' ? at : at + 1}`;
      res.redirect(303, `${req.baseUrl}${attemptPath(id)}${target}`);
    } catch (err) {
      if (wantsJson(req) || !(err instanceof AppError) || err.status >= 500) throw err;
      // The page is shown again from what is stored, with the reason: the post changed nothing.
      const attempt = await attempts.load(req.user!, id);
      // finished meanwhile (the deadline, or a finish from another tab): its result, with why
      if (attempt.state === 'finished') return toResult(req, res, id, err.messageKey);
      const at = Math.max(1, attempt.questions.findIndex((q) => q.id === named[0]) + 1);
      // a refused answer (two items in one place) is shown as the learner left it; an answer
      // refused as stale (changed in another tab) is shown as stored, which is what counts now
      const posted = err.status === 409 ? undefined : (body as unknown as Record<string, unknown>);
      await showQuestion(req, res, at, err.status, formErrors(req.t, err), posted);
    }
  });

  function toResult(req: Request, res: Response, id: string, why: string): void {
    req.session.flash = { kind: 'info', key: why };
    res.redirect(303, `${req.baseUrl}${attemptPath(id)}`);
  }

  router.post('/learn/attempts/:attemptId/finish', params({ attemptId }), async (req, res) => {
    const id = req.params.attemptId;
    const body = check(validateFinish, req.body);
    try {
      await attempts.finish(req.user!, id, Number(body.seq));
      res.redirect(303, `${req.baseUrl}${attemptPath(id)}`);
    } catch (err) {
      if (wantsJson(req) || !(err instanceof AppError) || err.status >= 500) throw err;
      const attempt = await attempts.load(req.user!, id);
      // a second tap of Finish, or one from a page left open: the result is there already
      if (attempt.state === 'finished') return toResult(req, res, id, err.messageKey);
      if (err.messageKey !== 'learning.errors.stale') throw err;
      res.status(err.status).render('learning/overview', { ...overviewPage(req, await views.overview(attempt, req.lang)), ...formErrors(req.t, err) });
    }
  });

  return router;
}
