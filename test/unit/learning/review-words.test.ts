import { expect } from 'chai';
import { languages, translator } from '../../../server/i18n/index.ts';

// A true/false review read "Wrong · Your answer: Wrong · Correct answer: True": the mark of an answer
// and the labels of the statements must never share a word.
describe('true/false review words', () => {
  for (const lang of languages) {
    it(`${lang}: the marks use other words than the True/False labels`, () => {
      const t = translator(lang);
      const labels = [t('learning.quiz.true'), t('learning.quiz.false')].map((s) => s.toLowerCase());
      for (const mark of ['right', 'partial', 'wrong']) {
        const words = t(`learning.review.mark.${mark}`).toLowerCase().split(/[\s✓✗◐]+/u).filter(Boolean);
        for (const label of labels) expect(words, `${mark} against ${label}`).not.to.include(label);
      }
    });
  }
});
