import { expect } from 'chai';
import { gradeAttempt, gradeQuestion } from '../../../server/learning/quiz/grade.ts';
import { drawAttempt } from '../../../server/learning/quiz/draw.ts';
import type { BankQuestion } from '../../../server/learning/quiz/quiz-types.ts';
import { bank } from '../../fixtures/learning/quiz-bank.ts';

const q = (id: string): BankQuestion => bank.questions.find((x) => x.id === id)!;

describe('grading a question', () => {
  it('gives a single-choice question all or nothing', () => {
    expect(gradeQuestion(q('q-single'), { picks: ['b'] })).to.equal(1);
    expect(gradeQuestion(q('q-single'), { picks: ['a'] })).to.equal(0);
    expect(gradeQuestion(q('q-single'), { picks: ['a', 'b'] })).to.equal(0);
  });

  it('gives a true/false question all or nothing', () => {
    expect(gradeQuestion(q('q-tf'), { picks: ['false'] })).to.equal(1);
    expect(gradeQuestion(q('q-tf'), { picks: ['true'] })).to.equal(0);
  });

  it('gives nothing for an unanswered question', () => {
    for (const question of bank.questions) expect(gradeQuestion(question, undefined)).to.equal(0);
  });

  it('gives multiple choice (right picks − wrong picks) / number of right options, never below 0', () => {
    expect(gradeQuestion(q('q-multiple'), { picks: ['a', 'c', 'd'] })).to.equal(1);
    expect(gradeQuestion(q('q-multiple'), { picks: ['a', 'c'] })).to.be.closeTo(2 / 3, 1e-9);
    expect(gradeQuestion(q('q-multiple'), { picks: ['a', 'c', 'd', 'b'] })).to.be.closeTo(2 / 3, 1e-9);
    expect(gradeQuestion(q('q-multiple'), { picks: ['a', 'b'] })).to.equal(0);
    expect(gradeQuestion(q('q-multiple'), { picks: ['b'] })).to.equal(0);
    expect(gradeQuestion(q('q-multiple'), { picks: [] })).to.equal(0);
  });

  it('does not reward ticking every box in a multiple-choice question', () => {
    expect(gradeQuestion(q('q-multiple'), { picks: ['a', 'b', 'c', 'd'] })).to.be.lessThan(1);
  });

  it('gives ordering the share of neighbouring steps kept in the right order', () => {
    expect(gradeQuestion(q('q-order'), { order: ['a', 'b', 'c', 'd'] })).to.equal(1);
    // one step moved from the start to the end keeps b→c and c→d
    expect(gradeQuestion(q('q-order'), { order: ['b', 'c', 'd', 'a'] })).to.be.closeTo(2 / 3, 1e-9);
    expect(gradeQuestion(q('q-order'), { order: ['d', 'c', 'b', 'a'] })).to.equal(0);
    expect(gradeQuestion(q('q-order'), { order: ['a', 'b', 'd', 'c'] })).to.be.closeTo(1 / 3, 1e-9);
  });

  it('gives matching the share of pairs matched right', () => {
    expect(gradeQuestion(q('q-match'), { pairs: { a: 'a', b: 'b', c: 'c' } })).to.equal(1);
    expect(gradeQuestion(q('q-match'), { pairs: { a: 'a', b: 'c', c: 'b' } })).to.be.closeTo(1 / 3, 1e-9);
    expect(gradeQuestion(q('q-match'), { pairs: { a: 'a' } })).to.be.closeTo(1 / 3, 1e-9);
    expect(gradeQuestion(q('q-match'), { pairs: { a: 'b', b: 'c', c: 'a' } })).to.equal(0);
  });

  it('gives nothing for an answer of the wrong shape', () => {
    expect(gradeQuestion(q('q-order'), { picks: ['a'] })).to.equal(0);
    expect(gradeQuestion(q('q-match'), { order: ['a'] })).to.equal(0);
    expect(gradeQuestion(q('q-single'), { pairs: { a: 'b' } })).to.equal(0);
  });
});

describe('grading an attempt', () => {
  const drawn = drawAttempt(bank, 'grade');
  const perfect = { 'q-single': { picks: ['b'] }, 'q-multiple': { picks: ['a', 'c', 'd'] }, 'q-tf': { picks: ['false'] }, 'q-order': { order: ['a', 'b', 'c', 'd'] }, 'q-match': { pairs: { a: 'a', b: 'b', c: 'c' } } };

  it('scores 100 and passes when everything is right', () => {
    const grade = gradeAttempt(bank.questions, drawn, perfect, 80);
    expect(grade.score).to.equal(100);
    expect(grade.passed).to.equal(true);
    expect(grade.results).to.have.length(5);
  });

  it('scores in percent of the drawn questions and fails below the pass mark', () => {
    const grade = gradeAttempt(bank.questions, drawn, { ...perfect, 'q-single': { picks: ['a'] }, 'q-tf': { picks: ['true'] } }, 80);
    expect(grade.score).to.equal(60);
    expect(grade.passed).to.equal(false);
  });

  it('passes at exactly the pass mark', () => {
    const grade = gradeAttempt(bank.questions, drawn, { ...perfect, 'q-single': { picks: ['a'] } }, 80);
    expect(grade.score).to.equal(80);
    expect(grade.passed).to.equal(true);
  });

  it('rounds the shown score to one decimal but compares the exact share', () => {
    const grade = gradeAttempt(bank.questions, drawn, { ...perfect, 'q-multiple': { picks: ['a', 'c'] } }, 94);
    expect(grade.score).to.equal(93.3);
    expect(grade.passed).to.equal(false);
  });

  it('scores 0 when nothing is answered', () => {
    expect(gradeAttempt(bank.questions, drawn, {}, 50)).to.include({ score: 0, passed: false });
  });
});
