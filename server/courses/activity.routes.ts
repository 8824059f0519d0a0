// Activity templates as PDF downloads: a teacher enrolled in the course gets the template of the
// version they are enrolled on; staff get any stored version's, drafts included, in the preview.
// `?lang=kk|ru|en` picks the template's language (default: the reader's); as for every file, it
// leaves the language of the reader's pages as it was (http/language.ts).
import { Router, type Response } from 'express';
import type { FromSchema } from 'json-schema-to-ts';
import { params } from '../http/params.ts';
import { check, compile } from '../http/validate.ts';
import type { ActivityFile, ActivityService } from './activity.service.ts';
import { courseParams } from './course.params.ts';
import { courseLanguages } from './package/course.schema.ts';

export const learnerActivityPath = '/learn/courses/:courseId/activities/:activityId.pdf';
export const previewActivityPath = '/coordinator/courses/:courseId/versions/:versionId/activities/:activityId.pdf';

const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { lang: { type: 'string', enum: courseLanguages, 'x-message': 'courses.activity.badLanguage' } },
} as const;
const validateQuery = compile<FromSchema<typeof querySchema>>(querySchema);

const { courseId, versionId, activityId } = courseParams;

function send(res: Response, file: ActivityFile): void {
  res.set({
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${file.fileName}"`,
    'Cache-Control': 'private, max-age=3600',
    'X-Content-Type-Options': 'nosniff',
  });
  res.send(file.pdf);
}

export function activityRoutes(deps: { activities: ActivityService; enrolledVersion(userId: string, courseId: string): Promise<string> }): Router {
  const { activities } = deps;
  const router = Router();

  router.get(learnerActivityPath, params({ courseId, activityId }), async (req, res) => {
    const query = check(validateQuery, req.query);
    const enrolled = await deps.enrolledVersion(req.user!.id, req.params.courseId);
    send(res, await activities.pdf(req.params.courseId, enrolled, req.params.activityId, query.lang ?? req.lang));
  });

  router.get(previewActivityPath, params({ courseId, versionId, activityId }), async (req, res) => {
    const query = check(validateQuery, req.query);
    send(res, await activities.pdf(req.params.courseId, req.params.versionId, req.params.activityId, query.lang ?? req.lang));
  });

  return router;
}
