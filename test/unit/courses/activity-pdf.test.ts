import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { renderActivityPdf } from '../../../server/courses/activity-pdf.ts';

const text = (pdf: Buffer) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
const info = (pdf: Buffer) => execFileSync('pdfinfo', ['-'], { input: pdf, encoding: 'utf8' });

const sheet = (markdown: string, title = 'Сынып келісімі') => ({ lang: 'kk', title, courseTitle: 'Буллингтің алдын алу', markdown, createdAt: new Date('2026-09-01T00:00:00Z') });

describe('an activity template as a PDF', function () {
  this.timeout(30_000);

  it('prints one title: a template\'s own # title that differs from the activity\'s by a word is left out', async () => {
    const out = text(await renderActivityPdf(sheet(['# Буллингке қарсы сынып келісіміміз', '', 'Мәтін.'].join('\n'), 'Буллингке қарсы сынып келісімі')));
    expect(out).to.contain('Буллингке қарсы сынып келісімі');
    expect(out).to.not.contain('келісіміміз');
  });

  it('numbers list items left as lines to fill in, and no number strays below the list', async () => {
    const out = text(await renderActivityPdf(sheet(['## Біздің ережелеріміз', '', '1. Құрметтейміз.', '2. ______________________', '3. ______________________', '', '## Ересекке айту', '', 'Мәтін.'].join('\n'))));
    expect(out).to.match(/1\.\s+Құрметтейміз/);
    expect(out).to.match(/2\.\s+_{10,}/);
    expect(out).to.match(/3\.\s+_{10,}/);
    const after = out.slice(out.indexOf('Ересекке айту'));
    expect(after).to.not.match(/\d\./);
  });

  it('lays out headings, paragraphs, lists and a table with room to write, in Kazakh, on A4', async () => {
    const pdf = await renderActivityPdf(
      sheet(
        [
          '## Сынып келісімі',
          '',
          'Келісімді **бірге** жазыңыз. Толығырақ: [ДосболLIKE](https://example.org/dosbol).',
          '',
          'Күні: ______',
          '',
          '1. Бір-бірімізді тыңдаймыз.',
          '2. Ешкімді мазақ етпейміз.',
          '   - Әзіл мен қорлаудың айырмасын білеміз.',
          '',
          '| Ереже | Кім жауапты |',
          '| --- | --- |',
          '| Ұялы телефон | |',
          '',
          '---',
          '',
          'Қолы: ______',
        ].join('\n'),
      ),
    );
    const out = text(pdf);
    expect(out).to.contain('Буллингтің алдын алу');
    // the first heading only repeats the title, which the PDF prints once, from the manifest
    expect(out.match(/Сынып келісімі/g)).to.have.length(1);
    expect(out).to.match(/Келісімді бірге жазыңыз\. Толығырақ: ДосболLIKE \(https:\/\/example\.org\/dosbol\)\./);
    expect(out).to.match(/1\.\s+Бір-бірімізді тыңдаймыз\./);
    expect(out).to.match(/•\s+Әзіл мен қорлаудың айырмасын білеміз\./);
    expect(out).to.match(/Ереже\s+Кім жауапты/);
    expect(out).to.contain('Ұялы телефон');
    expect(out).to.contain('Қолы: ______');
    const meta = info(pdf);
    expect(meta).to.match(/Title:\s+Сынып келісімі/);
    expect(meta).to.match(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(execFileSync('pdffonts', ['-'], { input: pdf, encoding: 'utf8' })).to.match(/NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });

  it('repeats a long table header on the next page and numbers the pages', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `| ${i + 1} | |`).join('\n');
    const pdf = await renderActivityPdf(sheet(`| Күні | Не байқадым |\n| --- | --- |\n${rows}\n`, 'Бақылау күнделігі'));
    expect(info(pdf)).to.match(/Pages:\s+2/);
    const pages = text(pdf).split('\f');
    expect(pages[0]).to.match(/Күні\s+Не байқадым/);
    expect(pages[1]).to.match(/Күні\s+Не байқадым/);
    expect(pages[0]).to.match(/\b1 ?\/ ?2\b/);
    expect(pages[1]).to.match(/\b2 ?\/ ?2\b/);
  });

  it('makes the same bytes for the same version, whenever it is asked', async () => {
    const a = await renderActivityPdf(sheet('Күні: ______'));
    const b = await renderActivityPdf(sheet('Күні: ______'));
    expect(a.equals(b)).to.equal(true);
  });
});
