/** A small horizontal bar chart in inline SVG: no chart library for one picture. */
import { svg } from '../dom.js';

export interface Bar {
  label: string;
  /** Stacked parts, drawn left to right, each with its CSS class (colour). */
  parts: { value: number; className: string; title: string }[];
}

export function barChart(bars: readonly Bar[], width = 560): SVGSVGElement {
  const rowHeight = 26;
  const labelWidth = 150;
  const height = Math.max(1, bars.length) * rowHeight + 8;
  const max = Math.max(1, ...bars.map((b) => b.parts.reduce((s, p) => s + p.value, 0)));
  const scale = (width - labelWidth - 40) / max;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'chart', role: 'img' });
  bars.forEach((bar, i) => {
    const y = i * rowHeight + 4;
    chart.append(svg('text', { x: labelWidth - 8, y: y + 16, 'text-anchor': 'end', class: 'chart-label' }, bar.label));
    let x = labelWidth;
    for (const part of bar.parts) {
      if (part.value <= 0) continue;
      const w = Math.max(2, part.value * scale);
      chart.append(
        svg(
          'rect',
          { x, y: y + 3, width: w, height: rowHeight - 10, rx: 3, class: part.className },
          svg('title', {}, part.title),
        ),
      );
      x += w;
    }
    const total = bar.parts.reduce((s, p) => s + p.value, 0);
    chart.append(svg('text', { x: x + 6, y: y + 16, class: 'chart-value' }, String(total)));
  });
  return chart;
}
