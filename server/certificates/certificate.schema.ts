// Every input the certificates feature accepts, one schema per action (additionalProperties: false).
import { compile } from '../http/validate.ts';
import { revokeReasons, type RevokeReason } from './certificate.model.ts';

const csrf = { type: 'string', maxLength: 200 } as const;

export const lookupSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { q: { type: 'string', maxLength: 64 }, lang: { type: 'string', enum: ['kk', 'ru', 'en'] } },
} as const;
export const validateLookup = compile<{ q?: string; lang?: string }>(lookupSchema);

export const verifyQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { code: { type: 'string', maxLength: 64 }, lang: { type: 'string', enum: ['kk', 'ru', 'en'] } },
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

export const serialParam = /^QRG-\d{4}-\d{6,9}$/;
