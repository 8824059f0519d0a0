import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { PayloadTooLargeError, ValidationError, NotFoundError } from '../../errors.ts';
import { csrfAfterUpload } from '../../http/csrf.ts';
import { renderFormError } from '../../http/forms.ts';
import { check } from '../../http/validate.ts';
import { regionName } from '../regions.ts';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, fileProblem } from './import-file.ts';
import { reportView } from './import-report.ts';
import { importColumns, requiredColumns } from './import-rows.ts';
import { validateBatchId, validateCommitForm, validateUploadForm } from './import-row.schema.ts';
import { csvTemplate, xlsxTemplate } from './import-template.ts';
import type { ImportActor, TeacherImportService } from './teacher-import.service.ts';

const MB = IMPORT_MAX_BYTES / 1024 / 1024;

// Multer only here, in memory: the file is parsed and dropped with the request, never written to disk.
const receiveFile = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024, headerPairs: 50 },
  defParamCharset: 'utf8',
}).single('file');

function actorOf(req: Request): ImportActor {
  return { id: req.user!.id, regionScope: req.user!.regionScope };
}

function batchIdOf(req: Request): string {
  if (!validateBatchId(req.params.id)) throw new NotFoundError('errors.notFound');
  return req.params.id;
}

function formModel(req: Request) {
  const scope = req.user!.regionScope;
  return {
    pageTitle: req.t('import.title'),
    mb: MB,
    maxRows: IMPORT_MAX_ROWS,
    scopeRegion: scope ? regionName(scope, req.lang) : null,
    columns: importColumns.map((name) => ({ name, required: requiredColumns.includes(name), key: `import.columns.${name}` })),
  };
}

export function teacherImportRoutes(service: TeacherImportService): Router {
  const router = Router();

  // Multer's own errors (too large, a second file, stray fields) become the form's message.
  function upload(req: Request, res: Response, next: NextFunction): void {
    receiveFile(req, res, (err: unknown) => {
      if (!err) return next();
      const code = (err as { code?: string }).code;
      const problem =
        code === 'LIMIT_FILE_SIZE'
          ? new PayloadTooLargeError('import.errors.tooLarge', [{ field: 'file', message: 'import.errors.tooLarge', params: { mb: MB } }])
          : new ValidationError('errors.upload', [{ field: 'file', message: `errors.multer.${code ?? 'unknown'}` }]);
      try {
        renderFormError(res, 'admin/import', problem, formModel(req));
      } catch (e) {
        next(e);
      }
    });
  }

  router.get('/admin/import', (req, res) => {
    res.render('admin/import', formModel(req));
  });

  router.get('/admin/import/template.csv', (_req, res) => {
    res.attachment('qorgau-teachers.csv').type('text/csv; charset=utf-8').send(csvTemplate());
  });

  router.get('/admin/import/template.xlsx', async (req, res) => {
    res.attachment('qorgau-teachers.xlsx').type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await xlsxTemplate(req.t));
  });

  router.post('/admin/import', upload, csrfAfterUpload, async (req, res) => {
    try {
      check(validateUploadForm, { ...(req.body as object) });
      if (!req.file) throw fileProblem('fileMissing');
      const { id } = await service.check(actorOf(req), { buffer: req.file.buffer, name: req.file.originalname }, 'web');
      res.redirect(303, `${req.baseUrl}/admin/import/${String(id)}`);
    } catch (err) {
      renderFormError(res, 'admin/import', err, formModel(req), { file: 'import.file' });
    }
  });

  router.get('/admin/import/:id', async (req, res) => {
    const batch = await service.get(actorOf(req), batchIdOf(req));
    res.render('admin/import-report', { pageTitle: req.t('import.report.title'), batch: reportView(batch, req.t) });
  });

  router.post('/admin/import/:id', async (req, res) => {
    const id = batchIdOf(req);
    check(validateCommitForm, req.body ?? {});
    const batch = await service.get(actorOf(req), id);
    await service.commit(actorOf(req), batch._id);
    // the links go out after the response; a failure is logged and picked up again later
    res.once('finish', () => void service.deliverMail(batch._id));
    req.session.flash = { kind: 'success', key: 'import.report.committedFlash' };
    res.redirect(303, `${req.baseUrl}/admin/import/${id}`);
  });

  return router;
}
