// Turns posted form fields into answers in package ids, checked against the attempt's drawn
// questions. Field names: `q` lists the questions the form answers; `a_<question>` carries the
// picked token(s) for single, multiple and true/false; `a_<question>_<token>` carries an ordering
// item's position or a matching row's chosen token. Anything else is refused, never ignored.
import { isDeepStrictEqual } from 'node:util';
import { ValidationError, type ErrorDetail } from '../../errors.ts';
import type { Answer, Answers, DrawnQuestion } from './quiz-types.ts';

export type AnswerFields = Record<string, string | string[] | undefined>;

const listOf = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function parseOne(question: DrawnQuestion, fields: AnswerFields, used: Set<string>, problems: ErrorDetail[]): Answer | undefined {
  const field = `a_${question.id}`;
  const byToken = new Map(question.choices.map((c) => [c.token, c.ref]));
  const unknown = (name: string) => problems.push({ field: name, message: 'learning.errors.unknownOption' });

  if (question.type === 'single' || question.type === 'truefalse' || question.type === 'multiple') {
    used.add(field);
    const picked = listOf(fields[field]);
    if (picked.length === 0) return question.type === 'multiple' ? { picks: [] } : undefined;
    if (question.type !== 'multiple' && picked.length > 1) {
      problems.push({ field, message: 'learning.errors.onePick' });
      return undefined;
    }
    const refs = picked.map((t) => byToken.get(t));
    if (refs.some((r) => r === undefined)) {
      unknown(field);
      return undefined;
    }
    return { picks: [...new Set(refs as string[])] };
  }

  if (question.type === 'ordering') {
    const n = question.choices.length;
    const positions = question.choices.map((c) => {
      const name = `${field}_${c.token}`;
      used.add(name);
      const values = listOf(fields[name]);
      return { ref: c.ref, name, value: values.length === 1 ? values[0]! : values.length ? '?' : '' };
    });
    if (positions.every((p) => p.value === '')) return undefined;
    const taken = new Set<number>();
    for (const p of positions) {
      const pos = /^[1-9][0-9]?$/.test(p.value) ? Number(p.value) : NaN;
      if (!(pos >= 1 && pos <= n) || taken.has(pos)) {
        problems.push({ field: p.name, message: 'learning.errors.orderEveryPosition' });
        return undefined;
      }
      taken.add(pos);
    }
    return { order: [...positions].sort((x, y) => Number(x.value) - Number(y.value)).map((p) => p.ref) };
  }

  const pairs: Record<string, string> = {};
  for (const row of question.rows ?? []) {
    const name = `${field}_${row.token}`;
    used.add(name);
    const values = listOf(fields[name]);
    if (values.length === 0 || values[0] === '') continue;
    const ref = values.length === 1 ? byToken.get(values[0]!) : undefined;
    if (!ref) {
      unknown(name);
      return undefined;
    }
    pairs[row.ref] = ref;
  }
  return Object.keys(pairs).length ? { pairs } : undefined;
}

/**
 * The answers a post gives for the questions it names. Throws ValidationError when a question is
 * not in the attempt, a token is unknown, or a field belongs to no named question.
 */
export function parseAnswers(drawn: readonly DrawnQuestion[], named: readonly string[], fields: AnswerFields): Answers {
  const byId = new Map(drawn.map((q) => [q.id, q]));
  const problems: ErrorDetail[] = [];
  const used = new Set<string>();
  const answers: Answers = {};
  if (named.length === 0) throw new ValidationError('learning.errors.noQuestion');
  for (const id of new Set(named)) {
    const question = byId.get(id);
    if (!question) {
      problems.push({ field: 'q', message: 'learning.errors.notInAttempt' });
      continue;
    }
    const answer = parseOne(question, fields, used, problems);
    if (answer) answers[id] = answer;
  }
  for (const name of Object.keys(fields)) {
    if (name.startsWith('a_') && !used.has(name)) problems.push({ field: name.slice(0, 60), message: 'learning.errors.unknownOption' });
  }
  if (problems.length) throw new ValidationError('learning.errors.answerRefused', problems);
  return answers;
}

/** Whether every answer in `answers` is already stored as it is (a post sent twice). */
export function sameAnswers(stored: Readonly<Answers>, answers: Readonly<Answers>): boolean {
  return Object.entries(answers).every(([question, answer]) => isDeepStrictEqual(stored[question], answer));
}
