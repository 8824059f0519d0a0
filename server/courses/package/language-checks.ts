// Every declared language must be present in every text, and no other language may appear: a
// course shows a learner one language throughout, so a half-translated text is an error.
import type { CourseLanguage } from './course.schema.ts';
import { pointer, problem, type PackageProblem } from './problems.ts';

type Texts = Record<string, unknown> | undefined;

export class LanguageCheck {
  constructor(
    private readonly declared: readonly CourseLanguage[],
    private readonly problems: PackageProblem[],
  ) {}

  /** Checks one localised text at `at` (a JSON pointer) in `file`. */
  text(file: string, at: string, value: Texts): void {
    if (!value || typeof value !== 'object') return;
    for (const lang of this.declared) {
      if (typeof value[lang] !== 'string') this.problems.push(problem(file, at + pointer(lang), 'missingTranslation', { lang }));
    }
    for (const lang of Object.keys(value)) {
      if (!(this.declared as readonly string[]).includes(lang)) this.problems.push(problem(file, at + pointer(lang), 'undeclaredLanguage', { lang }));
    }
  }
}

/** Reports each id that occurs more than once in `ids`, at the later occurrences. */
export function checkUnique(file: string, ids: readonly { id: string; at: string }[], problems: PackageProblem[]): void {
  const seen = new Set<string>();
  for (const { id, at } of ids) {
    if (seen.has(id)) problems.push(problem(file, at, 'duplicateId', { id }));
    seen.add(id);
  }
}
