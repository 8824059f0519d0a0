// The QR code as vector shapes: its module matrix (from `qrcode`) turned into one rectangle per run
// of dark modules in a row, all filled as one path. No raster image, so no transparency, which
// PDF/A-1 forbids, and the code stays sharp at any print size.
import QRCode from 'qrcode';
import './qr-mask.ts'; // the same mask choice, faster

export interface QrRuns {
  version: number;
  /** modules per side */
  size: number;
  /** [row, first column, length] of each run of dark modules */
  runs: [number, number, number][];
}

/** The QR version whose codes stay readable when printed 30 mm wide (issue 13). */
export const MAX_QR_VERSION = 17;

export function qrRuns(text: string): QrRuns {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  const runs: [number, number, number][] = [];
  for (let row = 0; row < size; row += 1) {
    let start = -1;
    for (let col = 0; col <= size; col += 1) {
      const dark = col < size && data[row * size + col] === 1;
      if (dark && start < 0) start = col;
      else if (!dark && start >= 0) {
        runs.push([row, start, col - start]);
        start = -1;
      }
    }
  }
  return { version: qr.version, size, runs };
}

/** The QR version a text needs at level M (for tests and the issuer's check). */
export const qrVersion = (text: string): number => QRCode.create(text, { errorCorrectionLevel: 'M' }).version;
