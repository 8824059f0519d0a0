// One AJV instance; one JSON Schema per resource-action. Schemas are written `as const` and their
// TypeScript types are derived with json-schema-to-ts (`FromSchema<typeof schema>`), never written twice.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ValidationError, type ErrorDetail } from '../errors.ts';

export const ajv = new Ajv({ allErrors: true, verbose: true, coerceTypes: false, useDefaults: true, removeAdditional: false, strict: true, allowUnionTypes: true });
addFormats.default(ajv);
// `x-message` names the catalog key to show instead of AJV's generic message for that keyword.
// It may also name one per keyword (`{ pattern: '…' }`): other keywords keep their own messages,
// so a name too long is told its limit, not that it holds characters that are not allowed.
ajv.addKeyword({ keyword: 'x-message', schemaType: ['string', 'object'] });

function fieldOf(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') return [base, (error.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.');
  if (error.keyword === 'additionalProperties') return [base, (error.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.');
  return base || '(body)';
}

/**
 * AJV errors as localisable details: message keys `validation.<keyword>` with AJV's params, one per
 * field (every field at once, never in rounds). An empty value of a required field is "required",
 * whatever rule (pattern, format, length) it also breaks.
 */
export function toDetails(errors: readonly ErrorObject[] | null | undefined): ErrorDetail[] {
  const seen = new Set<string>();
  const details: ErrorDetail[] = [];
  for (const error of errors ?? []) {
    // A custom errorMessage-like convention: schemas may name a message key with `x-message`.
    const named = (error.parentSchema as { 'x-message'?: string | Record<string, string> } | undefined)?.['x-message'];
    const custom = typeof named === 'object' ? named[error.keyword] : named;
    const field = fieldOf(error);
    const empty = error.data === '' && ['minLength', 'pattern', 'format'].includes(error.keyword) && (error.parentSchema as { minLength?: number } | undefined)?.minLength !== 0;
    const message = error.keyword === 'required' || empty ? 'validation.required' : (custom ?? `validation.${error.keyword}`);
    if (seen.has(field)) continue;
    seen.add(field);
    // a field the form does not have is named by its message
    details.push({ field, message, params: { ...error.params }, ...(error.keyword === 'additionalProperties' && message === 'validation.additionalProperties' ? { named: true } : {}) });
  }
  return details;
}

export function compile<T>(schema: object): ValidateFunction<T> {
  return ajv.compile<T>(schema);
}

/** Rules a schema cannot state (an IIN's check digit, two fields that must agree), over the raw fields. */
export type FieldRules = (data: Readonly<Record<string, unknown>>) => ErrorDetail[];

/**
 * Validates `data` and returns it typed, or throws ValidationError with every problem. `rules`
 * run whether or not the schema passed, for the fields it did not flag, so a form learns all that
 * is wrong in one round, never a checksum only after its other fields are mended.
 */
export function check<T>(validator: ValidateFunction<T>, data: unknown, messageKey = 'errors.invalidInput', rules?: FieldRules): T {
  const valid = validator(data);
  const details = valid ? [] : toDetails(validator.errors);
  if (rules && data !== null && typeof data === 'object') {
    const flagged = new Set(details.map((d) => d.field));
    for (const detail of rules(data as Record<string, unknown>)) if (!flagged.has(detail.field)) details.push(detail);
  }
  if (!details.length) return data as T;
  throw new ValidationError(messageKey, details);
}
