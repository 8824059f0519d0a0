// Certificates without walking a course: a completion record stored as learning stores it, and a
// certificates feature built on the test server's database, as another server of the site would.
import { Types } from 'mongoose';
import type { TestServer } from '../../helpers/app.ts';
import { createUser } from '../../helpers/users.ts';
import { directoryService } from '../../../server/accounts/directory.service.ts';
import { createLogger } from '../../../server/logger.ts';
import { certificatesFeature, type CertificatesFeature } from '../../../server/certificates/certificates.ts';
import type { CompletionDoc } from '../../../server/learning/progress/progress.model.ts';
import type { Mailer } from '../../../server/mail/mailer.ts';

let serial = 0;

export function certificatesOn(server: TestServer, since: (from: Date) => AsyncIterable<CompletionDoc> = async function* () {}, mailer: Mailer = { send: async () => undefined }): CertificatesFeature {
  return certificatesFeature({
    db: server.db,
    clock: { now: () => new Date() },
    logger: createLogger('silent'),
    mailer,
    config: server.config,
    directory: directoryService(server.db),
    records: { completion: async () => null, completionsSince: since },
    courseIds: async () => [],
  });
}

export const freshCourseId = (prefix = 'cert-life') => `${prefix}-${Date.now().toString(36)}-${(serial += 1)}`;

/** A teacher's completion record of a course, stored as learning stores it. */
export async function storedCompletion(server: TestServer, options: { region?: string; courseId?: string } & Partial<Parameters<typeof createUser>[1]> = {}) {
  const { courseId = freshCourseId(), region = 'almaty', ...user } = options;
  const created = await createUser(server.db, { region, ...user });
  const doc: CompletionDoc = {
    _id: `${String(created.doc._id)}:${courseId}`,
    userId: new Types.ObjectId(String(created.doc._id)),
    courseId,
    versionId: new Types.ObjectId().toHexString(),
    version: '1.2.0',
    title: { kk: 'Буллингтің алдын алу', ru: 'Профилактика буллинга', en: 'Preventing bullying' },
    academicHours: 12,
    standards: ['QS-02'],
    modules: [],
    score: 87.5,
    enrolledAt: new Date('2026-11-01T08:00:00Z'),
    dueAt: null,
    completedAt: new Date('2026-11-20T08:00:00Z'),
  };
  await server.db.db!.collection('completions').insertOne(doc as never);
  return { user: created, completion: doc, subject: { ...doc, userId: String(doc.userId) } };
}
