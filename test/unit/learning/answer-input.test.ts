import { expect } from 'chai';
import { parseAnswers } from '../../../server/learning/quiz/answer-input.ts';
import { drawAttempt } from '../../../server/learning/quiz/draw.ts';
import { ValidationError } from '../../../server/errors.ts';
import { bank } from '../../fixtures/learning/quiz-bank.ts';

const drawn = drawAttempt(bank, 'input');
const find = (id: string) => drawn.find((d) => d.id === id)!;
const tokenOf = (id: string, ref: string) => find(id).choices.find((c) => c.ref === ref)!.token;
const rowOf = (id: string, ref: string) => find(id).rows!.find((r) => r.ref === ref)!.token;

function refused(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a refusal');
}

describe('reading posted answers', () => {
  it('turns a single-choice token into its option id', () => {
    expect(parseAnswers(drawn, ['q-single'], { 'a_q-single': tokenOf('q-single', 'b') })).to.deep.equal({ 'q-single': { picks: ['b'] } });
  });

  it('reads several picks of a multiple-choice question, and none as an empty answer', () => {
    const picks = [tokenOf('q-multiple', 'a'), tokenOf('q-multiple', 'c')];
    expect(parseAnswers(drawn, ['q-multiple'], { 'a_q-multiple': picks })).to.deep.equal({ 'q-multiple': { picks: ['a', 'c'] } });
    expect(parseAnswers(drawn, ['q-multiple'], {})).to.deep.equal({ 'q-multiple': { picks: [] } });
  });

  it('reads true and false', () => {
    expect(parseAnswers(drawn, ['q-tf'], { 'a_q-tf': 'false' })).to.deep.equal({ 'q-tf': { picks: ['false'] } });
  });

  it('turns ordering positions into an order of items', () => {
    const fields = { ['a_q-order_' + tokenOf('q-order', 'c')]: '1', ['a_q-order_' + tokenOf('q-order', 'a')]: '2', ['a_q-order_' + tokenOf('q-order', 'd')]: '3', ['a_q-order_' + tokenOf('q-order', 'b')]: '4' };
    expect(parseAnswers(drawn, ['q-order'], fields)).to.deep.equal({ 'q-order': { order: ['c', 'a', 'd', 'b'] } });
  });

  it('refuses an ordering that uses a position twice or leaves one out', () => {
    const twice = Object.fromEntries(['a', 'b', 'c', 'd'].map((r) => [`a_q-order_${tokenOf('q-order', r)}`, '1']));
    expect(refused(() => parseAnswers(drawn, ['q-order'], twice)).details[0]!.message).to.equal('learning.errors.orderEveryPosition');
    const partial = { [`a_q-order_${tokenOf('q-order', 'a')}`]: '1' };
    refused(() => parseAnswers(drawn, ['q-order'], partial));
    const outOfRange = Object.fromEntries(['a', 'b', 'c', 'd'].map((r, i) => [`a_q-order_${tokenOf('q-order', r)}`, String(i + 2)]));
    refused(() => parseAnswers(drawn, ['q-order'], outOfRange));
  });

  it('reads matching rows, leaving unanswered rows out', () => {
    const fields = { [`a_q-match_${rowOf('q-match', 'a')}`]: tokenOf('q-match', 'b'), [`a_q-match_${rowOf('q-match', 'b')}`]: '' };
    expect(parseAnswers(drawn, ['q-match'], fields)).to.deep.equal({ 'q-match': { pairs: { a: 'b' } } });
  });

  it('refuses an option id that does not exist', () => {
    expect(refused(() => parseAnswers(drawn, ['q-single'], { 'a_q-single': 'zzzzz' })).details[0]!.message).to.equal('learning.errors.unknownOption');
    refused(() => parseAnswers(drawn, ['q-single'], { 'a_q-single': 'b' }));
    refused(() => parseAnswers(drawn, ['q-match'], { [`a_q-match_${rowOf('q-match', 'a')}`]: 'nope9' }));
  });

  it('refuses a package id in place of a token', () => {
    refused(() => parseAnswers(drawn, ['q-multiple'], { 'a_q-multiple': ['a', 'c'] }));
  });

  it('refuses two picks for a single-choice question', () => {
    refused(() => parseAnswers(drawn, ['q-single'], { 'a_q-single': [tokenOf('q-single', 'a'), tokenOf('q-single', 'b')] }));
  });

  it('refuses a question outside the attempt', () => {
    const few = drawn.filter((d) => d.id !== 'q-single');
    expect(refused(() => parseAnswers(few, ['q-single'], { 'a_q-single': tokenOf('q-single', 'b') })).details[0]!.message).to.equal('learning.errors.notInAttempt');
  });

  it('refuses answer fields for a question the form does not name', () => {
    refused(() => parseAnswers(drawn, ['q-tf'], { 'a_q-tf': 'true', 'a_q-single': tokenOf('q-single', 'b') }));
  });

  it('refuses a post that names no question', () => {
    refused(() => parseAnswers(drawn, [], {}));
  });
});
