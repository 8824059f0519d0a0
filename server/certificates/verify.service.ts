// What anyone may learn about a certificate from its code, without signing in: its status, the
// holder's name as printed, the course, hours, date and issuer. Never the IIN or the email: the
// certificate does not even hold them. Unknown and malformed codes count against the asker's IP.
import type { Clock } from '../clock.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { CertificateDoc } from './certificate.model.ts';
import type { CertificateRepository } from './certificate.repository.ts';
import { normaliseCode } from './code.ts';
import type { LifecycleService } from './lifecycle.service.ts';
import { CredentialRefused, verifyCredential, type Claims } from './signing/credential.ts';
import type { Keyring } from './signing/keyring.ts';
import type { VerifyThrottle } from './verify-throttle.ts';

export interface PublicCertificate {
  status: 'valid' | 'revoked' | 'superseded';
  code: string;
  serial: string;
  holderName: string;
  courseId: string;
  title: Record<'kk' | 'ru' | 'en', string>;
  version: string;
  academicHours: number;
  standards: string[];
  score: number;
  completedAt: Date;
  issuedAt: Date;
  revoked: { at: Date; reason: string } | null;
  /** the code of the certificate that replaced this one */
  supersededBy: string | null;
  jws: string;
}

export interface VerifyDeps {
  repo: CertificateRepository;
  lifecycle: LifecycleService;
  keys: Keyring;
  throttle: VerifyThrottle;
  clock: Clock;
}

export function verifyService(deps: VerifyDeps) {
  const { repo, lifecycle, keys, throttle, clock } = deps;

  async function describe(cert: CertificateDoc): Promise<PublicCertificate> {
    const status = await lifecycle.status(cert);
    return {
      status: status.state,
      code: cert.code,
      serial: cert.serial,
      holderName: cert.holderName,
      courseId: cert.courseId,
      title: cert.title,
      version: cert.version,
      academicHours: cert.academicHours,
      standards: cert.standards,
      score: cert.score,
      completedAt: cert.completedAt,
      issuedAt: cert.issuedAt,
      revoked: status.state === 'revoked' ? { at: status.at, reason: status.reason } : null,
      supersededBy: status.state === 'superseded' ? status.current.code : null,
      jws: cert.jws,
    };
  }

  /** The code as typed, made plain; null when it cannot be a code. */
  const codeOf = (input: string) => (input.length <= 64 ? normaliseCode(input) : null);
  const byPlainCode = (code: string) => repo.byCode(code, async (cert) => (cert ? describe(cert) : null));

  return {
    describe,

    /** A certificate by its public code; 400 for what cannot be a code, 404 for an unknown one, 429 after too many. */
    async byCode(input: string, ip: string): Promise<PublicCertificate> {
      const now = clock.now();
      await throttle.check(ip, now);
      const code = codeOf(input);
      if (!code) {
        await throttle.miss(ip, now);
        throw new ValidationError('certificates.verify.malformed');
      }
      const found = await byPlainCode(code);
      if (!found) {
        await throttle.miss(ip, now);
        throw new NotFoundError('certificates.verify.unknown');
      }
      return found;
    },

    /**
     * Checks a signed proof offline-style (the signature against the published keys), then finds the
     * certificate it names: a valid signature over a certificate that is not stored is refused.
     */
    async byCredential(jws: string): Promise<{ claims: Claims; certificate: PublicCertificate | null }> {
      const { claims } = await verifyCredential(jws, keys);
      const cert = await repo.bySerial(claims.s);
      return { claims, certificate: cert && cert.jws === jws.trim() ? await describe(cert) : null };
    },

    /** A certificate by its code for an admin: not throttled, and not counted as a visitor's miss. */
    async lookup(input: string): Promise<PublicCertificate | null> {
      const code = codeOf(input);
      return code ? byPlainCode(code) : null;
    },

    async bySerial(serial: string): Promise<PublicCertificate | null> {
      const cert = await repo.bySerial(serial);
      return cert ? describe(cert) : null;
    },
  };
}

export { CredentialRefused };
export type VerifyService = ReturnType<typeof verifyService>;
