// Teachers' certificates (My certificates, downloads) and the admin's revoke and reissue.
// Access is declared in certificates.ts; ownership and regional scope are checked by the services.
import { Router, type Request, type Response } from 'express';
import { AppError, NotFoundError } from '../errors.ts';
import { params } from '../http/params.ts';
import { check } from '../http/validate.ts';
import { courseParams } from '../courses/course.params.ts';
import { revokeReasons } from './certificate.model.ts';
import { certificateParams, validateEmptyForm, validateLookup, validateLookupForm, validateRevoke } from './certificate.schema.ts';
import { looksLikeIin } from './code.ts';
import type { HolderService } from './holder.service.ts';
import type { LifecycleService } from './lifecycle.service.ts';
import { printedDate } from './pdf/certificate-pdf.ts';
import type { VerifyService } from './verify.service.ts';

function sendPdf(res: Response, file: { name: string; bytes: Buffer }): void {
  res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${file.name}"`, 'Cache-Control': 'private, no-store' });
  res.send(file.bytes);
}

const { serial, code } = certificateParams;
const { courseId } = courseParams;
type BySerial = Request<{ serial: string }>;

export function certificateRoutes(deps: { holder: HolderService; lifecycle: LifecycleService; verify: VerifyService }): Router {
  const { holder, lifecycle, verify } = deps;
  const router = Router();

  router.get('/certificates', async (req, res) => {
    res.render('certificates/mine', { pageTitle: req.t('certificates.mine.title'), certificates: await holder.mine(req.user!, req.lang) });
  });

  router.get('/certificates/:code/certificate.pdf', params({ code }), async (req, res) => {
    sendPdf(res, await holder.pdf(req.user!, req.params.code));
  });

  router.get('/learn/courses/:courseId/certificate.pdf', params({ courseId }), async (req, res) => {
    sendPdf(res, await holder.forCourse(req.user!, req.params.courseId));
  });

  // Admins find a certificate by its serial or verification code. The form posts (a code or an
  // IIN typed by mistake never lands in an address); an old link's ?q= is taken as well. An
  // admin's lookups are not the public page's: they are neither throttled nor counted as misses.
  async function find(req: Request, res: Response, q: string | undefined) {
    const text = q?.trim().toUpperCase() ?? '';
    if (serial.accepts(text)) return res.redirect(303, `${req.baseUrl}/admin/certificates/${text}`);
    const found = text ? await verify.lookup(text) : null;
    if (found) return res.redirect(303, `${req.baseUrl}/admin/certificates/${found.serial}`);
    res.status(text ? 404 : 200).render('certificates/admin-find', { pageTitle: req.t('certificates.admin.title'), q: looksLikeIin(text) ? '' : (q ?? ''), notFound: Boolean(text) });
  }
  router.get('/admin/certificates', (req, res) => find(req, res, check(validateLookup, req.query).q));
  router.post('/admin/certificates', (req, res) => find(req, res, check(validateLookupForm, req.body ?? {}).q));

  async function page(req: BySerial, res: Response, status = 200, errors: { field: string; message: string }[] = []) {
    const stored = await lifecycle.bySerial(req.params.serial);
    if (!stored) throw new NotFoundError('certificates.errors.notFound');
    const cert = await lifecycle.managed(req.user!, stored._id);
    const found = await verify.describe(cert);
    res.status(status).render('certificates/admin-certificate', {
      pageTitle: `${req.t('certificates.admin.title')}: ${found.serial}`,
      certificate: {
        ...found,
        title: found.title[req.lang] || found.title.ru,
        completedOn: printedDate(found.completedAt),
        issuedOn: printedDate(found.issuedAt),
        statusKey: `certificates.status.${found.status}`,
        revokedOn: found.revoked ? printedDate(found.revoked.at) : null,
        reasonKey: found.revoked ? `certificates.reasons.${found.revoked.reason}` : null,
      },
      canAct: found.status === 'valid',
      reasons: revokeReasons.map((r) => ({ value: r, key: `certificates.reasons.${r}` })),
      pdfPath: `/certificates/${cert.code}/certificate.pdf`,
      errors,
    });
  }
  const certificateIdOf = async (serial: string) => (await lifecycle.bySerial(serial))?._id ?? '';

  router.get('/admin/certificates/:serial', params({ serial }), (req, res) => page(req, res));

  /**
   * Revokes or reissues. The same act sent again (a double tap, back and send) finds it done: the
   * certificate's page with what was done, or the certificate it was reissued as, not a refusal.
   */
  async function act(req: BySerial, res: Response, action: (id: string) => Promise<unknown>, flash: string, done: 'revoked' | 'superseded') {
    const id = await certificateIdOf(req.params.serial);
    if (!id) throw new NotFoundError('certificates.errors.notFound');
    try {
      const result = await action(id);
      req.session.flash = { kind: 'success', key: flash };
      const next = (result as { serial?: string }).serial ?? req.params.serial;
      res.redirect(303, `${req.baseUrl}/admin/certificates/${next}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500 || err.status === 403 || err.status === 404) throw err;
      const now = err.messageKey === 'certificates.errors.notValid' ? await lifecycle.status(await lifecycle.managed(req.user!, id)) : null;
      if (now?.state === done) {
        req.session.flash = { kind: 'info', key: `certificates.admin.already.${done}` };
        return res.redirect(303, `${req.baseUrl}/admin/certificates/${now.state === 'superseded' ? now.current.serial : req.params.serial}`);
      }
      await page(req, res, err.status, [{ field: '', message: req.t(err.messageKey, err.params) }, ...err.details.map((d) => ({ field: d.field, message: req.t(d.message, d.params) }))]);
    }
  }

  router.post('/admin/certificates/:serial/revoke', params({ serial }), (req, res) =>
    act(
      req,
      res,
      (id) => {
        const body = check(validateRevoke, req.body);
        return lifecycle.revoke(req.user!, id, body.reason, body.note?.trim() ?? '');
      },
      'certificates.admin.revoked',
      'revoked',
    ),
  );

  router.post('/admin/certificates/:serial/reissue', params({ serial }), (req, res) =>
    act(
      req,
      res,
      (id) => {
        check(validateEmptyForm, req.body);
        return lifecycle.reissue(req.user!, id);
      },
      'certificates.admin.reissued',
      'superseded',
    ),
  );

  return router;
}
