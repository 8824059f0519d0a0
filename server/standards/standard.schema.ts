// The national standard's definition file, one JSON Schema run by AJV with allErrors, so a refused
// upload lists every problem at once. Its meaning is documented in docs/standards.md.
import type { FromSchema } from 'json-schema-to-ts';
import { compile } from '../http/validate.ts';

const text = {
  type: 'object',
  properties: { kk: { type: 'string', minLength: 1, maxLength: 300 }, ru: { type: 'string', minLength: 1, maxLength: 300 }, en: { type: 'string', minLength: 1, maxLength: 300 } },
  required: ['kk', 'ru', 'en'],
  additionalProperties: false,
} as const;

const code = { type: 'string', pattern: '^[A-Z][A-Z0-9-]{0,31}$' } as const;
const date = { type: 'string', format: 'date' } as const;

export const standardSchema = {
  $id: 'qorgau:national-standard',
  type: 'object',
  properties: {
    /** true while the figures are placeholders, not the ministry's */
    example: { type: 'boolean' },
    version: { type: 'integer', minimum: 1, maximum: 100000 },
    title: text,
    effectiveFrom: date,
    cycleMonths: { type: 'integer', minimum: 1, maximum: 240 },
    dueDate: { anyOf: [date, { type: 'null' }] },
    requirements: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        properties: {
          code,
          title: text,
          kind: { type: 'string', enum: ['courses', 'hours'] },
          standards: { type: 'array', items: code, minItems: 1, maxItems: 50, uniqueItems: true },
          count: { type: 'integer', minimum: 1, maximum: 50 },
          hours: { type: 'number', exclusiveMinimum: 0, maximum: 10000 },
          periodMonths: { type: 'integer', minimum: 1, maximum: 240 },
        },
        required: ['code', 'title', 'kind'],
        additionalProperties: false,
        if: { properties: { kind: { const: 'courses' } } },
        then: { properties: { standards: true, count: true }, required: ['standards', 'count'] },
        else: { properties: { hours: true, periodMonths: true }, required: ['hours', 'periodMonths'] },
      },
    },
  },
  required: ['example', 'version', 'title', 'effectiveFrom', 'cycleMonths', 'requirements'],
  additionalProperties: false,
} as const;

export type StandardDefinition = FromSchema<typeof standardSchema>;
export type Requirement = StandardDefinition['requirements'][number];

export const validateStandard = compile<StandardDefinition>(standardSchema);
