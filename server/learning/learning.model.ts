import type { Connection } from 'mongoose';
import { registerAttemptModel } from './attempts/attempt.model.ts';
import { registerEnrolmentModels } from './enrolment/enrolment.model.ts';
import { registerProgressModels } from './progress/progress.model.ts';

/** Registers every model of the learning feature (called from server/db/models.ts). */
export function registerLearningModels(conn: Connection): void {
  registerAttemptModel(conn);
  registerEnrolmentModels(conn);
  registerProgressModels(conn);
}
