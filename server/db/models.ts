import type { Connection } from 'mongoose';
import { registerUserModel } from '../accounts/user.model.ts';
import { registerLoginKeyModel } from '../accounts/login-keys.ts';
import { registerTokenModel } from '../accounts/token.model.ts';
import { registerThrottleModel } from '../accounts/throttle.model.ts';
import { registerImportBatchModels } from '../accounts/import/import-batch.model.ts';
import { registerCourseModels } from '../courses/course.model.ts';
import { registerCourseContentModels } from '../courses/course-content.model.ts';
import { registerCourseReleaseModel } from '../courses/course-release.model.ts';
import { registerLearningModels } from '../learning/learning.model.ts';

// Every feature's models are registered here so that their indexes are built at start.
type ModelRegistration = (conn: Connection) => void;
const registrations: ModelRegistration[] = [registerUserModel, registerLoginKeyModel, registerTokenModel, registerThrottleModel, registerImportBatchModels, registerCourseModels, registerCourseContentModels, registerCourseReleaseModel, registerLearningModels];

export function registerModels(conn: Connection): void {
  for (const register of registrations) register(conn);
}
