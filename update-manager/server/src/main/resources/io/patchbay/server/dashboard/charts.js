// Two small inline SVG charts drawn here (no chart library, nothing from another origin).
import { svg } from './dom.js';

/** Bars: how many clients run each patch level. */
export function levelChart(container, counts) {
  const width = 360;
  const height = 150;
  const pad = 24;
  const max = Math.max(1, ...counts.map((c) => c[1]));
  const slot = counts.length ? (width - 2 * pad) / counts.length : 0;
  const chart = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', id: 'level-svg',
    'aria-label': 'clients per patch level' });
  chart.append(svg('line', { class: 'axis', x1: pad, y1: height - pad, x2: width - pad, y2: height - pad }));
  counts.forEach(([level, count], i) => {
    const h = (height - 2 * pad) * count / max;
    const x = pad + i * slot + slot * 0.15;
    const w = slot * 0.7;
    chart.append(svg('rect', { class: 'bar', x, y: height - pad - h, width: w, height: h,
      'data-level': level, 'data-count': count }, svg('title', {}, `level ${level}: ${count} client(s)`)));
    chart.append(svg('text', { x: x + w / 2, y: height - pad + 14, 'text-anchor': 'middle' }, 'L' + level));
    chart.append(svg('text', { x: x + w / 2, y: height - pad - h - 4, 'text-anchor': 'middle' }, String(count)));
  });
  if (!counts.length) {
    chart.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'no clients yet'));
  }
  container.replaceChildren(chart);
}

/** Lines over time: a rollout's succeeded and failed clients, summed over its groups, from its progress history. */
export function progressChart(history) {
  const width = 420;
  const height = 140;
  const pad = 26;
  const chart = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'progress-svg',
    'aria-label': 'rollout progress over time' });
  chart.append(svg('line', { class: 'axis', x1: pad, y1: height - pad, x2: width - pad, y2: height - pad }));
  chart.append(svg('line', { class: 'axis', x1: pad, y1: pad / 2, x2: pad, y2: height - pad }));
  const points = cumulative(history || []);
  if (points.length === 0) {
    chart.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'no progress yet'));
    return chart;
  }
  // the counts hold until now: a flat line to the present instead of a lone point
  const last = points[points.length - 1];
  points.push({ t: Math.max(last.t + 1000, Date.now()), succeeded: last.succeeded, failed: last.failed });
  const t0 = points[0].t;
  const span = Math.max(1, points[points.length - 1].t - t0);
  const max = Math.max(1, ...points.map((p) => Math.max(p.succeeded, p.failed)));
  const x = (t) => pad + (width - 2 * pad) * (t - t0) / span;
  const y = (v) => height - pad - (height - 1.5 * pad) * v / max;
  for (const key of ['succeeded', 'failed']) {
    const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
    chart.append(svg('path', { class: 'line-' + key, d }, svg('title', {}, key)));
    points.slice(0, -1).forEach((p) => chart.append(svg('circle', { class: 'dot-' + key, cx: x(p.t).toFixed(1),
      cy: y(p[key]).toFixed(1), r: 3 })));
  }
  chart.append(svg('text', { x: width - pad, y: pad / 2 + 8, 'text-anchor': 'end', class: 'legend' },
    `succeeded ${last.succeeded} · failed ${last.failed}`));
  chart.append(svg('text', { x: pad, y: height - 6 }, new Date(t0).toISOString().substring(11, 19)));
  chart.append(svg('text', { x: width - pad, y: height - 6, 'text-anchor': 'end' },
    new Date(t0 + span).toISOString().substring(11, 19)));
  chart.append(svg('text', { x: 2, y: pad / 2 + 8 }, String(max)));
  return chart;
}

/** Each point: the latest counts of every group so far, summed. */
function cumulative(history) {
  const latest = new Map();
  const points = [];
  for (const entry of history) {
    if (entry.succeeded === null || entry.succeeded === undefined) {
      continue;
    }
    latest.set(entry.group, { succeeded: entry.succeeded || 0, failed: entry.failed || 0 });
    let succeeded = 0;
    let failed = 0;
    for (const v of latest.values()) {
      succeeded += v.succeeded;
      failed += v.failed;
    }
    points.push({ t: Date.parse(entry.at), succeeded, failed });
  }
  return points;
}
