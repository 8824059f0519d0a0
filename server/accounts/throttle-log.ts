// Failed sign-ins and uses of forms that send mail, counted per key (db/event-log.ts) in the
// accounts feature's own collection.
import type { Connection } from 'mongoose';
import { eventLog, keyedBy, WINDOW_MS, WINDOWS, type EventLog } from '../db/event-log.ts';
import { throttleModel } from './throttle.model.ts';

export { keyedBy, WINDOW_MS, WINDOWS };

export function throttleLog(db: Connection): EventLog {
  return eventLog(throttleModel(db));
}
