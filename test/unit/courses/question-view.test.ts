import { expect } from 'chai';
import { translator } from '../../../server/i18n/index.ts';
import { questionOrder } from '../../../server/courses/question-order.ts';
import { questionView } from '../../../server/courses/question-view.ts';
import type { Question } from '../../../server/courses/package/quiz.schema.ts';
import { drawAttempt } from '../../../server/learning/quiz/draw.ts';
import { bank } from '../../fixtures/learning/quiz-bank.ts';

const t = translator('en');
const view = (question: Question, seed = 'seed') => questionView(question, questionOrder(question, seed), 1, undefined, 'en', t);

describe('a question as a learner sees it (preview and quiz alike)', () => {
  const ordering: Question = {
    id: 'q4',
    type: 'ordering',
    text: { en: 'Order' },
    items: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: { en: `step ${id}` } })),
    explanation: { en: 'secret explanation' },
  };
  const matching: Question = {
    id: 'q5',
    type: 'matching',
    text: { en: 'Match' },
    pairs: ['a', 'b', 'c'].map((id) => ({ id, left: { en: `L${id}` }, right: { en: `R${id}` } })),
    explanation: { en: 'secret explanation' },
  };

  it('carries no answer key and no explanation', () => {
    const single: Question = { id: 'q1', type: 'single', text: { en: 'Q' }, options: [{ id: 'a', text: { en: 'A' } }, { id: 'b', text: { en: 'B' } }], correct: 'b', explanation: { en: 'secret explanation' } };
    for (const question of [single, ordering, matching]) {
      const json = JSON.stringify(view(question));
      expect(json).not.to.contain('correct');
      expect(json).not.to.contain('secret explanation');
    }
  });

  it('hides the order of ordering items behind tokens', () => {
    const shown = view(ordering);
    expect(shown.rows.map((r) => r.token)).not.to.include.members(['a', 'b', 'c', 'd']);
    expect(shown.rows.map((r) => r.text).sort()).to.deep.equal(['step a', 'step b', 'step c', 'step d']);
    expect(shown.rows[0]!.choices.map((c) => c.value)).to.deep.equal(['1', '2', '3', '4']);
  });

  it('gives matching right-hand sides tokens, the same for the same seed', () => {
    const one = view(matching);
    expect(one.rows[0]!.choices.map((c) => c.value)).not.to.include.members(['a', 'b', 'c']);
    expect(view(matching)).to.deep.equal(one);
    expect(view(matching, 'another seed')).not.to.deep.equal(one);
  });

  it('shows each question of an attempt as the preview shows it for the attempt’s seed', () => {
    for (let s = 0; s < 20; s += 1) {
      const seed = `attempt-${s}`;
      for (const drawn of drawAttempt(bank, seed)) {
        const question = bank.questions.find((q) => q.id === drawn.id)!;
        expect(questionOrder(question, seed)).to.deep.equal(drawn);
      }
    }
  });
});
