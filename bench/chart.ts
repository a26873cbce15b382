/** A small line chart as standalone SVG: time against history size, one line per way of decoding. */

export interface Series {
  name: string;
  color: string;
  points: Array<{ x: number; y: number }>;
}

export interface ChartText {
  title: string;
  xLabel: string;
  yLabel: string;
}

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 64, right: 180, top: 40, bottom: 52 };

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Round numbers for the axis: 1, 2 or 5 times a power of ten, about five steps up to `max`. */
function ticks(max: number): number[] {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step);
}

const number = (x: number) => (x >= 1000 && x % 1000 === 0 ? `${x / 1000}k` : String(Number(x.toPrecision(3))));

export function lineChart(series: Series[], text: ChartText): string {
  const xs = ticks(Math.max(...series.flatMap((s) => s.points.map((p) => p.x))));
  const ys = ticks(Math.max(...series.flatMap((s) => s.points.map((p) => p.y))));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + (x / xs.at(-1)!) * plotW;
  const py = (y: number) => MARGIN.top + plotH - (y / ys.at(-1)!) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escape(text.title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="14" font-weight="600">${escape(text.title)}</text>`,
  ];
  for (const y of ys) {
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${py(y)}" y2="${py(y)}" stroke="#e4e4e7"/>`);
    parts.push(`<text x="${MARGIN.left - 8}" y="${py(y) + 4}" text-anchor="end" fill="#52525b">${number(y)}</text>`);
  }
  for (const x of xs) {
    parts.push(`<text x="${px(x)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle" fill="#52525b">${number(x)}</text>`);
  }
  parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${py(0)}" y2="${py(0)}" stroke="#71717a"/>`);
  parts.push(`<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle" fill="#3f3f46">${escape(text.xLabel)}</text>`);
  parts.push(`<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#3f3f46">${escape(text.yLabel)}</text>`);
  series.forEach((s, i) => {
    const points = [...s.points].sort((a, b) => a.x - b.x);
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2.5" points="${points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`);
    for (const p of points) parts.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="4" fill="${s.color}"><title>${escape(`${s.name}: ${number(p.x)} events, ${p.y.toFixed(1)}`)}</title></circle>`);
    const legendY = MARGIN.top + 10 + i * 22;
    parts.push(`<line x1="${WIDTH - MARGIN.right + 16}" x2="${WIDTH - MARGIN.right + 40}" y1="${legendY}" y2="${legendY}" stroke="${s.color}" stroke-width="2.5"/>`);
    parts.push(`<text x="${WIDTH - MARGIN.right + 46}" y="${legendY + 4}" fill="#18181b">${escape(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
