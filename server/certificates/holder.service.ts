// A teacher's own certificates: the "My certificates" page, the dashboard's download link and the
// PDF itself, rendered on request (the same certificate always gives the same bytes, so the last
// ones rendered are kept), and the mail that tells the holder a certificate was issued.
import { LRUCache } from 'lru-cache';
import type { SessionUser } from '../accounts/session-user.types.ts';
import type { Person } from '../accounts/directory.service.ts';
import type { CompletionRecords } from './completion.ts';
import { GoneError, NotFoundError } from '../errors.ts';
import { translator, type Language } from '../i18n/index.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { CertificateDoc } from './certificate.model.ts';
import type { CertificateRepository } from './certificate.repository.ts';
import { normaliseCode } from './code.ts';
import type { IssueService } from './issue.service.ts';
import type { LifecycleService } from './lifecycle.service.ts';
import { renderCertificate, type RenderInput } from './pdf/certificate-pdf.ts';
import { subjectOf } from './sweep.ts';

export interface HolderDeps {
  repo: CertificateRepository;
  issuer: IssueService;
  lifecycle: LifecycleService;
  records: Pick<CompletionRecords, 'completion'>;
  courseIds(): Promise<string[]>;
  baseUrl: string;
  mailer: Mailer;
  /** where PDFs are rendered: the server's render thread (render/render-thread.ts); here by default */
  renderPdf?(input: RenderInput): Promise<Buffer>;
}

export const verifyUrl = (baseUrl: string, code: string) => `${baseUrl}/verify/${code}`;
export const fileName = (c: Pick<CertificateDoc, 'serial'>) => `${c.serial}.pdf`;

/** Rendered PDFs kept per server, by the bytes they hold (about 60 KB each). */
export const RENDERED_BYTES = 32 * 1024 * 1024;

export function holderService(deps: HolderDeps) {
  const { repo, issuer, lifecycle, baseUrl } = deps;

  const renderPdf = deps.renderPdf ?? renderCertificate;
  const render = (cert: CertificateDoc) => renderPdf({ certificate: cert, verifyUrl: verifyUrl(baseUrl, cert.code) });
  // A render costs about 15 ms of CPU (bench/certificates.bench.ts): a second tap, a retry on a
  // slow phone or an admin's download of the same certificate takes the bytes already made, and
  // requests for one certificate that arrive together share one render. A certificate is never
  // changed (a reissue is a new one), so the bytes never go out of date.
  const rendered = new LRUCache<string, Buffer, CertificateDoc>({
    maxSize: RENDERED_BYTES,
    sizeCalculation: (bytes) => bytes.length,
    fetchMethod: (_id, _stale, { context }) => render(context),
  });
  const pdfOf = async (cert: CertificateDoc): Promise<Buffer> => (await rendered.fetch(cert._id, { context: cert }))!;

  /**
   * The certificate of a course whose newest version is revoked, or which is revoked itself: none of
   * its versions is handed to the holder (an older one, superseded by the revoked one, would be a
   * clean certificate of the same course). The refusal leads to the revoked one's verification page.
   */
  async function revokedOf(cert: CertificateDoc): Promise<CertificateDoc | null> {
    if (await repo.event(cert._id, 'revoked')) return cert;
    const current = (await repo.versions(String(cert.userId), cert.courseId)).at(-1);
    return current && current._id !== cert._id && (await repo.event(current._id, 'revoked')) ? current : null;
  }
  async function refuseRevoked(cert: CertificateDoc): Promise<void> {
    const revoked = await revokedOf(cert);
    if (revoked) throw new GoneError('certificates.errors.revoked').withWay(`/verify/${revoked.code}`, 'certificates.mine.verify');
  }

  return {
    render,

    /** Every certificate the user holds, newest course first, old versions marked superseded. */
    async mine(user: SessionUser, lang: Language) {
      const perCourse = await Promise.all((await deps.courseIds()).map((courseId) => repo.versions(user.id, courseId)));
      const all = perCourse.flat().sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime());
      return Promise.all(
        all.map(async (c) => {
          const [status, revoked] = await Promise.all([lifecycle.status(c), revokedOf(c)]);
          return {
            serial: c.serial,
            title: c.title[lang] || c.title.ru,
            academicHours: c.academicHours,
            completedAt: c.completedAt,
            issuedAt: c.issuedAt,
            status: status.state,
            // a revoked certificate, or an older one of a course whose newest is revoked, has no
            // download: its verification page says why
            pdfPath: revoked ? null : `/certificates/${c.code}/certificate.pdf`,
            verifyPath: `/verify/${c.code}`,
          };
        }),
      );
    },

    /** The serial of a person's valid certificate of each course, for rosters and transcripts. */
    async serials(userId: string, courseIds: readonly string[]): Promise<Map<string, string>> {
      const found = await Promise.all(
        courseIds.map(async (courseId) => {
          // the newest certificate is superseded by none; it counts unless revoked (2 + 1 reads by _id)
          const current = (await repo.versions(userId, courseId)).at(-1);
          return current && !(await repo.event(current._id, 'revoked')) ? ([courseId, current.serial] as const) : undefined;
        }),
      );
      return new Map(found.filter((e) => e !== undefined));
    },

    /** The PDF of a certificate its holder (or an admin in scope) asks for by code. */
    async pdf(user: SessionUser, input: string): Promise<{ name: string; bytes: Buffer }> {
      const code = normaliseCode(input);
      const cert = code ? await repo.byCode(code, async (doc) => doc) : null;
      if (!cert) throw new NotFoundError('certificates.errors.notFound');
      const holder = String(cert.userId) === user.id;
      // someone else's certificate is answered as missing: a 403 would tell that the code exists
      if (!holder && !(await deps.lifecycle.mayManage(user, cert))) throw new NotFoundError('certificates.errors.notFound');
      // a revoked certificate is not handed to its holder as a clean PDF, whose signature would
      // still verify offline; an admin in scope may still take it for the record
      if (holder) await refuseRevoked(cert);
      return { name: fileName(cert), bytes: await pdfOf(cert) };
    },

    /** The holder's current certificate of a completed course (issued now if a crash left it unissued). */
    async forCourse(user: SessionUser, courseId: string): Promise<{ name: string; bytes: Buffer }> {
      const versions = await repo.versions(user.id, courseId);
      let current = versions[versions.length - 1];
      if (!current) {
        const completion = await deps.records.completion(user.id, courseId);
        if (!completion) throw new NotFoundError('certificates.errors.notCompleted');
        current = await issuer.issue(subjectOf(completion));
      }
      await refuseRevoked(current);
      return { name: fileName(current), bytes: await pdfOf(current) };
    },

    /** Mails the holder the verify link (not the PDF) in their language. */
    async notify(cert: CertificateDoc, holder: Person): Promise<void> {
      if (!holder.email) return;
      const t = translator(holder.lang);
      const link = verifyUrl(baseUrl, cert.code);
      await deps.mailer.send({
        to: holder.email,
        subject: t('certificates.mail.subject', { serial: cert.serial }),
        text: t('certificates.mail.body', { name: holder.givenName, course: cert.title[holder.lang] || cert.title.ru, serial: cert.serial, link, mine: `${baseUrl}/certificates` }),
        link,
      });
    },
  };
}

export type HolderService = ReturnType<typeof holderService>;
