// The course-package feature's models, in the order their indexes are built when the database
// opens (server/database.ts).
import type { ModelRegistration } from '../db/models.ts';
import { registerCourseModels } from './course.model.ts';
import { registerCourseContentModels } from './course-content.model.ts';
import { registerCourseReleaseModel } from './course-release.model.ts';

export const coursesModels: readonly ModelRegistration[] = [registerCourseModels, registerCourseContentModels, registerCourseReleaseModel];
