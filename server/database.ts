// Opens Qorgau's database: the connection of db/connection.ts with every feature's models
// registered and their indexes built before anything serves requests. The features list their
// models; this file, on the floor of the composition root with app.ts, puts the lists together so
// that db/ imports no feature. A new feature with models adds its list here.
import type { Connection } from 'mongoose';
import { openDatabase as openConnection, type DatabaseOptions } from './db/connection.ts';
import type { ModelRegistration } from './db/models.ts';
import { accountsModels } from './accounts/accounts.model.ts';
import { coursesModels } from './courses/courses.model.ts';
import { learningModels } from './learning/learning.model.ts';
import { standardsModelRegistrations } from './standards/standing.model.ts';
import { certificatesModels } from './certificates/certificate.model.ts';
import { reportsModels } from './reports/export-audit.ts';

export const featureModels: readonly ModelRegistration[] = [...accountsModels, ...coursesModels, ...learningModels, ...standardsModelRegistrations, ...certificatesModels, ...reportsModels];

export function openDatabase(uri: string, dbName?: string, options: Omit<DatabaseOptions, 'models'> = {}): Promise<Connection> {
  return openConnection(uri, dbName, { ...options, models: featureModels });
}
