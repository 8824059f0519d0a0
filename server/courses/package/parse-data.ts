// Parses course.yaml / quiz.yaml (or .json) as plain data and nothing more. YAML uses the core
// schema with no custom tags (so `!!js/function` is refused, not run or kept as text), a small
// alias budget (billion-laughs), no `<<` merge keys and unique keys. Nesting is measured by
// scanning the text before it is parsed, so a 100,000-deep document is refused without recursion.
import { Lexer, parseDocument } from 'yaml';
import { packageLimits } from './limits.ts';
import { pointer, problem, type PackageProblem } from './problems.ts';

export type Parsed = { ok: true; value: unknown } | { ok: false; problems: PackageProblem[] };

const fail = (file: string, key: string, params?: Record<string, unknown>, at = ''): Parsed => ({ ok: false, problems: [problem(file, at, key, params)] });

function decode(file: string, data: Buffer): string | Parsed {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return fail(file, 'notUtf8');
  }
}

/** The deepest nesting of `[` and `{` outside JSON strings, stopping as soon as it passes the limit. */
function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/**
 * The yaml library's error codes that a coordinator can act on, by the reason each is told
 * (`courses.problem.<reason>`, with the line and column). A standard file is told the same
 * (standards/standard-file.ts).
 */
const yamlReasons: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'yamlDuplicateKey',
  TAB_AS_INDENT: 'yamlTab',
  BAD_INDENT: 'yamlIndent',
  BLOCK_AS_IMPLICIT_KEY: 'yamlColon',
  MULTILINE_IMPLICIT_KEY: 'yamlColon',
  MISSING_CHAR: 'yamlUnclosed',
  BAD_SCALAR_START: 'yamlReserved',
};

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

// the lexer's markers, which stand for no text of the file
const MARKERS = new Set(['\x02', '\x18', '\x1f']);

/**
 * Where the bracket or quote opens that the parser found unclosed further on: the library reports
 * an unclosed `[` or `{` at the next line it cannot fit in (as an indentation error) and an
 * unclosed quote at the end of the text, neither of which is where the slip is.
 */
function unclosedBefore(text: string, end: number, kind: 'bracket' | 'quote'): number | undefined {
  const open: number[] = [];
  let quote: number | undefined;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (offset >= end) break;
    if (token === '[' || token === '{') open.push(offset);
    else if (token === ']' || token === '}') open.pop();
    else if (token[0] === '"' || token[0] === "'") quote = offset;
    if (!MARKERS.has(token)) offset += token.length;
  }
  return kind === 'bracket' ? open.at(-1) : quote;
}

/** A yaml library error as the reason a coordinator is told (`courses.problem.<reason>`) and where. */
export function yamlProblem(text: string, error: { code: string; message: string; pos: [number, number] }): { reason: string; params: { line: number; column: number } } {
  const unclosed = /^Flow (?:sequence|map) .*end with/.test(error.message) ? 'bracket' : error.code === 'MISSING_CHAR' && /closing ["']?quote/.test(error.message) ? 'quote' : undefined;
  const opened = unclosed && unclosedBefore(text, error.pos[0], unclosed);
  if (opened !== undefined) return { reason: unclosed === 'bracket' ? 'yamlUnclosedBracket' : 'yamlUnclosedQuote', params: lineAndColumn(text, opened) };
  return { reason: yamlReasons[error.code] ?? 'yamlSyntax', params: lineAndColumn(text, error.pos[0]) };
}

export function parseJson(file: string, data: Buffer): Parsed {
  const text = decode(file, data);
  if (typeof text !== 'string') return text;
  if (jsonDepth(text, packageLimits.depth) > packageLimits.depth) return fail(file, 'tooDeep', { limit: packageLimits.depth });
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (err) {
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '');
    return fail(file, 'jsonSyntax', at ? lineAndColumn(text, Number(at[1])) : { line: '?', column: '?' });
  }
}

/**
 * YAML nesting comes from flow brackets and from indentation (including compact `- - -` items).
 * The lexer is iterative, so measuring with it cannot overflow the stack the way parsing could.
 */
function yamlTooDeep(text: string): boolean {
  let depth = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++depth > packageLimits.depth) return true;
    } else if (token === ']' || token === '}') depth--;
  }
  for (const line of text.split('\n')) {
    const indent = /^(?:[ \t]*[-?:](?=[ \t]))*[ \t]*/.exec(line)![0].length;
    if (indent > packageLimits.yamlIndent && line.trim() !== '') return true;
  }
  return false;
}

function findMergeKey(value: unknown, path: (string | number)[] = []): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findMergeKey(item, [...path, i]);
      if (found !== undefined) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '<<') return pointer(...path, key);
      const found = findMergeKey(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export function parseYaml(file: string, data: Buffer): Parsed {
  const text = decode(file, data);
  if (typeof text !== 'string') return text;
  if (yamlTooDeep(text)) return fail(file, 'tooDeep', { limit: packageLimits.depth });
  const doc = parseDocument(text, { schema: 'core', customTags: [], merge: false, uniqueKeys: true, strict: true, prettyErrors: false });
  const tag = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (tag) return fail(file, 'yamlTag', { tag: /tag: (\S+)/.exec(tag.message)?.[1] ?? '?', ...lineAndColumn(text, tag.pos[0]) });
  const error = doc.errors[0];
  if (error) {
    if (error.code === 'MULTIPLE_DOCS') return fail(file, 'yamlMultipleDocuments');
    if (error.code === 'RESOURCE_EXHAUSTION') return fail(file, 'tooDeep', { limit: packageLimits.depth });
    // the commonest slips of hand-written YAML get their reason, in the coordinator's language
    const { reason, params } = yamlProblem(text, error);
    return fail(file, reason, params);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: packageLimits.yamlAliases });
  } catch {
    return fail(file, 'yamlAliases', { limit: packageLimits.yamlAliases });
  }
  const merge = findMergeKey(value);
  if (merge !== undefined) return fail(file, 'yamlMergeKey', undefined, merge);
  return { ok: true, value };
}

export function parseDataFile(file: string, data: Buffer): Parsed {
  return file.endsWith('.json') ? parseJson(file, data) : parseYaml(file, data);
}
