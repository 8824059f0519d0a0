// A completion record as learning's read face hands it out: the certificates feature takes the type
// and the records from that service (learning/records), never from learning's model.
import type { CompletionRecord, RecordsService } from '../learning/records/records.service.ts';

export type CompletionDoc = CompletionRecord;

/** What certificates read of learning: one completion, and those recorded since a time (the sweep). */
export type CompletionRecords = Pick<RecordsService, 'completion' | 'completionsSince'>;
