// How a question looks, for a learner's open attempt and for the coordinator's preview alike: its
// text, and choices as tokens with their texts, in the order question-order.ts gives for a seed.
// No `correct`, no explanation, no package ids, no key order. views/partials/quiz-question.hbs
// renders it; the preview adds the key beside it, never inside it.
import type { Language, Translate } from '../i18n/index.ts';
import { pick } from '../localised.ts';
import type { ShowableQuestion, ShownQuestion } from './question-order.ts';

/** A saved answer, in package ids: picked options, an order of items, or left → right pairs. */
export type QuestionAnswer = { picks: string[] } | { order: string[] } | { pairs: Record<string, string> };

export interface OptionView {
  token: string;
  text: string;
  checked: boolean;
  inputId: string;
}
export interface RowView {
  token: string;
  text: string;
  field: string;
  inputId: string;
  choices: { value: string; text: string; selected: boolean }[];
}

export interface QuestionView {
  id: string;
  number: number;
  text: string;
  field: string;
  answered: boolean;
  isChoice: boolean;
  multiple: boolean;
  isOrdering: boolean;
  isMatching: boolean;
  options: OptionView[];
  rows: RowView[];
}

/** Texts of a question's choices, by package id, in the reader's language. */
export function choiceTexts(question: ShowableQuestion, lang: Language, t: Translate): { choices: Map<string, string>; rows: Map<string, string> } {
  switch (question.type) {
    case 'single':
    case 'multiple':
      return { choices: new Map(question.options.map((o) => [o.id, pick(o.text, lang)])), rows: new Map() };
    case 'truefalse':
      return { choices: new Map([['true', t('courses.question.true')], ['false', t('courses.question.false')]]), rows: new Map() };
    case 'ordering':
      return { choices: new Map(question.items.map((i) => [i.id, pick(i.text, lang)])), rows: new Map() };
    case 'matching':
      return { choices: new Map(question.pairs.map((p) => [p.id, pick(p.right, lang)])), rows: new Map(question.pairs.map((p) => [p.id, pick(p.left, lang)])) };
  }
}

/** Fields of a form that was refused, to be shown again as the learner left them. */
export type PostedFields = Readonly<Record<string, unknown>>;

const postedValues = (posted: PostedFields, name: string): unknown[] => {
  const value = posted[name];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
};

/**
 * The view of one question as shown (`shown`), with `answer` marked as chosen when there is one.
 * A refused post (`posted`: an ordering with two items in one place) is shown as the learner left
 * it, not as it was saved, so they mend the one place instead of choosing everything again.
 */
export function questionView(question: ShowableQuestion, shown: ShownQuestion, number: number, answer: QuestionAnswer | undefined, lang: Language, t: Translate, posted?: PostedFields): QuestionView {
  const { choices, rows } = choiceTexts(question, lang, t);
  const field = `a_${shown.id}`;
  const view: QuestionView = {
    id: shown.id,
    number,
    text: pick(question.text, lang),
    field,
    answered: answer !== undefined,
    isChoice: shown.type === 'single' || shown.type === 'multiple' || shown.type === 'truefalse',
    multiple: shown.type === 'multiple',
    isOrdering: shown.type === 'ordering',
    isMatching: shown.type === 'matching',
    options: [],
    rows: [],
  };
  if (view.isChoice) {
    const picks = new Set(answer && 'picks' in answer ? answer.picks : []);
    const postedPicks = posted && postedValues(posted, field);
    view.options = shown.choices.map((c, i) => ({ token: c.token, text: choices.get(c.ref) ?? '', checked: postedPicks ? postedPicks.includes(c.token) : picks.has(c.ref), inputId: `${field}-${i + 1}` }));
  } else if (view.isOrdering) {
    const order = answer && 'order' in answer ? answer.order : [];
    view.rows = shown.choices.map((c, i) => {
      const name = `${field}_${c.token}`;
      const at = posted ? String(postedValues(posted, name)[0] ?? '') : String(order.indexOf(c.ref) + 1);
      return {
        token: c.token,
        text: choices.get(c.ref) ?? '',
        field: name,
        inputId: `${field}-${i + 1}`,
        choices: shown.choices.map((_, p) => ({ value: String(p + 1), text: String(p + 1), selected: at === String(p + 1) })),
      };
    });
  } else {
    const pairs = answer && 'pairs' in answer ? answer.pairs : {};
    view.rows = (shown.rows ?? []).map((r, i) => {
      const name = `${field}_${r.token}`;
      const chosen = posted ? postedValues(posted, name)[0] : shown.choices.find((c) => c.ref === pairs[r.ref])?.token;
      return {
        token: r.token,
        text: rows.get(r.ref) ?? '',
        field: name,
        inputId: `${field}-${i + 1}`,
        choices: shown.choices.map((c) => ({ value: c.token, text: choices.get(c.ref) ?? '', selected: chosen === c.token })),
      };
    });
  }
  return view;
}
