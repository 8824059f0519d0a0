// GET/POST /admin/assignments: an admin assigns a course with a due date to a cohort in their scope.
import { Router, type Request } from 'express';
import { check } from '../../http/validate.ts';
import { renderFormError } from '../../http/forms.ts';
import { regionOptions } from '../../accounts/regions.ts';
import type { AssignmentService } from './assignment.service.ts';
import { validateAssignment } from './assignment.schema.ts';

const labels = { courseId: 'learning.assign.course', region: 'learning.assign.region', district: 'learning.assign.district', school: 'learning.assign.school', position: 'learning.assign.position', due: 'learning.assign.due' };

export function assignmentRoutes(service: AssignmentService): Router {
  const router = Router();

  async function view(req: Request, values: Record<string, unknown> = {}) {
    const { courses, rows } = await service.list(req.user!, req.lang);
    const scope = req.user!.regionScope;
    return {
      pageTitle: req.t('learning.assign.title'),
      courses: courses.map((c) => ({ ...c, selected: c.value === values.courseId })),
      regions: scope ? regionOptions(req.lang, scope).filter((r) => r.code === scope) : regionOptions(req.lang, typeof values.region === 'string' ? values.region : null),
      national: !scope,
      values,
      rows,
    };
  }

  router.get('/admin/assignments', async (req, res) => {
    res.render('learning/assign', await view(req));
  });

  router.post('/admin/assignments', async (req, res) => {
    try {
      const input = check(validateAssignment, req.body);
      await service.assign(req.user!, input);
      req.session.flash = { kind: 'success', key: 'learning.assign.saved' };
      res.redirect(303, `${req.baseUrl}/admin/assignments`);
    } catch (err) {
      const values = { ...(req.body as Record<string, unknown>), _csrf: undefined };
      renderFormError(res, 'learning/assign', err, await view(req, values), labels);
    }
  });

  return router;
}
