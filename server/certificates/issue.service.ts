// Issuing a certificate exactly once. The certificate's `_id` is derived from the holder, the course
// and the issue number, so however many triggers race (the completion listener, a sweep, a second
// server, a reissue clicked twice) only one insert of it can succeed. Before doing the work a
// racer claims the certificate by inserting a claim under the same id; the others wait for the
// winner's certificate instead of claiming serials of their own, and take over only when the
// winner died. Every caller gets the one stored certificate.
import { Types } from 'mongoose';
import { kzDay, type Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Person } from '../accounts/directory.service.ts';
import { certificateId, type CertificateDoc, type Lang } from './certificate.model.ts';
import type { CertificateRepository } from './certificate.repository.ts';
import { newCode } from './code.ts';
import { signClaims, type Claims } from './signing/credential.ts';
import type { Keyring } from './signing/keyring.ts';

/** What a certificate is about: taken from the completion record, or from the certificate it replaces. */
export interface CertificateSubject {
  userId: string;
  courseId: string;
  versionId: string;
  version: string;
  title: Record<string, string>;
  academicHours: number;
  standards: string[];
  score: number;
  completedAt: Date;
}

export interface IssueDeps {
  repo: CertificateRepository;
  keys: Keyring;
  clock: Clock;
  logger: Logger;
  person(userId: string): Promise<Person | null>;
  /** told once, after the response, by the issuer that stored the certificate */
  onIssued(certificate: CertificateDoc, holder: Person): Promise<void>;
  /** how long a racer waits for the claim's winner before taking over (ms) */
  takeoverAfterMs?: number;
}

// the day of completion in Kazakhstan, as the certificate prints it (a completion at 20:30 UTC is the next day there)
const dateOnly = (d: Date) => kzDay(d);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function claimsOf(c: Pick<CertificateDoc, 'serial' | 'holderName' | 'courseId' | 'version' | 'academicHours' | 'standards' | 'score' | 'completedAt'>): Claims {
  return { s: c.serial, n: c.holderName, k: c.courseId, v: c.version, h: c.academicHours, t: c.standards, p: c.score, d: dateOnly(c.completedAt) };
}

export function issueService(deps: IssueDeps) {
  const { repo, keys, clock, logger } = deps;
  const takeoverAfterMs = deps.takeoverAfterMs ?? 10_000;
  // racers within this process share one promise; other servers meet at the claim
  const inFlight = new Map<string, Promise<CertificateDoc>>();
  // the holders being told of their certificates (mail, standings): a sweep waits for them
  const telling = new Set<Promise<void>>();

  async function create(id: string, n: number, subject: CertificateSubject, holder: Person): Promise<CertificateDoc> {
    const now = clock.now();
    const key = await keys.current();
    // the year in Kazakhstan: a certificate issued at 01:00 on 1 January there is of the new year
    const serial = await repo.claimSerial(Number(kzDay(now).slice(0, 4)), id, now);
    let code = newCode();
    while (!(await repo.insertCode(code, id))) code = newCode(); // 2^-100: never, but never wrong either
    const base = {
      _id: id,
      userId: new Types.ObjectId(holder.id),
      courseId: subject.courseId,
      n,
      serial,
      code,
      holderName: holder.fullName,
      region: holder.region,
      lang: holder.lang as Lang,
      title: { kk: subject.title.kk ?? subject.title.ru ?? '', ru: subject.title.ru ?? subject.title.kk ?? '', en: subject.title.en ?? subject.title.ru ?? '' },
      versionId: subject.versionId,
      version: subject.version,
      academicHours: subject.academicHours,
      standards: [...subject.standards],
      score: subject.score,
      completedAt: subject.completedAt,
      issuedAt: now,
      kid: key.kid,
    };
    const doc: CertificateDoc = { ...base, jws: await signClaims(claimsOf(base), key) };
    if (!(await repo.insert(doc))) {
      const stored = await repo.find(id);
      if (!stored) throw new Error(`certificate ${id} was inserted by another issuer but cannot be read`);
      return stored;
    }
    // the holder's mail must not hold up the request that completed the course (a slow SMTP server)
    const told = new Promise<void>((resolve) => {
      setImmediate(() => void deps.onIssued(doc, holder).catch((err: unknown) => logger.error({ err, certificate: id }, 'certificate issued, but telling the holder failed')).finally(resolve));
    });
    telling.add(told);
    void told.finally(() => telling.delete(told));
    return doc;
  }

  async function waitFor(id: string): Promise<CertificateDoc | null> {
    for (let waited = 0, pause = 5; waited < takeoverAfterMs; waited += pause, pause = Math.min(pause * 2, 200)) {
      const stored = await repo.find(id);
      if (stored) return stored;
      await sleep(pause);
    }
    return null;
  }

  /** Writes certificate `n` of a holder's course once and returns the stored one. */
  function write(n: number, subject: CertificateSubject, holder: Person): Promise<CertificateDoc> {
    const id = certificateId(subject.userId, subject.courseId, n);
    const running = inFlight.get(id);
    if (running) return running;
    const work = (async () => {
      const stored = await repo.find(id);
      if (stored) return stored;
      if (await repo.claim(id, clock.now())) return create(id, n, subject, holder);
      return (await waitFor(id)) ?? create(id, n, subject, holder);
    })().finally(() => inFlight.delete(id));
    inFlight.set(id, work);
    return work;
  }

  return {
    write,
    /** Resolves once the holders of every certificate issued here so far have been told (or telling failed). */
    async told(): Promise<void> {
      while (telling.size) await Promise.all(telling);
    },
    /** The first certificate of a completion: stored once, whoever asks and however often. */
    async issue(subject: CertificateSubject): Promise<CertificateDoc> {
      const id = certificateId(subject.userId, subject.courseId, 1);
      const stored = await repo.find(id);
      if (stored) return stored;
      const holder = await deps.person(subject.userId);
      if (!holder) throw new Error(`no person ${subject.userId} for a completion of ${subject.courseId}`);
      return write(1, subject, holder);
    },
  };
}

export type IssueService = ReturnType<typeof issueService>;
