// The course manifest (course.yaml or course.json). The TypeScript type is derived from this schema.
import type { FromSchema } from 'json-schema-to-ts';
import { packageAjv } from './package-ajv.ts';

export const courseLanguages = ['kk', 'ru', 'en'] as const;
export type CourseLanguage = (typeof courseLanguages)[number];

/** Text in the course's languages; which of them must be present is a cross-check. */
export function localised<M extends number>(maxLength: M) {
  return {
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    properties: {
      kk: { type: 'string', minLength: 1, maxLength },
      ru: { type: 'string', minLength: 1, maxLength },
      en: { type: 'string', minLength: 1, maxLength },
    },
  } as const;
}

export const contentNotes = ['sexual-violence', 'self-harm'] as const;
export type ContentNote = (typeof contentNotes)[number];

import { semverPattern, slugPattern } from './patterns.ts';

export { semverPattern, slugPattern };

const lessonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title'],
  properties: {
    id: { type: 'string', pattern: slugPattern, minLength: 1, maxLength: 64 },
    title: localised(200),
    minSeconds: { type: 'integer', minimum: 0, maximum: 36_000 },
    // The lesson page shows a translated note before the body (the text is the site's, not the package's).
    contentNote: { type: 'string', enum: contentNotes },
  },
} as const;

// A printable template (modules/<module>/activities/<id>.<lang>.md) and the learner time it declares.
const activitySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'minutes'],
  properties: {
    id: { type: 'string', pattern: slugPattern, minLength: 1, maxLength: 64 },
    title: localised(200),
    minutes: { type: 'integer', minimum: 5, maximum: 240 },
  },
} as const;

const moduleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'lessons'],
  properties: {
    id: { type: 'string', pattern: slugPattern, minLength: 1, maxLength: 64 },
    title: localised(200),
    required: { type: 'boolean', default: true },
    lessons: { type: 'array', minItems: 1, maxItems: 30, items: lessonSchema },
    activities: { type: 'array', maxItems: 10, items: activitySchema },
  },
} as const;

export const courseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'languages', 'title', 'description', 'academicHours', 'standards', 'modules'],
  properties: {
    id: { type: 'string', pattern: slugPattern, minLength: 3, maxLength: 64 },
    version: { type: 'string', pattern: semverPattern, maxLength: 64 },
    languages: { type: 'array', minItems: 1, maxItems: 3, uniqueItems: true, items: { type: 'string', enum: courseLanguages } },
    title: localised(200),
    description: localised(2000),
    academicHours: { type: 'integer', minimum: 1, maximum: 200 },
    standards: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
      items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9.-]*$', maxLength: 32 },
    },
    modules: { type: 'array', minItems: 1, maxItems: 30, items: moduleSchema },
  },
} as const;

export type CourseManifest = FromSchema<typeof courseSchema>;
export type ManifestModule = CourseManifest['modules'][number];
export type ManifestActivity = NonNullable<ManifestModule['activities']>[number];
export type LocalisedText = CourseManifest['title'];

export const validateCourse = packageAjv.compile<CourseManifest>(courseSchema);
