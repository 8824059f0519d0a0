import type { Connection } from 'mongoose';
import type { ModelRegistration } from '../db/models.ts';
import { registerAttemptModel } from './attempts/attempt.model.ts';
import { registerEnrolmentModels } from './enrolment/enrolment.model.ts';
import { registerProgressModels } from './progress/progress.model.ts';

/** Registers every model of the learning feature (listed below for server/database.ts). */
export function registerLearningModels(conn: Connection): void {
  registerAttemptModel(conn);
  registerEnrolmentModels(conn);
  registerProgressModels(conn);
}

export const learningModels: readonly ModelRegistration[] = [registerLearningModels];
