// The standard in force, its history, and the upload of a new version by a national admin.
import { Router, type Request, type Response } from 'express';
import { AppError, PayloadTooLargeError, ValidationError } from '../errors.ts';
import { formErrors } from '../http/forms.ts';
import { fileUpload } from '../http/upload.ts';
import { check, compile } from '../http/validate.ts';
import type { Logger } from '../logger.ts';
import { formatStandardProblem, MAX_STANDARD_BYTES, StandardError } from './standard-file.ts';
import type { StandardService } from './standard.service.ts';
import type { StandingService } from './standing.service.ts';

const validateUploadForm = compile<{ _csrf?: string }>({ type: 'object', properties: { _csrf: { type: 'string', maxLength: 200 } }, additionalProperties: false });
const validateEmptyQuery = compile<Record<string, never>>({ type: 'object', properties: { lang: { type: 'string', enum: ['kk', 'ru', 'en'] } }, additionalProperties: false });

export function standardsRoutes(deps: { standard: StandardService; standings: StandingService; logger: Logger }): Router {
  const router = Router();
  const { standard, standings, logger } = deps;

  async function pageModel(req: Request) {
    const inForce = await standard.current();
    const lang = req.lang;
    const def = inForce.definition;
    return {
      pageTitle: req.t('standards.title'),
      version: inForce.version,
      example: def.example,
      title: def.title[lang],
      effectiveFrom: def.effectiveFrom,
      cycleMonths: def.cycleMonths,
      dueDate: def.dueDate ?? null,
      requirements: def.requirements.map((r) => ({
        code: r.code,
        title: r.title[lang],
        rule: r.kind === 'courses' ? req.t('standards.rule.courses', { count: r.count, codes: (r.standards ?? []).join(', ') }) : req.t('standards.rule.hours', { hours: r.hours, months: r.periodMonths }),
      })),
      history: (await standard.history()).map((h) => ({ ...h, uploadedAt: h.uploadedAt ? h.uploadedAt.toISOString().slice(0, 10) : null, stateKey: `standards.state.${h.state}` })),
      national: req.user!.regionScope === null,
      kb: MAX_STANDARD_BYTES / 1024,
    };
  }

  async function refuse(req: Request, res: Response, err: unknown): Promise<void> {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    const model = await pageModel(req);
    const errors = err instanceof StandardError ? err.problems.map((p) => ({ field: '', message: formatStandardProblem(p, req.t) })) : formErrors(req.t, err).errors;
    res.status(err.status).render('standards/standard', { ...model, errors });
  }

  const upload = fileUpload({
    field: 'file',
    maxBytes: MAX_STANDARD_BYTES,
    fields: 2,
    tooLarge: () => new PayloadTooLargeError('standards.problem.tooLarge', [], { kb: MAX_STANDARD_BYTES / 1024 }),
    refuse,
  });

  router.get('/admin/standard', async (req, res) => {
    check(validateEmptyQuery, req.query);
    res.render('standards/standard', await pageModel(req));
  });

  router.post('/admin/standard', ...upload, async (req, res) => {
    try {
      check(validateUploadForm, { ...(req.body as object) });
      if (!req.file) throw new ValidationError('standards.upload.fileMissing', [{ field: 'file', message: 'standards.upload.fileMissing' }]);
      const stored = await standard.upload(req.user!, { name: req.file.originalname.slice(0, 100) || 'standard.yaml', data: req.file.buffer });
      const params = { version: stored.version, date: stored.definition.effectiveFrom };
      if (stored.again) req.session.flash = { kind: 'info', key: 'standards.upload.again', params };
      else if (stored.waiting) req.session.flash = { kind: 'success', key: 'standards.upload.storedWaiting', params };
      else {
        // every standing is recomputed in the background; pages show the old ones until it is done
        // (a version waiting for its day is applied by the standings sweep on that day)
        standings
          .applyStandard((done, total) => logger.info({ done, total }, 'standings recomputed for the new standard'))
          .catch((err: unknown) => logger.error({ err }, 'recomputing standings failed; `qorgau standards rebuild` repairs them'));
        req.session.flash = { kind: 'success', key: 'standards.upload.stored' };
      }
      res.redirect(303, `${req.baseUrl}/admin/standard`);
    } catch (err) {
      await refuse(req, res, err);
    }
  });

  return router;
}
