// The activity-template downloads as a feature: their routes and who may reach them. Teachers
// reach a course's templates through their enrolment (learning's enrolment service is passed in,
// so this feature depends on no other feature's storage); staff through the version preview.
import type { Feature } from '../feature.ts';
import { activityRoutes, learnerActivityPath, previewActivityPath } from './activity.routes.ts';
import type { CourseServices } from './course-services.ts';

export interface Enrolments {
  /** the learner's enrolment in a course; throws NotFoundError when there is none */
  require(userId: string, courseId: string): Promise<{ versionId: string }>;
}

export function activitiesFeature(deps: { courses: CourseServices; enrolments: Enrolments }): Feature<{ activities: CourseServices['activities'] }> {
  const { activities } = deps.courses;
  return {
    name: 'activities',
    services: { activities },
    routers: () => [activityRoutes({ activities, enrolledVersion: async (userId, courseId) => (await deps.enrolments.require(userId, courseId)).versionId })],
    accessRules: [
      // enrolment is checked by the route: a teacher who is not enrolled gets 404
      { path: learnerActivityPath, methods: ['GET'], who: 'signed-in' },
      { path: previewActivityPath, methods: ['GET'], who: ['coordinator', 'admin'] },
    ],
    menu: [],
    start: () => () => undefined,
  };
}
