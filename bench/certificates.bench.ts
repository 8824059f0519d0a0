// Certificates (issue 13). Per certificate: the median time of `renderCertificate` against a plain
// PDFKit document with the same fonts (read from their files), text, PDF/A options and QR code
// drawn rectangle by rectangle, in the same run; the goal is a third of it or less. Then the bulk
// renderer writes BENCH_CERTIFICATES (17,000) certificates on every core: its time against the
// goal of 3 minutes, and the process's peak memory against its memory before the run.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { BenchResult } from './run.ts';
import { percentile } from './lib/server.ts';
import { watchStalls } from './lib/stalls.ts';
import { translator } from '../server/i18n/index.ts';
import { printedDate, qrText, renderCertificate, type RenderInput } from '../server/certificates/pdf/certificate-pdf.ts';
import { FONT_FILES } from '../server/certificates/pdf/fonts.ts';
import { renderAll } from '../server/certificates/render/bulk-render.ts';
import { renderThread } from '../server/certificates/render/render-thread.ts';
import { signClaims } from '../server/certificates/signing/credential.ts';
import { signingKeyFrom } from '../server/certificates/signing/keyring.ts';
import { claimsOf } from '../server/certificates/issue.service.ts';
import { formatSerial, newCode } from '../server/certificates/code.ts';
import { bestMask, originalBestMask, qrcodeMasks } from '../server/certificates/pdf/qr-mask.ts';

export const name = 'certificates';
const ROUNDS = Number(process.env.BENCH_CERT_ROUNDS ?? 60);
const BULK = Number(process.env.BENCH_CERTIFICATES ?? 17_000);
const BASE_URL = 'https://qorgau.edu.kz';

const surnames = ['Сәрсенбаева', 'Қожаһметов', 'Өмірзақова', 'Нұрғалиев', 'Жүсіпбекова', 'Иванова', 'Ғабдуллин', 'Тоқтарова', 'Әбілқайырова-Ғұмарбекова'];
const given = ['Әйгерім', 'Ерлан', 'Гүлнар', 'Нұрсұлтан', 'Айгүл', 'Мария', 'Дәурен', 'Іңкәр'];
const patronymics = ['Қайратқызы', 'Серікұлы', 'Бағдәулетқызы', 'Ивановна', 'Өңірбекұлы', ''];

type Cert = RenderInput['certificate'];

async function certificates(count: number): Promise<Cert[]> {
  const key = await signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
  const out: Cert[] = [];
  for (let i = 0; i < count; i++) {
    const base = {
      serial: formatSerial(2026, i + 1),
      code: newCode(),
      holderName: [surnames[i % surnames.length], given[(i * 7) % given.length], patronymics[(i * 5) % patronymics.length]].filter(Boolean).join(' '),
      lang: (['kk', 'ru', 'en'] as const)[i % 3]!,
      title: { kk: 'Балалар арасындағы буллингтің алдын алу', ru: 'Профилактика буллинга среди детей', en: 'Preventing bullying among children' },
      courseId: 'bullying-prevention',
      version: '1.0.0',
      academicHours: 24,
      standards: ['QS-01', 'QS-04'],
      score: 80 + (i % 21),
      completedAt: new Date(Date.UTC(2026, 10, 1 + (i % 28), 9)),
      issuedAt: new Date(Date.UTC(2026, 10, 1 + (i % 28), 9, 0, 5)),
    };
    out.push({ ...base, jws: await signClaims(claimsOf(base), key) });
  }
  return out;
}

/** The same certificate the plain way: fonts read from their files, nothing kept between documents. */
async function plain(c: Cert, verifyUrl: string): Promise<Buffer> {
  const t = (c.lang === 'en' ? (['kk', 'ru', 'en'] as const) : (['kk', 'ru'] as const)).map((l) => translator(l));
  const all = (key: string) => t.map((tr) => tr(key)).join(' / ');
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, pdfVersion: '1.4', subset: 'PDF/A-1b', info: { Title: c.serial, Keywords: c.jws, CreationDate: c.issuedAt } } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('regular', FONT_FILES.regular);
  doc.registerFont('bold', FONT_FILES.bold);
  doc.lineWidth(2).rect(24, 24, 794, 547).stroke();
  doc.font('bold').fontSize(11).text(all('certificates.issuer'), 70, 52, { width: 700, align: 'center' });
  doc.fontSize(30).text(all('certificates.pdf.title'), 70, 78, { width: 700, align: 'center' });
  doc.font('regular').fontSize(11).text(all('certificates.pdf.awardedTo'), 70, 128, { width: 700, align: 'center' });
  doc.font('bold').fontSize(28).text(c.holderName, 60, 150, { width: 720, align: 'center' });
  doc.font('regular').fontSize(11).text(all('certificates.pdf.forCourse'), 70, 200, { width: 700, align: 'center' });
  doc.font('bold').fontSize(17).text(c.title.kk, 60, 220, { width: 720, align: 'center' });
  doc.font('regular').fontSize(14).text(c.title.ru, 60, 242, { width: 720, align: 'center' });
  const rows: [string, string][] = [
    ['certificates.pdf.hours', String(c.academicHours)],
    ['certificates.pdf.standard', c.standards.join(', ')],
    ['certificates.pdf.version', c.version],
    ['certificates.pdf.completed', printedDate(c.completedAt)],
    ['certificates.pdf.score', `${c.score}%`],
    ['certificates.pdf.issued', printedDate(c.issuedAt)],
    ['certificates.pdf.serial', c.serial],
    ['certificates.pdf.code', c.code],
  ];
  rows.forEach(([label, value], i) => {
    doc.font('regular').fontSize(9).text(all(label), 60 + (i % 3) * 250, 300 + Math.floor(i / 3) * 44, { width: 240, lineBreak: false });
    doc.font('bold').fontSize(11.5).text(value, 60 + (i % 3) * 250, 313 + Math.floor(i / 3) * 44, { width: 240, lineBreak: false });
  });
  // the plain way chooses the mask with qrcode's own code
  qrcodeMasks.getBestMask = originalBestMask;
  const qr = QRCode.create(qrText(verifyUrl, c.jws), { errorCorrectionLevel: 'M' });
  qrcodeMasks.getBestMask = bestMask;
  const m = 118 / (qr.modules.size + 8);
  for (let r = 0; r < qr.modules.size; r++) for (let col = 0; col < qr.modules.size; col++) if (qr.modules.data[r * qr.modules.size + col]) doc.rect(664 + (col + 4) * m, 417 + (r + 4) * m, m, m);
  doc.fill('#000000');
  doc.font('regular').fontSize(8.5).text(all('certificates.pdf.scan'), 60, 470).font('bold').text(verifyUrl, 60, 484);
  doc.end();
  return done;
}

