// Every input the certificates feature accepts, one schema per action (additionalProperties: false).
import { ValidationError } from '../errors.ts';
import { paramKind } from '../http/params.ts';
import { compile } from '../http/validate.ts';
import { revokeReasons, type RevokeReason } from './certificate.model.ts';
import { CODE_LENGTH, codePattern, serialPattern } from './code.ts';

const csrf = { type: 'string', maxLength: 200 } as const;

export const lookupSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { q: { type: 'string', maxLength: 64 }, lang: { type: 'string', enum: ['kk', 'ru', 'en'] } },
} as const;
export const validateLookup = compile<{ q?: string; lang?: string }>(lookupSchema);
/** The admin's lookup form and the public verification form: posted, so a typed IIN never lands in an address. */
export const validateLookupForm = compile<{ _csrf?: string; q?: string }>({ type: 'object', additionalProperties: false, properties: { _csrf: csrf, q: { type: 'string', maxLength: 64 } } });
export const validateVerifyForm = compile<{ _csrf?: string; code?: string }>({ type: 'object', additionalProperties: false, properties: { _csrf: csrf, code: { type: 'string', maxLength: 64 } } });

// A verification link travels through messaging apps and mail, which add their own parameters
// (`fbclid`, `utm_source`): those, and a language the site does not have, are ignored, not refused.
export const verifyQuerySchema = {
  type: 'object',
  additionalProperties: true,
  properties: { code: { type: 'string', maxLength: 64 }, lang: { type: 'string', maxLength: 16 } },
} as const;
export const validateVerifyQuery = compile<{ code?: string; lang?: string }>(verifyQuerySchema);

export const revokeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    _csrf: csrf,
    reason: { type: 'string', enum: revokeReasons, 'x-message': 'certificates.errors.reason' },
    note: { type: 'string', maxLength: 500 },
  },
} as const;
export const validateRevoke = compile<{ _csrf?: string; reason: RevokeReason; note?: string }>(revokeSchema);

export const emptyFormSchema = { type: 'object', additionalProperties: false, properties: { _csrf: csrf } } as const;
export const validateEmptyForm = compile<{ _csrf?: string }>(emptyFormSchema);

/**
 * The ids in certificate URLs, in the shapes code.ts makes them. A serial (`QRG-2026-000123`) and a
 * code in a download link are addresses: malformed, they name no certificate (404). A code on the
 * public verify page is what a person typed: case, spaces and hyphens are forgiven (as normaliseCode
 * forgives them), and anything that cannot be a code is told so with a 400 on the verify page itself.
 */
export const certificateParams = {
  serial: paramKind({ type: 'string', pattern: serialPattern.source, maxLength: 18 }, 'certificates.errors.notFound'),
  code: paramKind({ type: 'string', pattern: codePattern.source, minLength: CODE_LENGTH, maxLength: CODE_LENGTH }, 'certificates.errors.notFound'),
  typedCode: paramKind({ type: 'string', pattern: `^[ -]*(?:[A-Za-z2-7][ -]*){${CODE_LENGTH}}$`, maxLength: 64 }, () => new ValidationError('certificates.verify.malformed')),
} as const;
