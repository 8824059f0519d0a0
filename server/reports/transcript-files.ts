// A transcript as PDF (PDFKit with the self-hosted Noto Sans, which has every Kazakh letter) and as
// CSV (the roster export's rules: BOM, CRLF, inert cells).
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { stringify } from 'csv-stringify/sync';
import { formatNumber, type Language, type Translate } from '../i18n/index.ts';
import { inert } from './export-csv.ts';
import type { Transcript } from './transcript.service.ts';

const font = readFileSync(new URL('../../static/fonts/NotoSans-Regular.ttf', import.meta.url));
const bold = readFileSync(new URL('../../static/fonts/NotoSans-Bold.ttf', import.meta.url));

export function transcriptCsv(tr: Transcript, t: Translate): string {
  const header = ['course', 'courseTitle', 'courseVersion', 'completedAt', 'academicHours', 'score', 'certificate'].map((c) => t(`reports.columns.${c}`));
  const rows = tr.courses.map((c) => [c.courseId, c.title, c.version, c.completedAt, String(c.hours), String(c.score), c.certificate].map(inert));
  return stringify([header.map(inert), ...rows], { bom: true, record_delimiter: '\r\n' });
}

export function transcriptPdf(tr: Transcript, t: Translate, lang: Language, out: NodeJS.WritableStream): void {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${t('reports.transcript.title')}: ${tr.name}` } });
  doc.pipe(out);
  doc.registerFont('body', font);
  doc.registerFont('bold', bold);
  doc.font('bold').fontSize(18).text(t('reports.transcript.title'));
  doc.moveDown(0.5).font('body').fontSize(11);
  doc.text(`${tr.name}`);
  doc.text(`${tr.region}${tr.district ? `, ${tr.district}` : ''} · ${tr.school}${tr.position ? ` · ${tr.position}` : ''}`);
  doc.moveDown();
  doc.font('bold').text(`${tr.standardTitle} (${t('standards.version')} ${tr.standardVersion}): ${t(tr.standingKey)}`);
  doc.font('body');
  // met or not in words: Noto Sans has no ✓ or ✗, which printed as empty boxes
  for (const r of tr.requirements) doc.text(`${r.code} — ${r.title}: ${t(r.met ? 'reports.transcript.met' : 'reports.transcript.missing')}`);
  doc.moveDown();
  doc.font('bold').text(`${t('reports.transcript.courses')} · ${t('reports.transcript.totalHours', { hours: tr.totalHours })}`);
  doc.font('body');
  if (!tr.courses.length) doc.text(t('reports.transcript.none'));
  for (const c of tr.courses) {
    doc.moveDown(0.3).text(`${c.completedAt}  ${c.title} (${c.version})`);
    doc.text(`${t('reports.columns.academicHours')}: ${c.hours} · ${t('reports.columns.score')}: ${formatNumber(lang, c.score)}${c.certificate ? ` · ${t('reports.columns.certificate')}: ${c.certificate}` : ''}`, { indent: 20 });
  }
  doc.end();
}
