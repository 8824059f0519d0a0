// An activity template (stored Markdown) as a printable A4 PDF. PDFKit lays out what a template
// uses — headings, paragraphs with bold, lists, simple tables, block quotes, a rule as a line to
// write on — in Noto Sans embedded from static/fonts, whose glyphs cover every Kazakh letter (the
// PDF standard fonts have no Cyrillic at all). Empty table cells keep room to fill in by hand.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import PDFDocument from 'pdfkit';
import { BODY, headingSize, Layout, MARGIN, plain, runsOf } from './activity-pdf-layout.ts';

const parser = new MarkdownIt({ html: false, linkify: false, typographer: false });

const fontFile = (name: string) => fileURLToPath(new URL(`../../static/fonts/${name}`, import.meta.url));
let fonts: { regular: Buffer; bold: Buffer } | undefined;
// Read once per process: each document embeds only the glyphs it uses.
const loadFonts = () => (fonts ??= { regular: readFileSync(fontFile('NotoSans-Regular.ttf')), bold: readFileSync(fontFile('NotoSans-Bold.ttf')) });

export interface ActivitySheet {
  lang: string;
  title: string;
  courseTitle: string;
  markdown: string;
  createdAt: Date;
}

/**
 * Renders one template. Its first heading is left out when it is a level-1 `#` heading or only
 * repeats the activity's title: the sheet prints the activity's title from course.yaml above it, and
 * a template's own `#` title differed from that by a word in every built-in template, so each sheet
 * printed two titles.
 */
function renderBody(layout: Layout, markdown: string, title: string): void {
  const tokens = parser.parse(markdown, {});
  const lists: { ordered: boolean; n: number }[] = [];
  let pendingMarker: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    // a list item that opens with anything but a paragraph still gets its number, there and then
    if (pendingMarker && !['paragraph_open', 'list_item_open', 'hr'].includes(token.type) && token.block && token.nesting !== -1) {
      layout.marker(pendingMarker);
      pendingMarker = undefined;
    }
    switch (token.type) {
      case 'heading_open': {
        const runs = runsOf(tokens[i + 1]);
        const repeatsTitle = i === 0 && (token.tag === 'h1' || plain(runs).trim().toLowerCase() === title.trim().toLowerCase());
        if (!repeatsTitle) {
          layout.room(40);
          layout.text(runs, headingSize[token.tag] ?? BODY + 0.5, 4, true);
        }
        i += 2;
        break;
      }
      case 'paragraph_open':
        if (pendingMarker) layout.marker(pendingMarker);
        pendingMarker = undefined;
        layout.text(runsOf(tokens[i + 1]), BODY, lists.length ? 2 : 6);
        i += 2;
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push({ ordered: token.type === 'ordered_list_open', n: Number(token.attrGet('start') ?? 1) - 1 });
        layout.indent += 18;
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        layout.indent -= 18;
        if (!lists.length) layout.text([{ text: ' ', bold: false }], 4, 0);
        break;
      case 'list_item_open': {
        const list = lists[lists.length - 1]!;
        list.n += 1;
        pendingMarker = list.ordered ? `${list.n}.` : '•';
        break;
      }
      case 'blockquote_open':
        layout.indent += 14;
        break;
      case 'blockquote_close':
        layout.indent -= 14;
        break;
      case 'hr':
        // `5. ______` (a line to fill in) reads as a rule inside its item: printed as the line it is
        if (pendingMarker) {
          layout.marker(pendingMarker);
          pendingMarker = undefined;
          layout.text([{ text: '_'.repeat(44), bold: false }], BODY, 2);
        } else layout.rule();
        break;
      case 'fence':
      case 'code_block':
        layout.text([{ text: token.content.replace(/\n$/, ''), bold: false }]);
        break;
      case 'table_open': {
        const rows: { header: boolean; cells: string[] }[] = [];
        for (i += 1; i < tokens.length && tokens[i]!.type !== 'table_close'; i++) {
          const t = tokens[i]!;
          if (t.type === 'tr_open') rows.push({ header: false, cells: [] });
          else if (t.type === 'th_open' || t.type === 'td_open') {
            const row = rows[rows.length - 1]!;
            row.header = t.type === 'th_open';
            row.cells.push(plain(runsOf(tokens[i + 1])).trim());
          }
        }
        if (rows.length) layout.table(rows);
        break;
      }
      default:
        break;
    }
  }
}

/** The template as PDF bytes: A4, the course's name above the activity's title, page numbers below. */
export function renderActivityPdf(sheet: ActivitySheet): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const title = sheet.title;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: sheet.lang,
    displayTitle: true,
    info: { Title: title, Subject: sheet.courseTitle, Creator: 'Qorgau', CreationDate: sheet.createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  doc.font('regular').fontSize(9).fillColor('#555555').text(sheet.courseTitle, MARGIN, MARGIN, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.4);
  doc.font('bold').fontSize(18).fillColor('#000000').text(title, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.6);
  renderBody(new Layout(doc), sheet.markdown, sheet.title);

  const pages = doc.bufferedPageRange();
  for (let p = 0; p < pages.count; p++) {
    doc.switchToPage(pages.start + p);
    // Writing inside the bottom margin: without lifting it PDFKit would start a new page.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };
    doc.font('regular').fontSize(8).fillColor('#555555').text(`${p + 1} / ${pages.count}`, MARGIN, doc.page.height - MARGIN / 2 - 6, { width: doc.page.width - 2 * MARGIN, align: 'right', lineBreak: false });
    doc.page.margins = margins;
  }
  doc.end();
  return done;
}
