// The bodies an attempt accepts. Anything not named here — a `score`, a `passed`, an operator —
// is refused by `additionalProperties: false` before any service runs.
import { objectIdParam, paramKind } from '../../http/params.ts';
import { compile } from '../../http/validate.ts';

/** The ids in an attempt's URLs: the attempt's ObjectId and a question's place in it, 1-based (a bank holds at most 200). */
export const attemptParams = {
  attemptId: objectIdParam('learning.errors.attemptNotFound'),
  n: paramKind({ type: 'string', pattern: '^[1-9][0-9]{0,2}$', maxLength: 3 }),
} as const;

const csrf = { type: 'string', maxLength: 200 } as const;
const questionId = { type: 'string', pattern: '^[a-z0-9-]{1,32}$' } as const;
const seq = { anyOf: [{ type: 'string', pattern: '^[0-9]{1,9}$' }, { type: 'integer', minimum: 0, maximum: 999_999_999 }] } as const;
const value = { type: 'string', maxLength: 40 } as const;
const go = { type: 'string', enum: ['next', 'previous', 'overview', 'stay'] } as const;
type Go = (typeof go.enum)[number];

export const answerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['seq', 'q'],
  properties: {
    _csrf: csrf,
    seq,
    q: { anyOf: [questionId, { type: 'array', minItems: 1, maxItems: 200, items: questionId }] },
    // the button pressed; a page whose script added it twice (a double tap) sends it twice
    go: { anyOf: [go, { type: 'array', minItems: 1, maxItems: 4, items: go }] },
  },
  patternProperties: {
    '^a_[a-z0-9-]{1,32}(_[a-z2-9]{5})?$': { anyOf: [value, { type: 'array', maxItems: 8, items: value }] },
  },
} as const;

export interface AnswerBody {
  _csrf?: string;
  seq: string | number;
  q: string | string[];
  go?: Go | Go[];
  [field: `a_${string}`]: string | string[];
}

export const finishSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['seq'],
  properties: { _csrf: csrf, seq },
} as const;

export interface FinishBody {
  _csrf?: string;
  seq: string | number;
}

/** Forms that start an attempt or mark a lesson read carry nothing but their token. */
export const emptyFormSchema = { type: 'object', additionalProperties: false, properties: { _csrf: csrf } } as const;

export const validateAnswer = compile<AnswerBody>(answerSchema);
export const validateFinish = compile<FinishBody>(finishSchema);
export const validateEmptyForm = compile<{ _csrf?: string }>(emptyFormSchema);
