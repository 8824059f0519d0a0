// One rule for showing content written in several languages: first choose the content language
// (the reader's, if the course has it, else the course's first), then take every text of the page
// in that language. `pick` falls back kk → ru → en only for a text that lacks the chosen language.
import type { Language } from './i18n/index.ts';

/** A text in some of the content languages; stored versions hold null for an absent one. */
export type LocalisedText = Partial<Record<Language, string | null>> | null | undefined;

/** The course's language nearest to the reader's: theirs if the course has it, else the course's first. */
export function contentLanguage(course: { languages: readonly string[] }, lang: string): Language {
  return (course.languages.includes(lang) ? lang : course.languages[0]) as Language;
}

/** One language of a text, or the first language it has, or ''. */
export function pick(text: LocalisedText, lang: Language): string {
  return text?.[lang] ?? text?.kk ?? text?.ru ?? text?.en ?? '';
}
