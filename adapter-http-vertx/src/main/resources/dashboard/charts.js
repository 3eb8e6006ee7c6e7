// Bar charts as small hand-written SVG: a few dozen lines instead of a charting library.
import { h } from './ui.js';

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

/**
 * A bar chart of `points` ([{t: Date, v: number}]), one bar per bucket, with the maximum and the
 * first and last times as labels; each bar has a <title> (the browser's tooltip). `error` colours
 * the bars as errors. The figure's label (for screen readers) sums the values.
 */
export function barChart(title, points, format = (v) => String(v), error = false) {
  const width = 600;
  const height = 150;
  const top = 14;
  const bottom = 18;
  const max = Math.max(1, ...points.map((p) => p.v));
  const slot = width / Math.max(1, points.length);
  const total = points.reduce((a, p) => a + p.v, 0);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `${title}: ${format(total)} in total` });
  svg.append(s('line', { x1: 0, x2: width, y1: height - bottom, y2: height - bottom }));
  points.forEach((p, i) => {
    const bh = ((height - top - bottom) * p.v) / max;
    const bar = s('rect', { class: 'b' + (error ? ' err' : ''), x: i * slot + 1, y: height - bottom - bh, width: Math.max(1, slot - 2), height: bh });
    bar.append(s('title', {}, `${p.t.toLocaleString()}: ${format(p.v)}`));
    svg.append(bar);
  });
  svg.append(s('text', { class: 'axis', x: 2, y: 10 }, 'max ' + format(max)));
  if (points.length) {
    const fmt = (d) => d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    svg.append(s('text', { class: 'axis', x: 2, y: height - 4 }, fmt(points[0].t)));
    svg.append(s('text', { class: 'axis', x: width - 2, y: height - 4, 'text-anchor': 'end' }, fmt(points[points.length - 1].t)));
  }
  return h('figure', { class: 'chart panel' }, h('h2', {}, title, ' ', h('span', { class: 'muted' }, '(' + format(total) + ')')), svg);
}

/**
 * Fills the whole buckets between `from` and `to` (hour or day steps) from API rows, summing
 * `value(row)` over the rows of each bucket (every group when `group` is undefined).
 */
export function series(rows, from, to, stepMs, value, group) {
  const sums = new Map();
  for (const r of rows) {
    if (group !== undefined && r.group !== group) continue;
    const t = new Date(r.bucket_start).getTime();
    sums.set(t, (sums.get(t) || 0) + value(r));
  }
  const points = [];
  for (let t = from.getTime(); t < to.getTime(); t += stepMs) points.push({ t: new Date(t), v: sums.get(t) || 0 });
  return points;
}
