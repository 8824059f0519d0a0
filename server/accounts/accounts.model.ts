// The accounts feature's models, in the order their indexes are built when the database opens
// (server/database.ts).
import type { ModelRegistration } from '../db/models.ts';
import { registerUserModel } from './user.model.ts';
import { registerLoginKeyModel } from './login-keys.ts';
import { registerTokenModel } from './token.model.ts';
import { registerThrottleModel } from './throttle.model.ts';
import { registerImportBatchModels } from './import/import-batch.model.ts';

export const accountsModels: readonly ModelRegistration[] = [registerUserModel, registerLoginKeyModel, registerTokenModel, registerThrottleModel, registerImportBatchModels];
