// A package is refused with a list of problems, each `file: /json/pointer: message`. A problem
// keeps its message as a catalog key and parameters, so the upload page shows it in the
// coordinator's language and the CLI in English, from the same list.
import { ValidationError, type ErrorDetail } from '../../errors.ts';
import { translator, type Translate } from '../../i18n/index.ts';
import { describePlace, placeOf, type ProblemPlace } from './problem-place.ts';

export interface PackageProblem {
  /** a path inside the package, e.g. `modules/01-signs/quiz.yaml`, or `(package)` for the whole */
  readonly file: string;
  /** a JSON pointer inside that file, or '' when the problem is the file itself */
  readonly pointer: string;
  /** a catalog key under `courses.problem.` */
  readonly key: string;
  readonly params?: Record<string, unknown>;
  /** module, lesson, question … counted from 1, set where the manifest's order is known (problem-place.ts) */
  readonly place?: ProblemPlace;
}

export const WHOLE_PACKAGE = '(package)';

export function problem(file: string, pointer: string, key: string, params?: Record<string, unknown>): PackageProblem {
  return params ? { file, pointer, key: `courses.problem.${key}`, params } : { file, pointer, key: `courses.problem.${key}` };
}

/**
 * A warning: the same shape as a problem, printed the same way, but it refuses nothing. The
 * validator warns where a package is valid but falls short of the course quality goals.
 */
export function warning(file: string, pointer: string, key: string, params?: Record<string, unknown>): PackageProblem {
  return params ? { file, pointer, key: `courses.warning.${key}`, params } : { file, pointer, key: `courses.warning.${key}` };
}

/** `file: /pointer`: where a problem is, exactly (the pointer counts from 0). */
export function problemWhere(p: PackageProblem, t?: Translate): string {
  const file = p.file === WHOLE_PACKAGE && t ? t('courses.problem.wholePackage') : p.file;
  return p.pointer ? `${file}: ${p.pointer}` : file;
}

/** The message in people's words, after its place counted from 1: `Module 1, lesson 3: message`. */
export function problemMessage(p: PackageProblem, t: Translate): string {
  const place = describePlace(p.place ?? placeOf(p), t);
  return place ? `${place}: ${t(p.key, p.params)}` : t(p.key, p.params);
}

/** `file: /pointer: Module 1, lesson 3: message`, the format the CLI prints and the docs show. */
export function formatProblem(p: PackageProblem, t: Translate = translator('en')): string {
  return `${problemWhere(p)}: ${problemMessage(p, t)}`;
}

// A package with more problems than this is reported by its first ones: the list is for people.
export const MAX_PROBLEMS = 200;

/** Refusal of a whole package; a ValidationError, so the upload answers 400 and stores nothing. */
export class PackageError extends ValidationError {
  readonly problems: readonly PackageProblem[];
  constructor(problems: readonly PackageProblem[]) {
    // the same problem found by two checks (a missing manifest, one line's opening and closing tag) is listed once
    const unique = [...new Map(problems.map((p) => [JSON.stringify([p.file, p.pointer, p.key, p.params ?? null]), p])).values()];
    super('courses.upload.refused', toDetails(unique), { count: unique.length });
    this.problems = unique;
  }
}

function toDetails(problems: readonly PackageProblem[]): ErrorDetail[] {
  return problems.slice(0, MAX_PROBLEMS).map((p) => ({
    field: p.pointer ? `${p.file}: ${p.pointer}` : p.file,
    message: p.key,
    ...(p.params ? { params: p.params } : {}),
  }));
}

/** Escapes one JSON-pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${pointerSegment(s)}`).join('');
}
