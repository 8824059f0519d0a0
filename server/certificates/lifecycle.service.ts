// A certificate's status and the admin actions that change it. A status change is an inserted
// event under `<certificate id>:<kind>`, never an update: a revoke clicked twice, or by two admins
// at once, stores one revocation. A reissue writes certificate n + 1 through the issuer (exactly
// once, like a first issue) and then records that n is superseded; the newer certificate's
// existence already tells it, so a crash between the two leaves nothing wrong.
import type { Clock } from '../clock.ts';
import type { SessionUser } from '../accounts/session-user.types.ts';
import type { Person } from '../accounts/directory.service.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { eventId, type CertificateDoc, type RevokeReason } from './certificate.model.ts';
import type { CertificateRepository } from './certificate.repository.ts';
import type { IssueService } from './issue.service.ts';

export type CertificateStatus =
  | { state: 'valid' }
  | { state: 'revoked'; at: Date; reason: RevokeReason }
  | { state: 'superseded'; current: CertificateDoc };

export interface LifecycleDeps {
  repo: CertificateRepository;
  issuer: IssueService;
  clock: Clock;
  person(userId: string): Promise<Person | null>;
  /** told after a holder's certificates changed (a revocation, a reissue) */
  changed?(userId: string): void;
}

export function lifecycleService(deps: LifecycleDeps) {
  const { repo, issuer, clock } = deps;

  async function status(cert: CertificateDoc): Promise<CertificateStatus> {
    const userId = String(cert.userId);
    const [revoked, superseded, next] = await Promise.all([repo.event(cert._id, 'revoked'), repo.event(cert._id, 'superseded'), repo.version(userId, cert.courseId, cert.n + 1)]);
    if (revoked) return { state: 'revoked', at: revoked.at, reason: revoked.reason ?? 'other' };
    if (superseded || next) {
      const versions = await repo.versions(userId, cert.courseId);
      return { state: 'superseded', current: versions[versions.length - 1] ?? next! };
    }
    return { state: 'valid' };
  }

  /**
   * National admins act on every certificate; a regional admin on those of the teachers of their
   * region as they are now. The region at issue decided it: a teacher who moved stayed in the old
   * region's reach, and one made staff in a regional admin's (accounts/session-user.ts, adminManages).
   */
  async function mayManage(actor: Pick<SessionUser, 'role' | 'regionScope'>, cert: Pick<CertificateDoc, 'userId'>): Promise<boolean> {
    if (actor.role !== 'admin') return false;
    if (actor.regionScope === null) return true;
    const holder = await deps.person(String(cert.userId));
    return holder !== null && holder.role === 'teacher' && holder.region === actor.regionScope;
  }

  async function managed(actor: SessionUser, id: string): Promise<CertificateDoc> {
    const cert = await repo.find(id);
    if (!cert) throw new NotFoundError('certificates.errors.notFound');
    // out of the admin's reach is answered as missing, as users and transcripts are: serials are
    // sequential, and a 403 would tell which exist in other regions
    if (!(await mayManage(actor, cert))) throw new NotFoundError('certificates.errors.notFound');
    return cert;
  }

  return {
    status,
    mayManage,

    /** A certificate for an admin's page, checked against their scope. */
    managed,
    bySerial: (serial: string) => repo.bySerial(serial),

    /** Revokes a valid certificate, once; a revoked or superseded one is refused and left as it was. */
    async revoke(actor: SessionUser, id: string, reason: RevokeReason, note: string): Promise<CertificateDoc> {
      const cert = await managed(actor, id);
      if ((await status(cert)).state !== 'valid') throw new ConflictError('certificates.errors.notValid');
      const stored = await repo.insertEvent({ _id: eventId(id, 'revoked'), certificateId: id, kind: 'revoked', at: clock.now(), by: actor.id, reason, note });
      if (!stored) throw new ConflictError('certificates.errors.notValid');
      deps.changed?.(String(cert.userId));
      return cert;
    },

    /**
     * Reissues a valid certificate under the holder's corrected name as certificate n + 1; the old
     * one becomes superseded and is kept. A name that did not change is refused: nothing to correct.
     */
    async reissue(actor: SessionUser, id: string): Promise<CertificateDoc> {
      const cert = await managed(actor, id);
      if ((await status(cert)).state !== 'valid') throw new ConflictError('certificates.errors.notValid');
      const holder = await deps.person(String(cert.userId));
      if (!holder) throw new NotFoundError('certificates.errors.notFound');
      if (holder.fullName === cert.holderName) throw new ConflictError('certificates.errors.nameUnchanged');
      const next = await issuer.write(cert.n + 1, { ...cert, userId: String(cert.userId) }, holder);
      await repo.insertEvent({ _id: eventId(id, 'superseded'), certificateId: id, kind: 'superseded', at: clock.now(), by: actor.id, next: next._id });
      deps.changed?.(String(cert.userId));
      return next;
    },
  };
}

export type LifecycleService = ReturnType<typeof lifecycleService>;
