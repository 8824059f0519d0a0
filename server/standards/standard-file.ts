// Reads a standard definition file (YAML or JSON) and checks it: AJV with every error at once, then
// the rules a schema cannot say (codes unique, codes that some course counts toward). A problem is
// `file: /pointer: message`, its message a catalog key, so the page and the CLI show the same list.
import { parseDocument } from 'yaml';
import type { ErrorObject } from 'ajv';
import { ValidationError, type ErrorDetail } from '../errors.ts';
import { translator, type Translate } from '../i18n/index.ts';
import { validateStandard, type StandardDefinition } from './standard.schema.ts';
import { yamlProblem } from '../courses/package/parse-data.ts';

export interface StandardProblem {
  file: string;
  pointer: string;
  key: string;
  params?: Record<string, unknown>;
}

export const MAX_STANDARD_BYTES = 256 * 1024;
const known = new Set(['required', 'additionalProperties', 'type', 'enum', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'minLength', 'maxLength']);

export function formatStandardProblem(p: StandardProblem, t: Translate = translator('en')): string {
  // a problem of the whole file (its syntax, its size) is named by the file alone
  return p.pointer ? `${p.file}: ${p.pointer}: ${t(p.key, p.params)}` : `${p.file}: ${t(p.key, p.params)}`;
}

/** Refusal of a definition: 400, nothing stored, every problem listed. */
export class StandardError extends ValidationError {
  constructor(readonly problems: readonly StandardProblem[]) {
    super('standards.upload.refused', problems.map(toDetail), { count: problems.length });
  }
}

function toDetail(p: StandardProblem): ErrorDetail {
  return { field: p.pointer ? `${p.file}: ${p.pointer}` : p.file, message: p.key, params: p.params ?? {} };
}

function fromAjv(file: string, e: ErrorObject): StandardProblem | null {
  // if/then and anyOf restate their branches' own errors; those are already listed, but for the
  // `null` branch of a value that may be left out (a bad dueDate is not "must be null")
  if (e.keyword === 'if' || e.keyword === 'anyOf') return null;
  if (e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null') return null;
  const params = e.params as Record<string, unknown>;
  let pointer = e.instancePath;
  if (e.keyword === 'required') pointer += `/${String(params.missingProperty)}`;
  if (e.keyword === 'additionalProperties') pointer += `/${String(params.additionalProperty)}`;
  const key = known.has(e.keyword) ? e.keyword : 'invalid';
  const shown: Record<string, unknown> = { ...params };
  if (Array.isArray(params.allowedValues)) shown.allowed = params.allowedValues.join(', ');
  return { file, pointer, key: `standards.problem.${key}`, params: shown };
}

/**
 * Parses and checks a definition. `courseCodes` are the requirement codes the published courses
 * declare (`standards` in course.yaml); a requirement naming none of them could never be met.
 */
export function readStandard(file: string, data: Buffer | string, courseCodes?: ReadonlySet<string>): StandardDefinition {
  const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  if (bytes > MAX_STANDARD_BYTES) throw new StandardError([{ file, pointer: '', key: 'standards.problem.tooLarge', params: { kb: MAX_STANDARD_BYTES / 1024 } }]);
  let text: string;
  try {
    text = typeof data === 'string' ? data : new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new StandardError([{ file, pointer: '', key: 'standards.problem.notUtf8' }]);
  }
  const doc = parseDocument(text, { schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false });
  // each error at its line and column (prettyErrors is off, so there is no linePos), with its
  // reason in the reader's words as a course file's are, never the library's code
  if (doc.errors.length)
    throw new StandardError(
      doc.errors.slice(0, 20).map((e) => {
        const { reason, params } = yamlProblem(text, e);
        return { file, pointer: '', key: `courses.problem.${reason}`, params };
      }),
    );
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 10 });
  } catch {
    // more aliases than a standard needs (a billion-laughs file): refused, not a 500
    throw new StandardError([{ file, pointer: '', key: 'standards.problem.aliases', params: { limit: 10 } }]);
  }
  // the schema's problems and the rules' at once: a file is mended in one round
  const problems = validateStandard(value) ? [] : (validateStandard.errors ?? []).map((e) => fromAjv(file, e)).filter((p): p is StandardProblem => p !== null);
  const flagged = new Set(problems.map((p) => p.pointer));
  problems.push(...ruleProblems(file, value, courseCodes).filter((p) => !flagged.has(p.pointer)));
  if (problems.length) throw new StandardError(problems);
  return value as StandardDefinition;
}

/**
 * What a schema cannot say: requirement codes unique, `count` no more than the codes listed, and
 * codes some published course counts toward. Read from the file as it is, whatever else is wrong.
 */
function ruleProblems(file: string, value: unknown, courseCodes?: ReadonlySet<string>): StandardProblem[] {
  const requirements = (value as { requirements?: unknown } | null)?.requirements;
  if (!Array.isArray(requirements)) return [];
  const problems: StandardProblem[] = [];
  const seen = new Set<string>();
  requirements.forEach((r: unknown, i) => {
    if (!r || typeof r !== 'object') return;
    const { code, kind, count, standards } = r as Record<string, unknown>;
    if (typeof code === 'string') {
      if (seen.has(code)) problems.push({ file, pointer: `/requirements/${i}/code`, key: 'standards.problem.duplicateCode', params: { code } });
      seen.add(code);
    }
    if (kind !== 'courses') return;
    const listed = Array.isArray(standards) ? (standards as unknown[]) : [];
    if (typeof count === 'number' && count > listed.length) problems.push({ file, pointer: `/requirements/${i}/count`, key: 'standards.problem.countTooHigh', params: { max: listed.length } });
    listed.forEach((c, j) => {
      if (typeof c === 'string' && courseCodes && courseCodes.size && !courseCodes.has(c)) problems.push({ file, pointer: `/requirements/${i}/standards/${j}`, key: 'standards.problem.unknownCode', params: { code: c, known: [...courseCodes].sort().join(', ') } });
    });
  });
  return problems;
}
