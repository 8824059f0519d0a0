// Verification codes and serials: their shapes, made and checked in one place.
import { randomBytes } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 20 base32 characters: 100 random bits, beyond guessing (the issue asks for at least 80). */
export const CODE_LENGTH = 20;
export const codePattern = /^[A-Z2-7]{20}$/;
export const serialPattern = /^QRG-(\d{4})-(\d{6,})$/;

/** A fresh verification code from the system's random source. */
export function newCode(): string {
  const bytes = randomBytes(13); // 104 bits, of which 100 are used
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < CODE_LENGTH) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/**
 * Whether what was typed into a code's field is an IIN: twelve digits, whatever separators or a
 * word (`ИИН`, `ЖСН`, `IIN`) came with them. It is refused where it was typed, never sent on into an
 * address or a log.
 */
export function looksLikeIin(input: string): boolean {
  const kept = input.replace(/[^0-9\p{L}]/gu, '');
  return /^\p{L}{0,4}\d{12}$/u.test(kept);
}

/** A code as a person may type it: case and separators are forgiven; null when it cannot be one. */
export function normaliseCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  return codePattern.test(code) ? code : null;
}

export const formatSerial = (year: number, n: number) => `QRG-${year}-${String(n).padStart(6, '0')}`;
