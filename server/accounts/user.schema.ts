// One JSON Schema per accounts action. Form bodies arrive as strings; a repeated parameter arrives as
// an array and fails `type: string`; unknown fields (operators, __proto__) fail additionalProperties.
import type { FromSchema } from 'json-schema-to-ts';
import { objectIdParam } from '../http/params.ts';
import { compile } from '../http/validate.ts';
import { regionCodes } from './regions.ts';

/** A person in a URL (`/admin/users/:id`, a transcript): the user's ObjectId. */
export const userId = objectIdParam();

/** A reset or set-password token as mailed (base64url): the form's field, and the link's query and cookie (auth.routes.ts). */
export const resetTokenPattern = '^[A-Za-z0-9_-]{20,100}$';

const csrf = { type: 'string', maxLength: 200 } as const;
// Latin or Cyrillic letters (Kazakh included), with single spaces, hyphens or apostrophes between.
// Each word is in one script: a word mixing Cyrillic and Latin look-alikes (а/a, о/o) is refused.
const word = '(?:\\p{Script=Latin}+|\\p{Script=Cyrillic}+)';
const name = {
  type: 'string',
  minLength: 1,
  maxLength: 60,
  pattern: `^${word}(?:[ '’-]${word})*$`,
  'x-message': { pattern: 'accounts.validation.name' },
} as const;
const optionalName = { ...name, minLength: 0, pattern: `^(?:${word}(?:[ '’-]${word})*)?$` } as const;
// Free text such as a school's name: no control characters, no invisible format characters
// (\p{Cf}: zero-width, bidi marks and overrides, U+061C), no line or paragraph separators, no angle brackets.
export const plainText = {
  type: 'string',
  maxLength: 120,
  pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f\\p{Cf}\\p{Zl}\\p{Zp}<>]*$',
  'x-message': { pattern: 'accounts.validation.plainText' },
} as const;
export const iinField = { type: 'string', pattern: '^[0-9]{12}$', 'x-message': 'accounts.validation.iinFormat' } as const;
// An address never starts like a spreadsheet formula (=, +, -, @, tab, CR): it ends up in exports.
const email = { type: 'string', format: 'email', maxLength: 254, pattern: '^[^=+@\\t\\r-]', 'x-message': 'accounts.validation.email' } as const;
const password = { type: 'string', minLength: 1, maxLength: 256, 'x-message': 'accounts.validation.passwordLength' } as const;
const region = { type: 'string', enum: regionCodes as unknown as string[], 'x-message': 'accounts.validation.region' } as const;
const lang = { type: 'string', enum: ['kk', 'ru', 'en'] } as const;

export const loginSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['login', 'password'],
  properties: { _csrf: csrf, login: { type: 'string', minLength: 1, maxLength: 254 }, password, next: { type: 'string', maxLength: 500 }, unsaved: { type: 'string', enum: ['1'] } },
} as const;
export type LoginInput = FromSchema<typeof loginSchema>;

export const registerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['iin', 'email', 'surname', 'givenName', 'region', 'password', 'passwordConfirm', 'consent'],
  properties: {
    _csrf: csrf,
    // consent to the processing of personal data (the /privacy page); an unticked box sends nothing
    consent: { type: 'string', const: 'yes', 'x-message': 'validation.required' },
    iin: iinField,
    email,
    surname: name,
    givenName: name,
    patronymic: optionalName,
    region,
    district: plainText,
    school: plainText,
    position: plainText,
    lang,
    password,
    passwordConfirm: password,
  },
} as const;
export type RegisterInput = FromSchema<typeof registerSchema>;

export const profileSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['surname', 'givenName'],
  properties: { _csrf: csrf, surname: name, givenName: name, patronymic: optionalName, district: plainText, school: plainText, position: plainText, lang },
} as const;
export type ProfileInput = FromSchema<typeof profileSchema>;

export const changePasswordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['currentPassword', 'password', 'passwordConfirm'],
  properties: { _csrf: csrf, currentPassword: password, password, passwordConfirm: password },
} as const;
export type ChangePasswordInput = FromSchema<typeof changePasswordSchema>;

export const forgotSchema = {
  type: 'object',
  additionalProperties: false,
  required: [],
  // `login` is an IIN or an email, as at sign-in; `email` is the field's older name
  properties: { _csrf: csrf, login: { type: 'string', minLength: 1, maxLength: 254, pattern: '^[^\\u0000-\\u001f\\p{Cf}]*$' }, email },
} as const;

export const resetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token', 'password', 'passwordConfirm'],
  properties: { _csrf: csrf, token: { type: 'string', pattern: resetTokenPattern }, password, passwordConfirm: password },
} as const;
export type ResetInput = FromSchema<typeof resetSchema>;

export const adminUpdateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['role', 'status'],
  properties: {
    _csrf: csrf,
    role: { type: 'string', enum: ['teacher', 'coordinator', 'admin'] },
    regionScope: { type: 'string', enum: ['', ...regionCodes] as unknown as string[] },
    status: { type: 'string', enum: ['active', 'disabled'] },
  },
} as const;
export type AdminUpdateInput = FromSchema<typeof adminUpdateSchema>;

export const userListQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    page: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },
    role: { type: 'string', enum: ['', 'teacher', 'coordinator', 'admin'] },
    region: { type: 'string', enum: ['', ...regionCodes] as unknown as string[] },
    status: { type: 'string', enum: ['', 'active', 'disabled'] },
    lang: lang,
  },
} as const;
export type UserListQuery = FromSchema<typeof userListQuerySchema>;

export const userSearchSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { _csrf: csrf, q: { type: 'string', maxLength: 100 }, clear: { type: 'string', enum: ['1'] }, role: userListQuerySchema.properties.role, region: userListQuerySchema.properties.region, status: userListQuerySchema.properties.status },
} as const;
export type UserSearchInput = FromSchema<typeof userSearchSchema>;

export const validateLogin = compile<LoginInput>(loginSchema);
export const validateRegister = compile<RegisterInput>(registerSchema);
export const validateProfile = compile<ProfileInput>(profileSchema);
export const validateChangePassword = compile<ChangePasswordInput>(changePasswordSchema);
export const validateForgot = compile<FromSchema<typeof forgotSchema>>(forgotSchema);
export const validateReset = compile<ResetInput>(resetSchema);
export const validateAdminUpdate = compile<AdminUpdateInput>(adminUpdateSchema);
export const validateUserListQuery = compile<UserListQuery>(userListQuerySchema);
export const validateUserSearch = compile<UserSearchInput>(userSearchSchema);