async function medianMs(render: (c: Cert) => Promise<Buffer>, certs: Cert[]): Promise<number> {
  for (const c of certs.slice(0, 5)) await render(c); // warm
  const times: number[] = [];
  for (const c of certs) {
    const started = performance.now();
    await render(c);
    times.push(performance.now() - started);
  }
  return percentile(times.sort((a, b) => a - b), 50);
}

/**
 * A group downloading their certificates at once, as the server renders them: the longest and the
 * 99th-percentile stall of the event loop (which every other page waits behind) while they render.
 */
async function stalls(render: (c: Cert) => Promise<Buffer>, certs: Cert[]): Promise<{ maxMs: number; p99Ms: number; seconds: number }> {
  const watch = watchStalls();
  const started = performance.now();
  await Promise.all(certs.map((c) => render(c)));
  const seconds = (performance.now() - started) / 1000;
  return { ...(await watch.stop()), seconds };
}

export async function run(): Promise<BenchResult[]> {
  const sample = await certificates(ROUNDS);
  const url = (c: Cert) => `${BASE_URL}/verify/${c.code}`;
  // alternate the two, so a busy moment of the machine falls on both
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < 3; i++) {
    base.push(await medianMs((c) => plain(c, url(c)), sample));
    ours.push(await medianMs((c) => renderCertificate({ certificate: c, verifyUrl: url(c) }), sample));
  }
  const value = percentile(ours.sort((a, b) => a - b), 50);
  const baseline = percentile(base.sort((a, b) => a - b), 50);

  // downloads: on the page-serving thread (as before 2026-12-05) against the render thread, alternated
  const thread = renderThread();
  const here = (c: Cert) => renderCertificate({ certificate: c, verifyUrl: url(c) });
  const there = (c: Cert) => thread.render({ certificate: c, verifyUrl: url(c) });
  await there(sample[0]!); // the thread's start, not counted
  const onThread: Awaited<ReturnType<typeof stalls>>[] = [];
  const onMain: Awaited<ReturnType<typeof stalls>>[] = [];
  for (let i = 0; i < 3; i++) {
    onMain.push(await stalls(here, sample));
    onThread.push(await stalls(there, sample));
  }
  await thread.close();
  const medianOf = (runs: Awaited<ReturnType<typeof stalls>>[], key: 'maxMs' | 'p99Ms' | 'seconds') => percentile(runs.map((r) => r[key]).sort((a, b) => a - b), 50);

  const bulk = await certificates(BULK);
  const out = mkdtempSync(path.join(tmpdir(), 'qorgau-bench-certs-'));
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const result = await renderAll(bulk, { out, verifyUrl: (code) => `${BASE_URL}/verify/${code}` });
  const seconds = (performance.now() - started) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  rmSync(out, { recursive: true, force: true });
  if (result.failed.length || result.rendered !== BULK) throw new Error(`bulk render: ${result.rendered} rendered, ${result.failed.length} failed`);
  const mb = (n: number) => n / 1024 / 1024;
  return [
    { metric: 'one certificate, median', value, baseline, ratio: value / baseline, unit: 'ms', notes: `plain PDFKit with the same fonts, text and QR code; goal ≤ 0.33; ${ROUNDS} names × 3` },
    {
      metric: `event loop stall while ${ROUNDS} downloads render at once`,
      value: medianOf(onThread, 'maxMs'),
      baseline: medianOf(onMain, 'maxMs'),
      ratio: medianOf(onThread, 'maxMs') / medianOf(onMain, 'maxMs'),
      unit: 'ms',
      notes: `longest stall, on the render thread against the thread that serves pages (median of 3 alternated); p99 ${medianOf(onThread, 'p99Ms').toFixed(1)} against ${medianOf(onMain, 'p99Ms').toFixed(1)} ms; all rendered in ${medianOf(onThread, 'seconds').toFixed(2)} against ${medianOf(onMain, 'seconds').toFixed(2)} s`,
    },
    { metric: `bulk render of ${BULK} certificates`, value: seconds, baseline: 180, ratio: seconds / 180, unit: 's', notes: `${availableParallelism()} worker threads; baseline is the 3-minute goal; ${((seconds * 1000) / BULK).toFixed(1)} ms each` },
    { metric: 'peak memory of the bulk run', value: mb(peak), baseline: mb(before), ratio: peak / before, unit: 'MB', notes: 'maxRSS of the process (main thread and workers) against its RSS before the run' },
  ];
}
