import type { FromSchema } from 'json-schema-to-ts';
import { compile } from '../../http/validate.ts';
import { regionCodes } from '../../accounts/regions.ts';
import { plainText } from '../../accounts/user.schema.ts';


export const assignmentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['courseId', 'due'],
  properties: {
    _csrf: { type: 'string', maxLength: 200 },
    courseId: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64 },
    region: { type: 'string', enum: ['', ...regionCodes] as string[] },
    district: plainText,
    school: plainText,
    position: plainText,
    due: { type: 'string', pattern: '^20[0-9]{2}-[01][0-9]-[0-3][0-9]$', 'x-message': 'learning.errors.dueFormat' },
  },
} as const;

export type AssignmentInput = FromSchema<typeof assignmentSchema>;
export const validateAssignment = compile<AssignmentInput>(assignmentSchema);
