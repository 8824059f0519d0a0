import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { bestMask, originalBestMask, qrcodeMasks } from '../../../server/certificates/pdf/qr-mask.ts';
import { qrRuns } from '../../../server/certificates/pdf/qr.ts';

describe('QR codes of certificates', () => {
  it('choose the same mask as qrcode’s own penalty rules, module for module', () => {
    for (let i = 0; i < 40; i++) {
      const text = `https://qorgau.edu.kz/verify/${randomBytes(10).toString('hex').toUpperCase()}#${randomBytes(30 + i * 9).toString('base64url')}`;
      qrcodeMasks.getBestMask = originalBestMask;
      const reference = QRCode.create(text, { errorCorrectionLevel: 'M' });
      qrcodeMasks.getBestMask = bestMask;
      const fast = QRCode.create(text, { errorCorrectionLevel: 'M' });
      expect(fast.maskPattern, text).to.equal(reference.maskPattern);
      expect(Buffer.from(fast.modules.data).equals(Buffer.from(reference.modules.data))).to.equal(true);
    }
  });

  it('are drawn as runs that cover exactly the dark modules', () => {
    const text = 'https://qorgau.edu.kz/verify/ABCDEFGHIJKLMNOPQRST';
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const { size, runs } = qrRuns(text);
    const drawn = new Uint8Array(size * size);
    for (const [row, col, len] of runs) for (let c = col; c < col + len; c++) drawn[row * size + c] = 1;
    expect(Buffer.from(drawn).equals(Buffer.from(qr.modules.data))).to.equal(true);
  });
});
