// The QR mask choice, made faster. `qrcode` tries all eight mask patterns on every code and scores
// each with the standard's four penalty rules through a function call per module: about half the
// time of a whole certificate. This computes the same penalties (rule for rule, the same choice) on
// the module arrays directly, and is installed in place of `qrcode`'s own `getBestMask`.
import { createRequire } from 'node:module';

interface BitMatrix {
  size: number;
  data: Uint8Array;
  reservedBit: Uint8Array;
}
interface MaskModule {
  getBestMask(data: BitMatrix, setupFormat: (pattern: number) => void): number;
}

const maskAt: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

const patterns = new Map<number, Uint8Array[]>();
function patternsFor(size: number): Uint8Array[] {
  let p = patterns.get(size);
  if (!p) {
    p = maskAt.map((at) => {
      const bits = new Uint8Array(size * size);
      for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) bits[i * size + j] = at(i, j) ? 1 : 0;
      return bits;
    });
    patterns.set(size, p);
  }
  return p;
}

/** The four penalty rules of ISO/IEC 18004 as `qrcode` scores them. */
export function penalty(d: Uint8Array, size: number): number {
  let n1 = 0;
  let n2 = 0;
  let n3 = 0;
  let dark = 0;
  for (let a = 0; a < size; a++) {
    let runH = 0;
    let runV = 0;
    let lastH = -1;
    let lastV = -1;
    let bitsH = 0;
    let bitsV = 0;
    for (let b = 0; b < size; b++) {
      const h = d[a * size + b]!;
      const v = d[b * size + a]!;
      dark += h;
      if (h === lastH) runH++;
      else {
        if (runH >= 5) n1 += 3 + (runH - 5);
        lastH = h;
        runH = 1;
      }
      if (v === lastV) runV++;
      else {
        if (runV >= 5) n1 += 3 + (runV - 5);
        lastV = v;
        runV = 1;
      }
      bitsH = ((bitsH << 1) & 0x7ff) | h;
      bitsV = ((bitsV << 1) & 0x7ff) | v;
      if (b >= 10) {
        if (bitsH === 0x5d0 || bitsH === 0x05d) n3++;
        if (bitsV === 0x5d0 || bitsV === 0x05d) n3++;
      }
      if (a < size - 1 && b < size - 1) {
        const sum = h + d[a * size + b + 1]! + d[(a + 1) * size + b]! + d[(a + 1) * size + b + 1]!;
        if (sum === 4 || sum === 0) n2++;
      }
    }
    if (runH >= 5) n1 += 3 + (runH - 5);
    if (runV >= 5) n1 += 3 + (runV - 5);
  }
  const k = Math.abs(Math.ceil((dark * 100) / d.length / 5) - 10);
  return n1 + n2 * 3 + n3 * 40 + k * 10;
}

export function bestMask(data: BitMatrix, setupFormat: (pattern: number) => void): number {
  const { size, reservedBit } = data;
  const masks = patternsFor(size);
  let best = 0;
  let lowest = Infinity;
  for (let p = 0; p < 8; p++) {
    setupFormat(p);
    const mask = masks[p]!;
    const d = data.data.slice();
    for (let i = 0; i < d.length; i++) if (!reservedBit[i]) d[i]! ^= mask[i]!;
    const score = penalty(d, size);
    if (score < lowest) {
      lowest = score;
      best = p;
    }
  }
  return best;
}

const require = createRequire(import.meta.url);
/** `qrcode`'s own mask module (the instance its encoder calls), for tests to compare against. */
export const qrcodeMasks = require('qrcode/lib/core/mask-pattern.js') as MaskModule;
export const originalBestMask = qrcodeMasks.getBestMask.bind(qrcodeMasks);
qrcodeMasks.getBestMask = bestMask;
