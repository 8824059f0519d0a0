import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger, maskIin, maskText } from '../../../server/logger.ts';

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
    // typed with separators, as people do
    expect(maskIin('/verify/900503-401007')).to.equal('/verify/********1007');
    expect(maskIin('code 9005 0340 1007.')).to.equal('code ********1007.');
    // percent-encoded separators, a plus, an underscore, full-width digits, in a logged URL
    for (const url of ['/reports/roster?search=850101%E2%80%93300035', '/x/850101%C2%A0300035', '/x/8501%2F0130%2F0035', '/x/850101--300035', '/x/%D9%A8%D9%A5%D9%A0%D9%A1%D9%A0%D9%A1%D9%A3%D9%A0%D9%A0%D9%A0%D9%A3%D9%A5', '/admin/certificates?q=850101%20300035', '/verify/850101+300035', '/verify/850101_300035', '/verify/850101%2D300035', '/x/850101%09300035', '/verify/８５０１０１３０００３５']) {
      expect(maskText(url), url).to.not.match(/850101|８５０/);
      expect(maskText(url), url).to.contain('********0035');
    }
    // a verification code in a path keeps its first four letters
    expect(maskText('/verify/ABCDEFGHIJKLMNOPQRST?lang=kk')).to.equal('/verify/ABCD…?lang=kk');
    // a time or a date is not twelve digits
    expect(maskIin('2026-12-05 09:34:26')).to.equal('2026-12-05 09:34:26');
    expect(maskText('2026-12-05 10:32:37 GET /x')).to.equal('2026-12-05 10:32:37 GET /x');
  });

  it('masks an IIN whose digits a URL percent-encodes', () => {
    expect(maskText('GET /reports/roster?school=92072430278%38')).to.equal('GET /reports/roster?school=********2788');
    // the logged URL is decoded to be masked: what was percent-encoded reads as itself
    expect(maskText('GET /x?q=%39%32%30%37%32%34%33%30%32%37%38%38&a=%3A')).to.equal('GET /x?q=********2788&a=:');
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

  it("cuts a secret field at any depth and in any case, and in a child logger's bindings", () => {
    const { lines, logger } = capture();
    const child = logger.child({ session: { Cookie: 'sid=child-cookie' }, password: 'child-pass' });
    child.info({ mail: { to: { token: 'deep-token', link: 'https://x/reset?t=deep-link' } }, res: { headers: { 'Set-Cookie': 'sid=set-cookie' } }, req: { headers: { Authorization: 'Bearer auth-secret' } }, user: { passwordHash: '$argon2id$hash' }, kept: 'visible' }, 'sent');
    child.child({ batch: { token: 'grandchild-token' } }).info('and its child');
    const out = lines.join('');
    expect(lines).to.have.length(2);
    for (const secret of ['grandchild-token', 'child-cookie', 'child-pass', 'deep-token', 'deep-link', 'sid=set-cookie', 'auth-secret', 'argon2id']) expect(out, secret).not.to.contain(secret);
    const line = JSON.parse(lines[0]!) as { mail: { to: { token: string } }; password: string; kept: string };
    expect(line.mail.to.token).to.equal('[redacted]');
    expect(line.password).to.equal('[redacted]');
    expect(line.kept).to.equal('visible');
  });

  it('masks what a child logger, a format argument and an error carry', () => {
    const { lines, logger } = capture();
    const child = logger.child({ batch: 'b1' });
    child.info({ row: { teacher: { iin: '880101300123' } } }, 'row of %s at %s', '990202400456', '/reset?token=s3cr3t-token');
    child.warn(new Error('no account for 770303500789'));
    // a duplicate key as the driver reports it: the IIN in its message and in its own fields
    const duplicate = Object.assign(new Error('E11000 duplicate key error dup key: { iin: "660404600321" }'), { code: 11000, keyValue: { iin: '660404600321' } });
    child.error({ err: duplicate, nested: { cause: new Error('from 550505700654') }, deep: { a: { b: { c: { d: { e: { f: { g: { iin: '440606800987' } } } } } } } } }, 'import failed');
    const out = lines.join('');
    for (const iin of ['880101300123', '990202400456', '770303500789', '660404600321', '550505700654', '440606800987']) expect(out).not.to.contain(iin);
    expect(out).to.contain('********0123').and.to.contain('********0456').and.to.contain('********0789');
    const lines2 = lines.map((l) => JSON.parse(l) as { msg: string; err?: { type: string; code?: number; stack?: string } });
    expect(lines2[1]!.msg).to.equal('no account for ********0789');
    expect(lines2[1]!.err!.type).to.equal('Error');
    expect(lines2[1]!.err!.stack).to.contain('logger.test.ts');
    expect(lines2[2]!.err!.code).to.equal(11000);
    expect(out).not.to.contain('s3cr3t-token');
    expect(out).to.contain('"batch":"b1"');
  });
});
