import { expect } from 'chai';
import { renderCertificate, type RenderInput } from '../../../server/certificates/pdf/certificate-pdf.ts';
import { orHere, renderThread } from '../../../server/certificates/render/render-thread.ts';
import { pdfText } from '../../integration/certificates/tools.ts';

const kazakhLetters = 'ӘәҒғҚқҢңӨөҰұҮүҺһІі';
const input = (over: Partial<RenderInput['certificate']> = {}): RenderInput => ({
  verifyUrl: 'http://localhost:3000/verify/ABCDEFGHIJKLMNOPQRST',
  certificate: {
    serial: 'QRG-2026-000042',
    code: 'ABCDEFGHIJKLMNOPQRST',
    holderName: 'Сәрсенбаева Әйгерім Қайратқызы',
    lang: 'kk',
    title: { kk: `Қазақ әріптері: ${kazakhLetters}`, ru: 'Профилактика буллинга', en: 'Preventing bullying' },
    version: '1.0.0',
    academicHours: 24,
    standards: ['QS-01', 'QS-04'],
    score: 92.5,
    completedAt: new Date('2026-12-02T10:00:00Z'),
    issuedAt: new Date('2026-12-02T10:00:05Z'),
    jws: 'eyJhbGciOiJFZERTQSIsImtpZCI6ImFiY2RlZmdoIn0.eyJzIjoiUVJHIn0.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl',
    ...over,
  },
});

describe('certificate PDF', () => {
  it('gives identical bytes for the same certificate, and different ones for another', async () => {
    const [a, b] = await Promise.all([renderCertificate(input()), renderCertificate(input())]);
    expect(a.equals(b)).to.equal(true);
    const other = await renderCertificate(input({ serial: 'QRG-2026-000043' }));
    expect(other.equals(a)).to.equal(false);
  });

  it('prints every Kazakh letter from the embedded font', async () => {
    expect(pdfText(await renderCertificate(input()))).to.contain(kazakhLetters);
  });

  it('fits a name of 60 letters and more on one line by shrinking it', async () => {
    const name = 'Әбілқайырова-Ғұмарбекова Өңірбекқызы Үміт Ұлжан Һәдиша Іңкәр Бағдәулетқызы';
    expect(name.length).to.be.at.least(60);
    const lines = pdfText(await renderCertificate(input({ holderName: name }))).split('\n');
    expect(lines).to.include(name);
  });

  it('prints English too when it is the teacher’s language', async () => {
    const kk = pdfText(await renderCertificate(input()));
    const en = pdfText(await renderCertificate(input({ lang: 'en' })));
    expect(kk).not.to.contain('Preventing bullying');
    expect(en).to.contain('Preventing bullying');
    expect(en).to.contain('Профилактика буллинга');
  });
});

describe('the render thread for downloads', function () {
  // the thread's first render loads the renderer and its fonts
  this.timeout(60_000);
  const thread = renderThread();
  after(() => thread.close());

  it('gives the bytes a render here gives, for renders asked for together', async () => {
    const [here, ...there] = await Promise.all([renderCertificate(input()), thread.render(input()), thread.render(input()), thread.render(input({ serial: 'QRG-2026-000043' }))]);
    expect(there[0]!.equals(here)).to.equal(true);
    expect(there[1]!.equals(here)).to.equal(true);
    expect(there[2]!.equals(await renderCertificate(input({ serial: 'QRG-2026-000043' })))).to.equal(true);
  });

  it('answers a render that fails with its error, and goes on', async () => {
    const broken = input();
    (broken.certificate as { title: unknown }).title = null;
    const failed = await thread.render(broken).then(() => null, (e: unknown) => e);
    expect(failed).to.be.instanceOf(Error);
    expect((await thread.render(input())).subarray(0, 5).toString('latin1')).to.equal('%PDF-');
  });

  it('fails the renders in flight when it stops, and starts again for the next', async () => {
    const inFlight = thread.render(input()).then(() => 'rendered', (e: unknown) => (e as Error).message);
    await thread.close();
    expect(await inFlight).to.equal('the render thread was stopped');
    expect((await thread.render(input())).equals(await renderCertificate(input()))).to.equal(true);
  });

  it('is made ready by warm, whose sample render is thrown away and never fails anyone, not even stopped halfway', async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      await thread.close();
      thread.warm();
      // stopped with the sample in flight: its failure is nobody's
      await thread.close();
      thread.warm();
      // a render asked for while the sample renders is answered with its own certificate
      expect((await thread.render(input())).equals(await renderCertificate(input()))).to.equal(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', note);
    }
  });

  it('renders here instead, as the server does, when the thread cannot, and says why', async () => {
    const warned: unknown[] = [];
    const render = orHere(thread, (err) => warned.push(err));
    const inFlight = render(input());
    await thread.close();
    expect((await inFlight).equals(await renderCertificate(input()))).to.equal(true);
    expect(warned.map((e) => (e as Error).message)).to.deep.equal(['the render thread was stopped']);
    // the thread itself still renders what it is asked next
    expect((await render(input({ serial: 'QRG-2026-000044' }))).equals(await renderCertificate(input({ serial: 'QRG-2026-000044' })))).to.equal(true);
    expect(warned).to.have.length(1);
  });
});
