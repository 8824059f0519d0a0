import { expect } from 'chai';
import { reviewItems, reviewLevel } from '../../../server/learning/quiz/review.ts';
import { translator } from '../../../server/i18n/index.ts';
import { bank, explanationMarker } from '../../fixtures/learning/quiz-bank.ts';

const t = translator('en');

describe('the review policy', () => {
  it('after a pass shows explanations by default', () => {
    expect(reviewLevel(undefined, true, true, false)).to.equal('full');
    expect(reviewLevel('after-pass', true, false, false)).to.equal('full');
  });

  it('never reveals the answers of a failed attempt while attempts remain', () => {
    for (const policy of ['after-pass', 'after-final', 'never', undefined] as const) expect(reviewLevel(policy, false, true, false)).not.to.equal('full');
    expect(reviewLevel('after-pass', false, true, false)).to.equal('marks');
    expect(reviewLevel('after-final', false, true, false)).to.equal('score');
  });

  it('shows explanations once no attempts remain', () => {
    expect(reviewLevel('after-pass', false, false, false)).to.equal('full');
    expect(reviewLevel('after-final', false, false, false)).to.equal('full');
  });

  it('never reveals the keys of an earlier attempt while the last one is open', () => {
    for (const policy of ['after-pass', 'after-final'] as const) {
      expect(reviewLevel(policy, false, false, true)).not.to.equal('full');
      expect(reviewLevel(policy, false, true, true)).not.to.equal('full');
    }
  });

  it('follows always and never', () => {
    expect(reviewLevel('always', false, true, false)).to.equal('full');
    expect(reviewLevel('never', true, false, false)).to.equal('score');
  });
});

describe('review items', () => {
  const results = [
    { id: 'q-single', credit: 0 },
    { id: 'q-multiple', credit: 2 / 3 },
  ];
  const answers = { 'q-single': { picks: ['a'] }, 'q-multiple': { picks: ['a', 'c'] } };

  it('at marks level say right or wrong but carry no key and no explanation', () => {
    const items = reviewItems('marks', bank.questions, results, answers, 'en', t);
    expect(items.map((i) => i.mark)).to.deep.equal(['wrong', 'partial']);
    const json = JSON.stringify(items);
    expect(json).not.to.contain(explanationMarker);
    expect(json).not.to.contain('Right one');
    expect(items[0]!.yourAnswer).to.deep.equal(['Wrong one']);
  });

  it('at full level carry the correct answer and the explanation', () => {
    const items = reviewItems('full', bank.questions, results, answers, 'en', t);
    expect(items[0]!.correctAnswer).to.deep.equal(['Right one']);
    expect(items[0]!.explanation).to.contain(explanationMarker);
  });

  it('at score level carry nothing per question', () => {
    expect(reviewItems('score', bank.questions, results, answers, 'en', t)).to.deep.equal([]);
  });
});
