import { typedIin } from '../accounts/iin.ts';
import type { RequestHandler } from 'express';
import { ValidationError } from '../errors.ts';

// Keys that could reach a MongoDB query as operators, or reach an object's prototype.
const FORBIDDEN_KEY = /^\$|^(__proto__|constructor|prototype)$|\.|\[|\]/;

function findForbiddenKey(value: unknown, depth = 0): string | undefined {
  if (depth > 32) return '(depth)';
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string') return String(key);
    if (FORBIDDEN_KEY.test(key)) return key;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A password is kept exactly as typed: its spaces at either end are part of it. */
const keptAsTyped = /password/i;

/**
 * Every string of a parsed body in Unicode NFC, so one name is stored (and compared) one way, and
 * without spaces at either end, which phone keyboards add after a word ("Әбілқасым " was refused
 * as a name holding a character not allowed), but for passwords; an IIN field as its twelve digits.
 */
function normaliseStrings(value: unknown, depth = 0, key = ''): unknown {
  if (typeof value === 'string') {
    if (keptAsTyped.test(key)) return value.normalize('NFC');
    // an IIN field typed in groups (8501 0130 0035, 850101-300035): its twelve digits (digits of
    // another script stay refused, as every confusable character is)
    const iin = key === 'iin' ? typedIin(value) : undefined;
    if (iin) return iin;
    return value.normalize('NFC').trim();
  }
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => normaliseStrings(v, depth + 1, key));
  for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = normaliseStrings(v, depth + 1, k);
  return value;
}

/**
 * Rejects query operators and prototype keys in the query string and body before any handler sees
 * them. Each route's AJV schema rejects them again; Mongoose's sanitizeFilter is the third wall.
 */
export function inputGuard(): RequestHandler {
  return (req, _res, next) => {
    const key = findForbiddenKey(req.query) ?? findForbiddenKey(req.body);
    if (key !== undefined) return next(new ValidationError('errors.forbiddenKey', [{ field: key.slice(0, 40), message: 'errors.forbiddenKey' }]));
    if (req.body && typeof req.body === 'object') normaliseStrings(req.body);
    next();
  };
}
