import { ConflictError } from '../../errors.ts';
import { Router, type Request } from 'express';
import { PayloadTooLargeError } from '../../errors.ts';
import { params } from '../../http/params.ts';
import { fileUpload } from '../../http/upload.ts';
import { renderFormError } from '../../http/forms.ts';
import { check } from '../../http/validate.ts';
import { regionName } from '../regions.ts';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, fileProblem } from './import-file.ts';
import { reportView } from './import-report.ts';
import { importColumns, requiredColumns } from './import-rows.ts';
import { importBatchId, validateCommitForm, validateReportQuery, validateUploadForm } from './import-row.schema.ts';
import { csvTemplate, xlsxTemplate } from './import-template.ts';
import type { ImportActor, TeacherImportService } from './teacher-import.service.ts';

const MB = IMPORT_MAX_BYTES / 1024 / 1024;

function actorOf(req: Request): ImportActor {
  return { id: req.user!.id, regionScope: req.user!.regionScope };
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

  // Multer in memory: the file is parsed and dropped with the request, never written to disk.
  const upload = fileUpload({
    field: 'file',
    maxBytes: IMPORT_MAX_BYTES,
    fields: 5,
    tooLarge: () => new PayloadTooLargeError('import.errors.tooLarge', [{ field: 'file', message: 'import.errors.tooLarge', params: { mb: MB } }]),
    refuse: (req, res, err) => renderFormError(res, 'admin/import', err, formModel(req)),
  });

  router.get('/admin/import', (req, res) => {
    res.render('admin/import', formModel(req));
  });

  router.get('/admin/import/template.csv', (_req, res) => {
    res.attachment('qorgau-teachers.csv').type('text/csv; charset=utf-8').send(csvTemplate());
  });

  router.get('/admin/import/template.xlsx', async (req, res) => {
    res.attachment('qorgau-teachers.xlsx').type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await xlsxTemplate(req.t));
  });

  router.post('/admin/import', ...upload, async (req, res) => {
    try {
      check(validateUploadForm, { ...(req.body as object) });
      if (!req.file) throw fileProblem('fileMissing');
      const { id } = await service.check(actorOf(req), { buffer: req.file.buffer, name: req.file.originalname }, 'web');
      res.redirect(303, `${req.baseUrl}/admin/import/${String(id)}`);
    } catch (err) {
      renderFormError(res, 'admin/import', err, formModel(req), { file: 'import.file' });
    }
  });

  router.get('/admin/import/:id', params({ id: importBatchId }), async (req, res) => {
    const { page } = check(validateReportQuery, req.query);
    const batch = await service.get(actorOf(req), req.params.id);
    res.render('admin/import-report', { pageTitle: req.t('import.report.title'), batch: reportView(batch, req.t, Number(page ?? 1)) });
  });

  router.post('/admin/import/:id', params({ id: importBatchId }), async (req, res) => {
    const { id } = req.params;
    check(validateCommitForm, req.body ?? {});
    const batch = await service.get(actorOf(req), id);
    try {
      await service.commit(actorOf(req), batch._id);
    } catch (err) {
      // committed already (the button pressed twice, or the back button): its report says what was done
      if (!(err instanceof ConflictError)) throw err;
      req.session.flash = { kind: 'info', key: err.messageKey };
      return res.redirect(303, `${req.baseUrl}/admin/import/${id}`);
    }
    // the links go out after the response; a failure is logged and picked up again later
    res.once('finish', () => void service.deliverMail(batch._id));
    req.session.flash = { kind: 'success', key: 'import.report.committedFlash' };
    res.redirect(303, `${req.baseUrl}/admin/import/${id}`);
  });

  return router;
}
