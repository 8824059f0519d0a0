// A question as a learner sees it: text and choices in one language, and nothing that gives the
// answer away — no `correct`, no explanation, and for ordering and matching, choices shuffled and
// given opaque ids (the package ids are in answer order). The quiz feature grades by mapping the
// opaque ids back with the same seed.
import { createHash } from 'node:crypto';
import { pick } from '../localised.ts';
import type { CourseLanguage } from './package/course.schema.ts';
import type { Question } from './package/quiz.schema.ts';

export interface Choice {
  id: string;
  text: string;
}

export interface LearnerQuestion {
  id: string;
  number: number;
  type: Question['type'];
  text: string;
  options?: Choice[];
  items?: Choice[];
  /** ordering: the positions a learner can give each item, 1..n */
  positions?: number[];
  pairs?: { left: Choice[]; right: Choice[] };
}

// One language of a text: the house's one rule, in server/localised.ts.
export { pick };

/** A deterministic shuffle: the same seed always gives the same order. */
export function shuffled<T>(list: readonly T[], seed: string): T[] {
  const keyed = list.map((item, i) => ({ item, key: createHash('sha256').update(`${seed}\0${i}`).digest('hex') }));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : 1)).map((k) => k.item);
}

export function opaqueId(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}\0${id}`).digest('base64url').slice(0, 10);
}

export function learnerQuestion(question: Question, number: number, lang: CourseLanguage, seed: string): LearnerQuestion {
  const base = { id: question.id, number, type: question.type, text: pick(question.text, lang) };
  const qSeed = `${seed}\0${question.id}`;
  switch (question.type) {
    case 'single':
    case 'multiple':
      return { ...base, options: question.options.map((o) => ({ id: o.id, text: pick(o.text, lang) })) };
    case 'truefalse':
      return base;
    case 'ordering':
      return {
        ...base,
        items: shuffled(question.items, qSeed).map((i) => ({ id: opaqueId(qSeed, i.id), text: pick(i.text, lang) })),
        positions: question.items.map((_, i) => i + 1),
      };
    case 'matching':
      return {
        ...base,
        pairs: {
          left: question.pairs.map((p) => ({ id: p.id, text: pick(p.left, lang) })),
          right: shuffled(question.pairs, qSeed).map((p) => ({ id: opaqueId(qSeed, p.id), text: pick(p.right, lang) })),
        },
      };
  }
}
