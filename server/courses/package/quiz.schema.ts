// A module's quiz (quiz.yaml or quiz.json): settings and a question bank. A question's `type`
// selects its branch (AJV discriminator), so errors name the fields of that type only.
import type { FromSchema } from 'json-schema-to-ts';
import { localised } from './course.schema.ts';
import { packageAjv } from './package-ajv.ts';

export const questionTypes = ['single', 'multiple', 'truefalse', 'ordering', 'matching'] as const;
export const reviewPolicies = ['after-pass', 'after-final', 'always', 'never'] as const;

const idSchema = { type: 'string', pattern: '^[a-z0-9-]+$', minLength: 1, maxLength: 32 } as const;
const questionText = localised(1000);
const explanation = localised(2000);
const choice = { type: 'object', additionalProperties: false, required: ['id', 'text'], properties: { id: idSchema, text: localised(500) } } as const;
const options = { type: 'array', minItems: 2, maxItems: 8, items: choice } as const;

const single = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'text', 'options', 'correct', 'explanation'],
  properties: { id: idSchema, type: { const: 'single' }, text: questionText, options, correct: idSchema, explanation },
} as const;

const multiple = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'text', 'options', 'correct', 'explanation'],
  properties: {
    id: idSchema,
    type: { const: 'multiple' },
    text: questionText,
    options,
    correct: { type: 'array', minItems: 1, maxItems: 8, uniqueItems: true, items: idSchema },
    explanation,
  },
} as const;

const truefalse = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'text', 'correct', 'explanation'],
  properties: { id: idSchema, type: { const: 'truefalse' }, text: questionText, correct: { type: 'boolean' }, explanation },
} as const;

const ordering = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'text', 'items', 'explanation'],
  properties: { id: idSchema, type: { const: 'ordering' }, text: questionText, items: { type: 'array', minItems: 3, maxItems: 8, items: choice }, explanation },
} as const;

const pair = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'left', 'right'],
  properties: { id: idSchema, left: localised(300), right: localised(300) },
} as const;

const matching = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'text', 'pairs', 'explanation'],
  properties: { id: idSchema, type: { const: 'matching' }, text: questionText, pairs: { type: 'array', minItems: 3, maxItems: 8, items: pair }, explanation },
} as const;

export const quizSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['settings', 'questions'],
  properties: {
    settings: {
      type: 'object',
      additionalProperties: false,
      required: ['draw', 'passMark', 'timeLimitMinutes', 'maxAttempts', 'cooldownMinutes'],
      properties: {
        draw: { type: 'integer', minimum: 1, maximum: 200 },
        passMark: { type: 'integer', minimum: 1, maximum: 100 },
        timeLimitMinutes: { type: 'integer', minimum: 1, maximum: 300 },
        maxAttempts: { type: 'integer', minimum: 1, maximum: 20 },
        cooldownMinutes: { type: 'integer', minimum: 0, maximum: 10_080 },
        review: { type: 'string', enum: reviewPolicies, default: 'after-pass' },
      },
    },
    questions: {
      type: 'array',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        required: ['type'],
        properties: { type: { type: 'string', enum: questionTypes } },
        discriminator: { propertyName: 'type' },
        oneOf: [single, multiple, truefalse, ordering, matching],
      },
    },
  },
} as const;

export type Quiz = FromSchema<typeof quizSchema>;
export type QuizSettings = Quiz['settings'];
export type Question = Quiz['questions'][number];
export type QuestionType = (typeof questionTypes)[number];

export const validateQuiz = packageAjv.compile<Quiz>(quizSchema);
