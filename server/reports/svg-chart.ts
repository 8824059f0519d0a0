// Charts drawn on the server as SVG: no chart JavaScript, presentation attributes only (the CSP
// allows no inline style), a title and description for assistive technology, and always a table
// beside them with the same figures.

export interface Bar {
  label: string;
  value: number;
  /** the figure printed at the end of the bar, e.g. "74 %" */
  text: string;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const COLOURS = ['#1d4f91', '#2f7d32', '#b35c00', '#8e244d', '#4a4a4a'];

/** Horizontal bars, one per row; `max` is the value of a full-width bar. */
export function barChart(id: string, title: string, bars: readonly Bar[], max: number, colour = COLOURS[0]!): string {
  const labelWidth = 230;
  const barWidth = 330;
  const row = 24;
  const height = Math.max(1, bars.length) * row + 8;
  const scale = max > 0 ? barWidth / max : 0;
  const parts = bars.map((b, i) => {
    const y = 4 + i * row;
    const w = Math.max(b.value > 0 ? 1 : 0, Math.round(b.value * scale));
    const label = b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label;
    return `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end" font-size="12" fill="#222">${escape(label)}</text><rect x="${labelWidth}" y="${y + 3}" width="${w}" height="16" fill="${colour}"/><text x="${labelWidth + w + 4}" y="${y + 15}" font-size="12" fill="#222">${escape(b.text)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 ${height}" width="100%" role="img" aria-labelledby="${id}-t"><title id="${id}-t">${escape(title)}</title>${parts.join('')}</svg>`;
}

/** Vertical columns in order (a trend over months); every third label is printed. */
export function columnChart(id: string, title: string, bars: readonly Bar[], colour = COLOURS[1]!): string {
  const height = 200;
  const base = 170;
  const width = 640;
  const step = bars.length ? (width - 20) / bars.length : 0;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const parts = bars.map((b, i) => {
    const h = Math.round((b.value / max) * 150);
    const x = 10 + i * step;
    const label = i % 3 === 0 ? `<text x="${x + step / 2}" y="${base + 16}" text-anchor="middle" font-size="10" fill="#222">${escape(b.label)}</text>` : '';
    return `<rect x="${x + 2}" y="${base - h}" width="${Math.max(1, step - 4)}" height="${h}" fill="${colour}"><title>${escape(`${b.label}: ${b.text}`)}</title></rect>${label}`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-t"><title id="${id}-t">${escape(title)}</title><line x1="8" y1="${base}" x2="${width - 8}" y2="${base}" stroke="#666"/>${parts.join('')}</svg>`;
}
