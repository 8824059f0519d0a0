// A holder's certificates are remembered under the holder's stamp (certificate.repository.ts), the
// misses too. Issuing must never wait on a remembered miss: a racing issuer on another server
// writes the certificate while this request still remembers it as missing.
import { expect } from 'chai';
import { Types, type Connection } from 'mongoose';
import { testDatabase } from '../../helpers/database.ts';
import { learnerCache } from '../../../server/db/remembered.ts';
import { stamps } from '../../../server/db/stamps.ts';
import { registerCertificateModels, type CertificateDoc } from '../../../server/certificates/certificate.model.ts';
import { certificateRepository } from '../../../server/certificates/certificate.repository.ts';

describe('certificates remembered under the holder stamp', () => {
  let db: Connection;
  before(async () => {
    db = await testDatabase();
    registerCertificateModels(db);
  });

  it("reads a certificate another server wrote while this request remembers it missing, and shows it on the holder's next request", async () => {
    const cache = learnerCache(stamps(db));
    const here = certificateRepository(db, cache);
    const there = certificateRepository(db); // another server: no memory of this one's
    const userId = new Types.ObjectId().toHexString();
    const courseId = `remembered-${Date.now().toString(36)}`;
    const inScope = <T>(work: () => Promise<T>) => new Promise<T>((resolve, reject) => cache.scope(userId, () => void work().then(resolve, reject)));
    const doc = { _id: `${userId}:${courseId}:1`, userId: new Types.ObjectId(userId), courseId, n: 1, serial: 'QG-2026-000001' } as unknown as CertificateDoc;
    await inScope(async () => {
      expect(await here.versions(userId, courseId)).to.deep.equal([]);
      expect(await there.insert(doc)).to.equal(true);
      // the same request: its pages still see the stamp it read, but issuing reads what is stored
      expect(await here.versions(userId, courseId)).to.deep.equal([]);
      expect((await here.find(doc._id))?.serial).to.equal('QG-2026-000001');
    });
    // the holder's next request reads the stamp the insert changed
    expect((await inScope(() => here.versions(userId, courseId))).map((c) => c.serial)).to.deep.equal(['QG-2026-000001']);
  });
});
