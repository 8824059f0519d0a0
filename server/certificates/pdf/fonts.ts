// Noto Sans (static/fonts, every Kazakh letter), parsed once per process, with what certificates
// repeat done once too. PDFKit accepts a parsed font object as well as a file, so a certificate
// does not re-read 500 KB of TrueType. Each document's font subset starts with the same glyphs
// (every letter of the Kazakh, Russian and English alphabets, digits, punctuation) in the same
// order, so the subset — the costliest part of a PDF with embedded fonts — is built and compressed
// once and reused byte for byte; a name with a letter outside that set just makes its own subset.
// Words are shaped once per process (a shared layout cache), not once per document.
import { deflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

const fontFile = (name: string) => fileURLToPath(new URL(`../../../static/fonts/${name}`, import.meta.url));
export const FONT_FILES = { regular: fontFile('NotoSans-Regular.ttf'), bold: fontFile('NotoSans-Bold.ttf') } as const;
export type FontName = keyof typeof FONT_FILES;

interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
export interface FontkitFont {
  layout: unknown;
  glyphForCodePoint(cp: number): Glyph;
  hasGlyphForCodePoint(cp: number): boolean;
}
interface Subset {
  glyphs: number[];
  includeGlyph(id: number): number;
  encode(): Uint8Array;
}
interface EmbeddedFont {
  font: FontkitFont;
  scale: number;
  subset: Subset;
  widths: number[];
  unicode: number[][];
  layoutCache?: Record<string, unknown>;
  document: { ref(data?: Record<string, unknown>): unknown };
  embed(): void;
}
type DocInternals = PDFKit.PDFDocument & { _font: EmbeddedFont };

// Latin, Cyrillic with every Kazakh letter (Ә Ғ Қ Ң Ө Ұ Ү Һ І), and the punctuation of names and titles
const ranges: [number, number][] = [
  [0x20, 0x7e],
  [0xa0, 0xbf],
  [0x400, 0x45f],
  [0x2010, 0x2027],
];
const kazakh = [0x492, 0x493, 0x49a, 0x49b, 0x4a2, 0x4a3, 0x4ae, 0x4af, 0x4b0, 0x4b1, 0x4ba, 0x4bb, 0x4d8, 0x4d9, 0x4e8, 0x4e9, 0x2116];
export const baseCodePoints: readonly number[] = [...ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i)), ...kazakh];

function parse(file: string): FontkitFont {
  const scratch = new PDFDocument({ autoFirstPage: false }) as DocInternals;
  scratch.font(readFileSync(file));
  return scratch._font.font;
}

interface Prepared {
  font: FontkitFont;
  base: Glyph[];
  layout: Record<string, unknown>;
  subsets: Map<string, Buffer>;
}
const prepared = new Map<FontName, Prepared>();

function preparedFont(name: FontName): Prepared {
  let p = prepared.get(name);
  if (!p) {
    const font = parse(FONT_FILES[name]);
    const base = baseCodePoints.filter((cp) => font.hasGlyphForCodePoint(cp)).map((cp) => font.glyphForCodePoint(cp));
    p = { font, base, layout: Object.create(null) as Record<string, unknown>, subsets: new Map() };
    prepared.set(name, p);
  }
  return p;
}

/** The parsed fonts, for `doc.registerFont(name, font)` and as a document's default font. */
export function certificateFonts(): Record<FontName, FontkitFont> {
  return { regular: preparedFont('regular').font, bold: preparedFont('bold').font };
}

/**
 * Readies a document's registered font: the shared layout cache (safe: certificates never justify
 * text, the only case in which PDFKit changes cached positions), the base glyphs in their fixed
 * order, with their widths (so PDF/A's CIDSet names every glyph embedded), and the cached subset.
 */
export function prepareFont(doc: PDFKit.PDFDocument, name: FontName): void {
  const p = preparedFont(name);
  const internals = doc as DocInternals;
  internals.font(name);
  const emb = internals._font;
  if (Object.keys(p.layout).length > 20_000) for (const key of Object.keys(p.layout)) delete p.layout[key];
  emb.layoutCache = p.layout;
  for (const glyph of p.base) {
    const gid = emb.subset.includeGlyph(glyph.id);
    emb.widths[gid] ??= glyph.advanceWidth * emb.scale;
    emb.unicode[gid] ??= glyph.codePoints;
  }
  const embed = emb.embed.bind(emb);
  emb.embed = () => {
    const key = emb.subset.glyphs.join(',');
    let bytes = p.subsets.get(key);
    if (!bytes) {
      bytes = deflateSync(emb.subset.encode());
      if (p.subsets.size > 64) p.subsets.clear();
      p.subsets.set(key, bytes);
    }
    const compressed = bytes;
    emb.subset.encode = () => compressed;
    // the font file is the first object embed() makes: mark it compressed already
    const document = emb.document;
    const ref = document.ref.bind(document);
    document.ref = (data?: Record<string, unknown>) => {
      document.ref = ref;
      return ref({ ...data, Filter: 'FlateDecode' });
    };
    embed();
  };
}
