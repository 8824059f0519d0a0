import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger, maskIin } from '../../../server/logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('logging personal data', () => {
  it('keeps only the last four digits of an IIN in text', () => {
    expect(maskIin('user 880101300123 logged in')).to.equal('user ********0123 logged in');
    expect(maskIin('a 1234567890123 b')).to.equal('a 1234567890123 b');
  });

  it('masks IINs in messages and fields, and redacts secrets', () => {
    const { lines, logger } = capture();
    logger.info({ user: { iin: '880101300123', note: 'iin 880101300123' }, password: 'hunter2', req: { headers: { cookie: 'sid=abc' } } }, 'imported 880101300123');
    const out = lines.join('');
    expect(out).not.to.contain('880101300123');
    expect(out).to.contain('********0123');
    expect(out).not.to.contain('hunter2');
    expect(out).not.to.contain('sid=abc');
  });
});
