// The order a question's choices are shown in, and the tokens a browser sees instead of package
// ids, for one attempt's seed. The quiz (learning) stores this with each drawn question; the
// coordinator's preview computes it for a seed it names, so both show the same question the same
// way. Each question has its own stream (seed + question id), so the order does not depend on
// which other questions an attempt drew.
import { createHash } from 'node:crypto';
import type { Language } from '../i18n/index.ts';

export type Random = () => number;
type Text = Partial<Record<Language, string>>;

/** What showing a question needs: the package's question, or the quiz engine's bank question. */
export type ShowableQuestion =
  | { id: string; type: 'single' | 'multiple'; text: Text; options: { id: string; text: Text }[] }
  | { id: string; type: 'truefalse'; text: Text }
  | { id: string; type: 'ordering'; text: Text; items: { id: string; text: Text }[] }
  | { id: string; type: 'matching'; text: Text; pairs: { id: string; left: Text; right: Text }[] };

/** One shown choice: `ref` is its id in the package, `token` the per-attempt id the browser sees. */
export interface ShownChoice {
  ref: string;
  token: string;
}

/**
 * A question as shown in one attempt. `choices` are in display order: options (single, multiple),
 * true/false, items (ordering) or right-hand sides (matching); `rows` are matching's left-hand sides.
 * Browsers only ever see tokens, because package ids can encode the key (ordering items a, b, c…).
 */
export interface ShownQuestion {
  id: string;
  type: ShowableQuestion['type'];
  choices: ShownChoice[];
  rows?: ShownChoice[];
}

/** sfc32 seeded from SHA-256 of the seed: fast, well mixed, and the same on every server. */
export function seededRandom(seed: string): Random {
  const h = createHash('sha256').update(seed).digest();
  let a = h.readUInt32LE(0);
  let b = h.readUInt32LE(4);
  let c = h.readUInt32LE(8);
  let d = h.readUInt32LE(12);
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

function token(random: Random, taken: Set<string>): string {
  for (;;) {
    let t = '';
    for (let i = 0; i < 5; i += 1) t += alphabet[Math.floor(random() * alphabet.length)];
    if (!taken.has(t)) {
      taken.add(t);
      return t;
    }
  }
}

function tokens(refs: readonly string[], random: Random, taken: Set<string>): ShownChoice[] {
  return refs.map((ref) => ({ ref, token: token(random, taken) }));
}

/**
 * Shuffles until the shown order differs from the package order when it can: for ordering
 * questions the package order is the key, so showing it would give the answer away.
 */
function shuffledAwayFromKey(refs: readonly string[], random: Random): string[] {
  let out = shuffle(refs, random);
  for (let tries = 0; tries < 8 && refs.length > 1 && out.every((r, i) => r === refs[i]); tries += 1) out = shuffle(refs, random);
  return out;
}

/** How a question is shown in the attempt whose seed is `seed`: the same seed, the same order and tokens. */
export function questionOrder(question: ShowableQuestion, seed: string): ShownQuestion {
  const random = seededRandom(`${seed}\0${question.id}`);
  const taken = new Set<string>();
  switch (question.type) {
    case 'single':
    case 'multiple':
      return { id: question.id, type: question.type, choices: tokens(shuffle(question.options.map((o) => o.id), random), random, taken) };
    case 'truefalse':
      // true, then false, always: a fixed order carries no information about the key
      return { id: question.id, type: 'truefalse', choices: [{ ref: 'true', token: 'true' }, { ref: 'false', token: 'false' }] };
    case 'ordering':
      return { id: question.id, type: 'ordering', choices: tokens(shuffledAwayFromKey(question.items.map((i) => i.id), random), random, taken) };
    case 'matching': {
      const ids = question.pairs.map((p) => p.id);
      const rows = tokens(shuffle(ids, random), random, taken);
      // right-hand sides in an order that does not line up with the rows
      const rightOrder = shuffledAwayFromKey(rows.map((r) => r.ref), random);
      return { id: question.id, type: 'matching', rows, choices: tokens(rightOrder, random, taken) };
    }
  }
}
