import { expect } from 'chai';
import { drawAttempt } from '../../../server/learning/quiz/draw.ts';
import { questionView } from '../../../server/learning/quiz/question-view.ts';
import { translator } from '../../../server/i18n/index.ts';
import { bank, explanationMarker } from '../../fixtures/learning/quiz-bank.ts';

const t = translator('en');

describe('the question view model', () => {
  it('carries only tokens and texts: no key, no explanation, no package ids', () => {
    for (let s = 0; s < 20; s += 1) {
      const drawn = drawAttempt(bank, `view-${s}`);
      drawn.forEach((d, i) => {
        const question = bank.questions.find((q) => q.id === d.id)!;
        const json = JSON.stringify(questionView(question, d, i + 1, undefined, 'en', t));
        expect(json).not.to.contain(explanationMarker);
        expect(json).not.to.match(/"(correct|ref|explanation|key|pairs|items)"/);
      });
    }
  });

  it('shows the options of a choice question in the drawn order', () => {
    const drawn = drawAttempt(bank, 'order-view');
    const d = drawn.find((x) => x.id === 'q-single')!;
    const question = bank.questions.find((q) => q.id === 'q-single')!;
    const view = questionView(question, d, 1, undefined, 'en', t);
    expect(view.options.map((o) => o.token)).to.deep.equal(d.choices.map((c) => c.token));
  });

  it('marks the saved answer of each type as chosen', () => {
    const drawn = drawAttempt(bank, 'saved');
    const view = (id: string, answer: Parameters<typeof questionView>[3]) => questionView(bank.questions.find((q) => q.id === id)!, drawn.find((x) => x.id === id)!, 1, answer, 'en', t);
    expect(view('q-single', { picks: ['b'] }).options.filter((o) => o.checked).map((o) => o.text)).to.deep.equal(['Right one']);
    const ordering = view('q-order', { order: ['d', 'c', 'b', 'a'] });
    const first = ordering.rows.find((r) => r.text === 'Fourth step')!;
    expect(first.choices.find((c) => c.selected)!.value).to.equal('1');
    const matching = view('q-match', { pairs: { a: 'b' } });
    const row = matching.rows.find((r) => r.text === 'Left A')!;
    expect(row.choices.find((c) => c.selected)!.text).to.equal('Right for B');
  });

  it('speaks the learner’s language', () => {
    const drawn = drawAttempt(bank, 'lang');
    const d = drawn.find((x) => x.id === 'q-tf')!;
    const view = questionView(bank.questions.find((q) => q.id === 'q-tf')!, d, 1, undefined, 'kk', translator('kk'));
    expect(view.text).to.equal('True or false? (kk)');
    expect(view.options.map((o) => o.text)).to.deep.equal([translator('kk')('learning.quiz.true'), translator('kk')('learning.quiz.false')]);
  });
});
