// The AJV instance for package files. It is configured like the shared one in http/validate.ts
// (allErrors, strict) plus the `discriminator` option: a question's `type` picks the one branch
// of the question schema whose errors are reported, instead of every branch of a plain oneOf.
import { Ajv, type ErrorObject } from 'ajv';
import { pointer, problem, type PackageProblem } from './problems.ts';
import { semverPattern, slugPattern } from './patterns.ts';

export const packageAjv = new Ajv({ allErrors: true, coerceTypes: false, useDefaults: true, removeAdditional: false, strict: true, discriminator: true });

const jsonTypes = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);

function where(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === 'required') return error.instancePath + pointer(params.missingProperty!);
  if (error.keyword === 'additionalProperties') return error.instancePath + pointer(params.additionalProperty!);
  return error.instancePath || '/';
}

function message(error: ErrorObject): { key: string; params?: Record<string, unknown> } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return { key: `schema.type.${jsonTypes.has(String(params.type)) ? String(params.type) : 'other'}` };
    case 'enum':
      return { key: 'schema.enum', params: { allowed: (params.allowedValues as unknown[]).join(', ') } };
    case 'const':
      return { key: 'schema.const', params: { allowed: String(params.allowedValue) } };
    case 'minimum': case 'maximum': case 'minLength': case 'maxLength': case 'minItems': case 'maxItems': case 'minProperties':
      return { key: `schema.${error.keyword}`, params: { limit: params.limit } };
    case 'pattern':
      // say what a good value looks like: an id, a version, or else the pattern itself
      if (params.pattern === slugPattern) return { key: 'schema.slug' };
      if (params.pattern === semverPattern) return { key: 'schema.semver' };
      return { key: 'schema.pattern' };
    case 'required': case 'additionalProperties': case 'uniqueItems':
      return { key: `schema.${error.keyword}` };
    default:
      return { key: 'schema.invalid' };
  }
}

/** AJV's errors for one file as package problems; branch-selection noise is left out. */
export function schemaProblems(file: string, errors: readonly ErrorObject[] | null | undefined): PackageProblem[] {
  const seen = new Set<string>();
  const problems: PackageProblem[] = [];
  for (const error of errors ?? []) {
    // `discriminator` and `if` repeat what the `type` enum or a `then` branch already said.
    if (error.keyword === 'discriminator' || error.keyword === 'if' || error.keyword === 'oneOf') continue;
    const at = where(error);
    const { key, params } = message(error);
    if (seen.has(`${at}|${key}`)) continue;
    seen.add(`${at}|${key}`);
    problems.push(problem(file, at, key, params));
  }
  return problems;
}
