// One JSON Schema per imported row, built from the registration schema's own field rules, so a
// teacher imported from a spreadsheet passes exactly the checks a teacher who registers passes.
import type { FromSchema } from 'json-schema-to-ts';
import { objectIdParam } from '../../http/params.ts';
import { compile } from '../../http/validate.ts';
import { registerSchema } from '../user.schema.ts';

const fields = registerSchema.properties;

export const importRowSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['iin', 'email', 'surname', 'givenName', 'region'],
  properties: {
    iin: fields.iin,
    email: fields.email,
    surname: fields.surname,
    givenName: fields.givenName,
    patronymic: fields.patronymic,
    // a code or a name in kk, ru or en; resolved with findRegion after the schema passes
    region: { type: 'string', minLength: 1, maxLength: 100, 'x-message': 'accounts.validation.region' },
    district: fields.district,
    school: fields.school,
    position: fields.position,
    lang: { type: 'string', enum: ['', 'kk', 'ru', 'en'], 'x-message': 'import.validation.lang' },
  },
} as const;
export type ImportRowInput = FromSchema<typeof importRowSchema>;

const csrf = { type: 'string', maxLength: 200 } as const;

/** The text fields that travel with the uploaded file. */
export const uploadFormSchema = { type: 'object', additionalProperties: false, properties: { _csrf: csrf } } as const;
export const commitFormSchema = uploadFormSchema;

export const validateImportRow = compile<ImportRowInput>(importRowSchema);
export const validateUploadForm = compile<FromSchema<typeof uploadFormSchema>>(uploadFormSchema);
export const validateCommitForm = validateUploadForm;
/** A report's query: the page of its problems, and the language. */
export const validateReportQuery = compile<{ page?: string; lang?: string }>({
  type: 'object',
  additionalProperties: false,
  properties: { page: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' }, lang: { type: 'string', enum: ['kk', 'ru', 'en'] } },
});
/** An import batch in a URL (`/admin/import/:id`): its ObjectId. */
export const importBatchId = objectIdParam();
