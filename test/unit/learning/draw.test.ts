import { expect } from 'chai';
import { drawAttempt, seededRandom, shuffle } from '../../../server/learning/quiz/draw.ts';
import { bank } from '../../fixtures/learning/quiz-bank.ts';

describe('drawing an attempt', () => {
  it('gives the same draw for the same seed', () => {
    expect(drawAttempt(bank, 'seed-1')).to.deep.equal(drawAttempt(bank, 'seed-1'));
  });

  it('gives different draws for different seeds', () => {
    const draws = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(drawAttempt(bank, `seed-${i}`))));
    expect(draws.size).to.be.greaterThan(15);
  });

  it('draws as many questions as the settings ask, each once', () => {
    const smaller = { ...bank, settings: { ...bank.settings, draw: 3 } };
    const drawn = drawAttempt(smaller, 'x');
    expect(drawn).to.have.length(3);
    expect(new Set(drawn.map((d) => d.id)).size).to.equal(3);
  });

  it('shows every option once, under a token that is not its package id', () => {
    for (let s = 0; s < 50; s += 1) {
      for (const q of drawAttempt(bank, `s${s}`)) {
        if (q.type === 'truefalse') continue;
        const all = [...q.choices, ...(q.rows ?? [])];
        expect(new Set(all.map((c) => c.token)).size, q.id).to.equal(all.length);
        for (const c of all) expect(c.token).to.match(/^[a-z2-9]{5}$/);
      }
    }
  });

  it('never shows ordering items in the key order', () => {
    for (let s = 0; s < 200; s += 1) {
      const q = drawAttempt(bank, `o${s}`).find((d) => d.id === 'q-order')!;
      expect(q.choices.map((c) => c.ref).join('')).not.to.equal('abcd');
    }
  });

  it('never lines the matching right-hand sides up with their rows', () => {
    for (let s = 0; s < 200; s += 1) {
      const q = drawAttempt(bank, `m${s}`).find((d) => d.id === 'q-match')!;
      expect(q.choices.map((c) => c.ref)).not.to.deep.equal(q.rows!.map((r) => r.ref));
    }
  });

  it('shuffles fairly enough that every position is used', () => {
    const random = seededRandom('fair');
    const firsts = new Map<string, number>();
    for (let i = 0; i < 4000; i += 1) {
      const first = shuffle(['a', 'b', 'c', 'd'], random)[0]!;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    for (const letter of 'abcd') expect(firsts.get(letter)).to.be.within(850, 1150);
  });
});
