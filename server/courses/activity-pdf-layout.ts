// The page layout of an activity template: text runs with bold, list markers, lines to write on
// and tables with room to fill in by hand, placed with PDFKit inside 2 cm margins on A4.
import type MarkdownIt from 'markdown-it';

type Token = ReturnType<MarkdownIt['parse']>[number];

export interface Run {
  text: string;
  bold: boolean;
}

export const MARGIN = 56; // 2 cm
export const BODY = 11;
export const headingSize: Record<string, number> = { h1: 16, h2: 14, h3: 12.5 };
const MIN_ROW = 24; // room to write a line by hand

export function runsOf(inline: Token | undefined): Run[] {
  const runs: Run[] = [];
  let bold = 0;
  let href = '';
  let linkText = '';
  for (const t of inline?.children ?? []) {
    if (t.type === 'strong_open') bold += 1;
    else if (t.type === 'strong_close') bold -= 1;
    else if (t.type === 'text' || t.type === 'code_inline') {
      runs.push({ text: t.content, bold: bold > 0 });
      linkText += t.content;
    } else if (t.type === 'softbreak') runs.push({ text: ' ', bold: bold > 0 });
    else if (t.type === 'hardbreak') runs.push({ text: '\n', bold: bold > 0 });
    else if (t.type === 'link_open') {
      href = t.attrGet('href') ?? '';
      linkText = '';
    } else if (t.type === 'link_close' && href && href !== linkText && !href.startsWith('#')) {
      // On paper a link is only useful if its address is printed.
      runs.push({ text: ` (${href.replace(/^mailto:/, '')})`, bold: false });
    }
  }
  return runs.filter((r) => r.text);
}

export const plain = (runs: readonly Run[]) => runs.map((r) => r.text).join('');

export class Layout {
  indent = 0;
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  get left(): number {
    return MARGIN + this.indent;
  }
  get width(): number {
    return this.doc.page.width - 2 * MARGIN - this.indent;
  }
  private get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  room(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  text(runs: readonly Run[], size = BODY, after = 6, boldAll = false): void {
    const { doc } = this;
    if (!runs.length) return;
    doc.fontSize(size);
    this.room(doc.currentLineHeight(true));
    const y = doc.y;
    runs.forEach((run, i) => {
      doc.font(run.bold || boldAll ? 'bold' : 'regular');
      const options = { width: this.width, continued: i < runs.length - 1, lineGap: 2 };
      if (i === 0) doc.text(run.text, this.left, y, options);
      else doc.text(run.text, options);
    });
    doc.y += after;
  }

  marker(label: string): void {
    const { doc } = this;
    doc.font('regular').fontSize(BODY);
    this.room(doc.currentLineHeight(true));
    const y = doc.y;
    doc.text(label, this.left - 16, y, { width: 14, lineBreak: false });
    doc.y = y;
  }

  rule(): void {
    const { doc } = this;
    this.room(MIN_ROW);
    doc.y += MIN_ROW - 6;
    doc.moveTo(this.left, doc.y).lineTo(this.left + this.width, doc.y).lineWidth(0.6).strokeColor('#444444').stroke();
    doc.y += 10;
  }

  table(rows: readonly { header: boolean; cells: string[] }[]): void {
    const { doc } = this;
    const columns = Math.max(...rows.map((r) => r.cells.length));
    const weights = Array.from({ length: columns }, (_, j) => Math.min(40, Math.max(8, ...rows.map((r) => (r.cells[j] ?? '').length))));
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (this.width * w) / total);
    const pad = 4;
    const header = rows.find((r) => r.header);
    const drawRow = (row: { header: boolean; cells: string[] }) => {
      doc.fontSize(10).font(row.header ? 'bold' : 'regular');
      const heights = widths.map((w, j) => doc.heightOfString(row.cells[j] || ' ', { width: w - 2 * pad }));
      const height = Math.max(MIN_ROW, ...heights.map((h) => h + 2 * pad));
      if (doc.y + height > this.bottom) {
        doc.addPage();
        if (header && header !== row) drawRow(header);
        doc.fontSize(10).font(row.header ? 'bold' : 'regular');
      }
      const y = doc.y;
      let x = this.left;
      widths.forEach((w, j) => {
        if (row.header) doc.rect(x, y, w, height).fillColor('#eeeeee').fill();
        doc.rect(x, y, w, height).lineWidth(0.6).strokeColor('#444444').stroke();
        doc.fillColor('#000000').text(row.cells[j] ?? '', x + pad, y + pad, { width: w - 2 * pad });
        x += w;
      });
      doc.x = this.left;
      doc.y = y + height;
    };
    for (const row of rows) drawRow(row);
    doc.y += 8;
  }
}
