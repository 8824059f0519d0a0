// The certificate as a PDF/A-1b document: A4 landscape, Kazakh and Russian (and English for a
// teacher who reads English), Noto Sans embedded (every Kazakh letter), a vector QR code. The same
// certificate always gives the same bytes: dates, the file ID and the metadata are fixed from the
// certificate itself. The fonts are parsed once per process and their text layout is shared between
// documents, so a certificate costs little more than writing its own text and QR code.
import PDFDocument from 'pdfkit';
import { formatNumber, translator, type Language } from '../../i18n/index.ts';
import type { CertificateDoc } from '../certificate.model.ts';
import { MAX_QR_VERSION, qrRuns, qrVersion } from './qr.ts';
import { certificateFonts, prepareFont } from './fonts.ts';

export interface RenderInput {
  certificate: Pick<CertificateDoc, 'serial' | 'code' | 'holderName' | 'lang' | 'title' | 'version' | 'academicHours' | 'standards' | 'score' | 'completedAt' | 'issuedAt' | 'jws'>;
  /** BASE_URL/verify/<code> */
  verifyUrl: string;
}

const W = 841.89;
const H = 595.28;
const INK = '#1f2d3d';
const ACCENT = '#0b6e69';
const MUTED = '#4a5a6a';

const almaty = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Almaty', day: '2-digit', month: '2-digit', year: 'numeric' });
export const printedDate = (d: Date) => almaty.format(d).replace(/\//g, '.');

/**
 * What the QR code carries: the verify URL, and after `#` (never sent to the server) the signed
 * proof. Should the two need a QR code above version 17 (a name of some 70 letters on a site with a
 * long address), the code carries the URL alone: the proof is still in the PDF's metadata and on
 * the verify page.
 */
export function qrText(verifyUrl: string, jws: string): string {
  const full = `${verifyUrl}#${jws}`;
  return qrVersion(full) <= MAX_QR_VERSION ? full : verifyUrl;
}

/** Languages printed: Kazakh and Russian always, English too when it is the holder's language. */
export const printedLanguages = (lang: string): Language[] => (lang === 'en' ? ['kk', 'ru', 'en'] : ['kk', 'ru']);

type Doc = PDFKit.PDFDocument;

/** Writes `text` centred at `y`, shrinking the type from `size` until it fits `width` (never below `min`). */
function fitted(doc: Doc, font: string, text: string, y: number, size: number, width: number, min = 8): number {
  doc.font(font);
  let s = size;
  while (s > min && doc.fontSize(s).widthOfString(text) > width) s = Math.max(min, Math.floor(s * 0.92 * 10) / 10);
  doc.fontSize(s).text(text, (W - width) / 2, y, { width, align: 'center', lineBreak: false });
  return s;
}

/** A label over its value, each shrunk to one line of `width`. */
function line(doc: Doc, labels: string[], value: string, x: number, y: number, width: number): void {
  const one = (font: string, text: string, size: number, top: number) => {
    let s = size;
    doc.font(font);
    while (s > 6 && doc.fontSize(s).widthOfString(text) > width) s -= 0.5;
    doc.fontSize(s).text(text, x, top, { width: width + 1, lineBreak: false });
  };
  doc.fillColor(MUTED);
  one('regular', labels.join(' / '), 9.5, y);
  doc.fillColor(INK);
  one('bold', value, 11.5, y + 13);
}

function drawQr(doc: Doc, verifyUrl: string, jws: string, x: number, y: number, side: number): number {
  let qr = qrRuns(`${verifyUrl}#${jws}`);
  if (qr.version > MAX_QR_VERSION) qr = qrRuns(verifyUrl); // as qrText() decides
  const { size, runs, version } = qr;
  const quiet = 4;
  const m = side / (size + 2 * quiet);
  doc.rect(x, y, side, side).fill('#ffffff');
  for (const [row, col, len] of runs) doc.rect(x + (col + quiet) * m, y + (row + quiet) * m, len * m, m);
  doc.fill('#000000');
  return version;
}

/** Renders one certificate; resolves the PDF's bytes. */
export async function renderCertificate(input: RenderInput): Promise<Buffer> {
  const { certificate: c, verifyUrl } = input;
  const langs = printedLanguages(c.lang);
  const t = langs.map((l) => translator(l));
  const all = (key: string, params?: Record<string, unknown>) => t.map((tr) => tr(key, params));
  const fonts = certificateFonts();
  const stamp = new Date(c.issuedAt.getTime() - (c.issuedAt.getTime() % 1000));
  const clean = (s: string) => s.replace(/[<>&]/g, ' ');
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    pdfVersion: '1.4',
    subset: 'PDF/A-1b',
    lang: 'kk',
    compress: true,
    // no default font: PDFKit would parse Helvetica's AFM file for every document, and never use it
    font: null,
    autoFirstPage: true,
    info: {
      Title: clean(`${t[0]!('certificates.pdf.title')} ${c.serial}`),
      Author: clean(t[0]!('certificates.issuer')),
      Subject: clean(`${c.holderName} — ${c.title.kk}`),
      Keywords: c.jws,
      Creator: 'Qorgau',
      Producer: 'Qorgau (PDFKit)',
      CreationDate: stamp,
    },
  } as unknown as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.regular as never);
  doc.registerFont('bold', fonts.bold as never);
  prepareFont(doc, 'regular');
  prepareFont(doc, 'bold');
  // PDF/A: the XMP metadata states the same modification date as the document information
  doc.appendXML(`
        <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
            <xmp:ModifyDate>${stamp.toISOString().split('.')[0]}Z</xmp:ModifyDate>
        </rdf:Description>
        `);
  (doc as unknown as { info: Record<string, unknown> }).info.ModDate = stamp;

  doc.lineWidth(2).strokeColor(ACCENT).rect(24, 24, W - 48, H - 48).stroke();
  doc.lineWidth(0.6).rect(32, 32, W - 64, H - 64).stroke();

  fitted(doc, 'bold', all('certificates.issuer').filter((v, i, a) => a.indexOf(v) === i).join(' · '), 52, 11, 700);
  doc.fillColor(ACCENT);
  fitted(doc, 'bold', [...new Set(all('certificates.pdf.title'))].join(' · '), 78, 30, 700);
  doc.fillColor(MUTED);
  fitted(doc, 'regular', all('certificates.pdf.awardedTo').join(' / '), 128, 11, 700);
  doc.fillColor(INK);
  fitted(doc, 'bold', c.holderName, 150, 28, 720, 9);
  doc.fillColor(MUTED);
  fitted(doc, 'regular', all('certificates.pdf.forCourse').join(' / '), 200, 11, 700);
  doc.fillColor(INK);
  langs.forEach((l, i) => fitted(doc, i === 0 ? 'bold' : 'regular', c.title[l] || c.title.ru, 220 + i * 22, i === 0 ? 17 : 14, 720, 7));

  const top = 300;
  const col = (i: number) => 60 + i * 250;
  line(doc, all('certificates.pdf.hours'), String(c.academicHours), col(0), top, 240);
  line(doc, all('certificates.pdf.standard'), c.standards.join(', ') || '—', col(1), top, 240);
  line(doc, all('certificates.pdf.version'), c.version, col(2), top, 240);
  line(doc, all('certificates.pdf.completed'), printedDate(c.completedAt), col(0), top + 44, 240);
  line(doc, all('certificates.pdf.score'), `${formatNumber(langs[0]!, c.score)}%`, col(1), top + 44, 240);
  line(doc, all('certificates.pdf.issued'), printedDate(c.issuedAt), col(2), top + 44, 240);
  line(doc, all('certificates.pdf.serial'), c.serial, col(0), top + 88, 240);
  line(doc, all('certificates.pdf.code'), c.code, col(1), top + 88, 380);

  const side = 118;
  const qx = W - 60 - side;
  const qy = H - 60 - side;
  drawQr(doc, verifyUrl, c.jws, qx, qy, side);
  doc.font('regular').fontSize(8.5).fillColor(MUTED);
  doc.text(all('certificates.pdf.scan').join(' / '), 60, qy + 52, { width: qx - 80, lineBreak: false });
  doc.font('bold').fontSize(9.5).fillColor(INK).text(verifyUrl, 60, qy + 66, { width: qx - 80, lineBreak: false });
  doc.font('regular').fontSize(8.5).fillColor(MUTED).text(all('certificates.pdf.issuedBy').join(' / ') + ': ' + t[0]!('certificates.issuer'), 60, qy + 84, { width: qx - 80, lineBreak: false });
  doc.end();
  return done;
}
