// What a browser may see of a question while an attempt is open: its text, and choices as
// per-attempt tokens with their texts. No `correct`, no explanation, no package ids, no key order.
import type { Language, Translate } from '../../i18n/index.ts';
import { pick } from '../../localised.ts';
import type { Answer, BankQuestion, DrawnQuestion } from './quiz-types.ts';

// One language of a text: the house's one rule, in server/localised.ts.
export { pick };

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

/** Texts of a question's choices, by package id, in the learner's language. */
export function choiceTexts(question: BankQuestion, lang: Language, t: Translate): { choices: Map<string, string>; rows: Map<string, string> } {
  switch (question.type) {
    case 'single':
    case 'multiple':
      return { choices: new Map(question.options.map((o) => [o.id, pick(o.text, lang)])), rows: new Map() };
    case 'truefalse':
      return { choices: new Map([['true', t('learning.quiz.true')], ['false', t('learning.quiz.false')]]), rows: new Map() };
    case 'ordering':
      return { choices: new Map(question.items.map((i) => [i.id, pick(i.text, lang)])), rows: new Map() };
    case 'matching':
      return { choices: new Map(question.pairs.map((p) => [p.id, pick(p.right, lang)])), rows: new Map(question.pairs.map((p) => [p.id, pick(p.left, lang)])) };
  }
}

export function questionView(question: BankQuestion, drawn: DrawnQuestion, number: number, answer: Answer | undefined, lang: Language, t: Translate): QuestionView {
  const { choices, rows } = choiceTexts(question, lang, t);
  const field = `a_${drawn.id}`;
  const view: QuestionView = {
    id: drawn.id,
    number,
    text: pick(question.text, lang),
    field,
    answered: answer !== undefined,
    isChoice: drawn.type === 'single' || drawn.type === 'multiple' || drawn.type === 'truefalse',
    multiple: drawn.type === 'multiple',
    isOrdering: drawn.type === 'ordering',
    isMatching: drawn.type === 'matching',
    options: [],
    rows: [],
  };
  if (view.isChoice) {
    const picks = new Set(answer && 'picks' in answer ? answer.picks : []);
    view.options = drawn.choices.map((c, i) => ({ token: c.token, text: choices.get(c.ref) ?? '', checked: picks.has(c.ref), inputId: `${field}-${i + 1}` }));
  } else if (view.isOrdering) {
    const order = answer && 'order' in answer ? answer.order : [];
    view.rows = drawn.choices.map((c, i) => {
      const at = order.indexOf(c.ref) + 1;
      return {
        token: c.token,
        text: choices.get(c.ref) ?? '',
        field: `${field}_${c.token}`,
        inputId: `${field}-${i + 1}`,
        choices: drawn.choices.map((_, p) => ({ value: String(p + 1), text: String(p + 1), selected: at === p + 1 })),
      };
    });
  } else {
    const pairs = answer && 'pairs' in answer ? answer.pairs : {};
    view.rows = (drawn.rows ?? []).map((r, i) => ({
      token: r.token,
      text: rows.get(r.ref) ?? '',
      field: `${field}_${r.token}`,
      inputId: `${field}-${i + 1}`,
      choices: drawn.choices.map((c) => ({ value: c.token, text: choices.get(c.ref) ?? '', selected: pairs[r.ref] === c.ref })),
    }));
  }
  return view;
}
