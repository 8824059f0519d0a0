// Transcripts: a teacher's own at /transcript, an admin's view of one in scope under /reports.
import { Router, type Request, type Response } from 'express';
import { params } from '../http/params.ts';
import { check, compile } from '../http/validate.ts';
import { userId } from '../accounts/user.schema.ts';
import { transcriptCsv, transcriptPdf } from './transcript-files.ts';
import type { TranscriptService } from './transcript.service.ts';

const validateLangOnly = compile<{ lang?: string }>({ type: 'object', properties: { lang: { type: 'string', enum: ['kk', 'ru', 'en'] } }, additionalProperties: false });

export function transcriptRoutes(deps: { transcripts: TranscriptService }): Router {
  const router = Router();

  async function page(req: Request, res: Response, userId: string, base: string) {
    check(validateLangOnly, req.query);
    const tr = await deps.transcripts.get(req.user!, userId, req.lang);
    res.render('reports/transcript', { pageTitle: `${req.t('reports.transcript.title')}: ${tr.name}`, tr, pdf: `${base}.pdf`, csv: `${base}.csv`, own: req.user!.id === userId });
  }
  async function file(req: Request, res: Response, userId: string, format: 'pdf' | 'csv') {
    check(validateLangOnly, req.query);
    const tr = await deps.transcripts.get(req.user!, userId, req.lang);
    res.setHeader('Cache-Control', 'no-store');
    res.attachment(`qorgau-transcript-${tr.id}.${format}`);
    if (format === 'csv') res.type('text/csv; charset=utf-8').send(transcriptCsv(tr, req.t));
    else {
      res.type('application/pdf');
      transcriptPdf(tr, req.t, req.lang, res);
    }
  }

  router.get('/transcript', (req, res) => page(req, res, req.user!.id, '/transcript'));
  router.get('/transcript.pdf', (req, res) => file(req, res, req.user!.id, 'pdf'));
  router.get('/transcript.csv', (req, res) => file(req, res, req.user!.id, 'csv'));
  const teacher = params({ id: userId });
  router.get('/reports/teachers/:id', teacher, (req, res) => page(req, res, req.params.id, `/reports/teachers/${req.params.id}/transcript`));
  router.get('/reports/teachers/:id/transcript.pdf', teacher, (req, res) => file(req, res, req.params.id, 'pdf'));
  router.get('/reports/teachers/:id/transcript.csv', teacher, (req, res) => file(req, res, req.params.id, 'csv'));
  return router;
}
