// The set-password mail of teachers an import created. It runs after the commit's response, in
// slices: each slice gets its tokens in one insert, its messages a few at a time, and then the
// batch records how far it got. A lease keeps two processes from sending the same batch; after a
// restart, `resume` finds batches whose lease ran out and goes on from the recorded position.
import type { Types } from 'mongoose';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../logger.ts';
import type { AuthService } from '../auth.service.ts';
import type { TokenRepository } from '../token.repository.ts';
import type { ImportBatchRepository } from './import-batch.repository.ts';

const SLICE = 50;
const LEASE_MS = 2 * 60 * 1000;

export interface ImportMailDeps {
  batches: ImportBatchRepository;
  tokens: TokenRepository;
  auth: AuthService;
  clock: Clock;
  logger: Logger;
}

export function importMail({ batches, tokens, auth, clock, logger }: ImportMailDeps) {

  async function send(batchId: Types.ObjectId): Promise<boolean> {
    const batch = await batches.leaseMail(batchId, clock.now(), LEASE_MS);
    if (!batch) return false;
    let { chunk, offset, sent, failed } = batch.mail;
    let renewed = clock.now().getTime();
    while (chunk < batch.mail.chunks) {
      const entries = await batches.mailItems(batch._id, chunk);
      while (offset < entries.length) {
        const slice = entries.slice(offset, offset + SLICE);
        const links = await tokens.issueMany(
          slice.map((e) => e._id),
          'set',
          clock.now(),
        );
        const results = await Promise.allSettled(slice.map((entry, i) => auth.sendSetPasswordLink(entry, links[i])));
        results.forEach((r, i) => {
          if (r.status === 'fulfilled') sent += 1;
          else {
            failed += 1;
            logger.error({ err: r.reason, userId: String(slice[i]!._id), batchId: String(batch._id) }, 'set-password mail failed');
          }
        });
        offset += slice.length;
        await batches.advanceMail(batch._id, { chunk, offset, sent, failed });
        if (clock.now().getTime() - renewed > LEASE_MS / 4) {
          renewed = clock.now().getTime();
          await batches.renewMailLease(batch._id, clock.now());
        }
      }
      chunk += 1;
      offset = 0;
    }
    await batches.advanceMail(batch._id, { chunk, offset, sent, failed });
    await batches.finishMail(batch);
    logger.info({ batchId: String(batch._id), sent, failed }, 'set-password mail of an import sent');
    return true;
  }

  return {
    async deliver(batchId: Types.ObjectId): Promise<void> {
      try {
        await send(batchId);
      } catch (err) {
        logger.error({ err, batchId: String(batchId) }, 'sending the mail of an import stopped; it resumes later');
      }
    },
    async resume(): Promise<void> {
      try {
        for (const batchId of await batches.sendingMail()) await send(batchId);
      } catch (err) {
        logger.error({ err }, 'resuming the mail of imports stopped');
      }
    },
  };
}
