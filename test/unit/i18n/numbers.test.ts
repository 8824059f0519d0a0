// A fraction in a catalog string (a quiz score of 87.5) is written as the language writes it: a
// decimal comma in Kazakh and Russian, a point in English (server/i18n/index.ts).
import { expect } from 'chai';
import { formatNumber, translator } from '../../../server/i18n/index.ts';
import { requestTranslator } from '../../../server/http/language.ts';

describe('numbers in catalog strings', () => {
  it('writes a score with the language’s decimal separator', () => {
    expect(translator('kk')('learning.review.score', { score: 87.5 })).to.equal('Сіздің нәтижеңіз: 87,5%');
    expect(translator('ru')('learning.review.score', { score: 87.5 })).to.include('87,5%');
    expect(translator('en')('learning.review.score', { score: 87.5 })).to.equal('Your score: 87.5%');
    // through the remembering translator pages use, in both orders
    expect(requestTranslator('ru')('learning.review.score', { score: 66.7 })).to.include('66,7%');
    expect(requestTranslator('en')('learning.review.score', { score: 66.7 })).to.include('66.7%');
  });

  it('leaves whole numbers and years alone', () => {
    expect(formatNumber('ru', 100)).to.equal('100');
    expect(formatNumber('kk', 2026)).to.equal('2026');
    expect(formatNumber('kk', 17000)).to.equal('17000');
  });
});
