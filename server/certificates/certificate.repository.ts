// Reads and inserts of the certificates feature, every read by a derived `_id` (certificate.model.ts).
// Nothing here updates a document: a certificate, its serial, its code and its status events are
// each inserted once, and an insert under a unique `_id` decides every race.
//
// A holder's certificates and their status events are remembered under the holder's stamp
// (db/remembered.ts), misses too: this repository is their only writer, and it changes the stamp
// after each insert lands. So the "My certificates" page of a teacher costs no read of its own while
// nothing changed, and an issue, a revocation or a reissue shows on every server's next page. A
// visitor's check of a code reads the holder's certificates the same way (`byCode`), and the code's
// certificate id is remembered once it names a stored certificate: neither ever changes.
import { LRUCache } from 'lru-cache';
import type { Connection } from 'mongoose';
import { insertOnce } from '../db/claim.ts';
import { documentById } from '../db/connection.ts';
import { noLearnerCache, type LearnerCache } from '../db/remembered.ts';
import { stamps, userStamp } from '../db/stamps.ts';
import { certificateId, certificateModel, eventId, type CertificateDoc, type CertificateEventDoc, type EventKind } from './certificate.model.ts';
import { formatSerial } from './code.ts';

/** The holder of a certificate (or of a certificate's event): its id begins with theirs. */
const holderOf = (certId: string): string => certId.slice(0, certId.indexOf(':'));

/** Codes whose certificate this server has read, with its id (codes resolved, at most this many). */
const RESOLVED_LIMIT = 50_000;

export function certificateRepository(db: Connection, cache: LearnerCache = noLearnerCache) {
  const changes = stamps(db);
  /** After an insert: the stamp changes once it landed; a lost race only makes this server read afresh. */
  async function inserted(userId: string, won: boolean): Promise<boolean> {
    cache.forget(userId);
    if (won) await changes.change(userStamp(userId));
    return won;
  }
  const Certificates = certificateModel(db, 'Certificate');
  const Claims = certificateModel(db, 'CertificateClaim');
  const Serials = certificateModel(db, 'CertificateSerial');
  const Codes = certificateModel(db, 'CertificateCode');
  const Events = certificateModel(db, 'CertificateEvent');
  // every read is by _id, through the find command (db/connection.ts)
  const certificateById = documentById<CertificateDoc>(db, Certificates.collection.collectionName);
  const eventById = documentById<CertificateEventDoc>(db, Events.collection.collectionName);
  const entryById = documentById<{ _id: string; certificateId: string }>(db, Codes.collection.collectionName);
  const serialById = documentById<{ _id: string; certificateId: string }>(db, Serials.collection.collectionName);
  /** A certificate by id, remembered under its holder's stamp (within their scope). */
  const certificate = (id: string): Promise<CertificateDoc | null> => cache.read(holderOf(id), `certificate:${id}`, () => certificateById(id));
  const version = (userId: string, courseId: string, n: number): Promise<CertificateDoc | null> => certificate(certificateId(userId, courseId, n));
  const resolved = new LRUCache<string, string>({ max: RESOLVED_LIMIT });
  // the highest serial number this process has seen per year: where the next claim starts probing
  const serialHint = new Map<number, number>();
  const serialTaken = async (year: number, n: number) => (await serialById(formatSerial(year, n), { _id: 1 })) !== null;

  /** The first free serial number of a year: numbers are claimed in order, so they are dense from 1. */
  async function firstFree(year: number): Promise<number> {
    let low = serialHint.get(year) ?? 0; // taken (0 stands for "before the first")
    if (low > 0 && !(await serialTaken(year, low))) low = 0;
    let high = low + 1;
    let step = 1;
    while (await serialTaken(year, high)) {
      low = high;
      step *= 2;
      high = low + step;
    }
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if (await serialTaken(year, mid)) low = mid;
      else high = mid;
    }
    return high;
  }

  return {
    /** A certificate as stored now: what issuing reads and waits for (never a remembered miss). */
    find: (id: string): Promise<CertificateDoc | null> => certificateById(id),
    insert: async (doc: CertificateDoc): Promise<boolean> => inserted(String(doc.userId), await insertOnce(Certificates, { ...doc })),

    /** Certificate `n` of a holder's course, or null: remembered under the holder's stamp, for their pages. */
    version,

    /** The user's certificates of a course, first issue first (reissues are numbered 1, 2, …). */
    async versions(userId: string, courseId: string): Promise<CertificateDoc[]> {
      const found: CertificateDoc[] = [];
      for (let n = 1; ; n += 1) {
        const doc = await version(userId, courseId, n);
        if (!doc) return found;
        found.push(doc);
      }
    },

    /** Claims the right to write a certificate; true for the one caller that got it. */
    claim: (id: string, at: Date): Promise<boolean> => insertOnce(Claims, { _id: id, at }),

    /** Claims the next serial of a year for a certificate and returns it. */
    async claimSerial(year: number, certId: string, at: Date): Promise<string> {
      for (let n = await firstFree(year); ; n += 1) {
        const serial = formatSerial(year, n);
        if (await insertOnce(Serials, { _id: serial, certificateId: certId, at })) {
          serialHint.set(year, Math.max(serialHint.get(year) ?? 0, n));
          return serial;
        }
      }
    },
    async bySerial(serial: string): Promise<CertificateDoc | null> {
      const entry = await serialById(serial);
      const doc = entry ? await certificateById(String(entry.certificateId)) : null;
      // a serial claimed by an issuer that lost its race names no certificate
      return doc && doc.serial === serial ? doc : null;
    },

    insertCode: (code: string, certId: string): Promise<boolean> => insertOnce(Codes, { _id: code, certificateId: certId }),
    /**
     * The certificate a code names (null for none), given to `then` within its holder's scope: the
     * certificate, its status events and its holder's other versions are read under the holder's
     * stamp, so a check of a known code costs that one read while nothing changed.
     */
    async byCode<T>(code: string, then: (doc: CertificateDoc | null) => Promise<T>): Promise<T> {
      let id = resolved.get(code);
      if (id === undefined) {
        const entry = await entryById(code);
        if (!entry) return then(null);
        id = String(entry.certificateId);
      }
      const certId = id;
      return cache.within(holderOf(certId), async () => {
        const doc = await certificate(certId);
        // a code claimed by an issuer that lost its race names no certificate
        if (!doc || doc.code !== code) return then(null);
        resolved.set(code, certId);
        return then(doc);
      });
    },

    insertEvent: async (event: CertificateEventDoc): Promise<boolean> => inserted(holderOf(event.certificateId), await insertOnce(Events, event as never)),
    event: (certId: string, kind: EventKind): Promise<CertificateEventDoc | null> =>
      cache.read(holderOf(certId), `certificate-event:${eventId(certId, kind)}`, () => eventById(eventId(certId, kind))),

    /** Every certificate of a course (one scan), for bulk rendering. */
    ofCourse(courseId: string): AsyncIterable<CertificateDoc> {
      return Certificates.find({ courseId }).sort({ _id: 1 }).lean<CertificateDoc[]>().cursor({ batchSize: 500 }) as AsyncIterable<CertificateDoc>;
    },
  };
}

export type CertificateRepository = ReturnType<typeof certificateRepository>;
