/*
 * workbench/chart.js: the two small inline-SVG charts the workbenches draw:
 * a line chart per epoch (the tune task's loss curve and validation F1) and
 * a histogram (scores of model outputs in a test task). Each is role="img"
 * with a <title> and a <desc> that lists the numbers, and every point or bar
 * carries a mark or a number, so colour is never the only signal.
 */
import { h, s, uid } from '../dom.js';
import { fmtNum } from '../i18n.js';

const W = 560;

function frame(title, desc, height) {
	const tId = uid('svgt');
	const dId = uid('svgd');
	return s('svg', {
		class: 'chart wb-chart', viewBox: `0 0 ${W} ${height}`, role: 'img',
		'aria-labelledby': `${tId} ${dId}`, preserveAspectRatio: 'xMinYMin meet',
	}, s('title', { id: tId }, title), s('desc', { id: dId }, desc));
}

/*
 * A line chart over epochs 1..n. series: [{name, values, cls}]; yMin/yMax
 * fix the scale (else taken from the data); xLabel names the x axis.
 */
export function lineChart({ title, series, yMin, yMax, xLabel, empty }) {
	const height = 230;
	const left = 52;
	const right = 16;
	const top = 30;
	const bottom = height - 34;
	const n = Math.max(0, ...series.map((x) => x.values.length));
	const all = series.flatMap((x) => x.values.filter((v) => Number.isFinite(Number(v))).map(Number));
	let lo = yMin ?? (all.length ? Math.min(...all) : 0);
	let hi = yMax ?? (all.length ? Math.max(...all) : 1);
	if (yMin === undefined) lo = Math.min(0, lo);
	if (hi <= lo) hi = lo + 1;
	const desc = n ? series.map((x) => `${x.name}: ${x.values.map((v, i) => `${i + 1}: ${fmtNum(v, 4)}`).join(', ')}`).join('; ') : (empty || '');
	const svg = frame(title, desc, height);
	const xs = (i) => left + (n <= 1 ? 0 : (i / (n - 1)) * (W - left - right));
	const ys = (v) => bottom - ((Number(v) - lo) / (hi - lo)) * (bottom - top);
	svg.appendChild(s('line', { x1: left, y1: bottom, x2: W - right, y2: bottom, class: 'axis' }));
	svg.appendChild(s('line', { x1: left, y1: top, x2: left, y2: bottom, class: 'axis' }));
	[lo, (lo + hi) / 2, hi].forEach((v) => {
		svg.appendChild(s('text', { x: left - 6, y: ys(v) + 4, class: 'chart-value', 'text-anchor': 'end' }, fmtNum(v, 3)));
		svg.appendChild(s('line', { x1: left, y1: ys(v), x2: W - right, y2: ys(v), class: 'grid-line' }));
	});
	if (n) {
		const step = Math.max(1, Math.ceil(n / 10));
		for (let i = 0; i < n; i += step) {
			svg.appendChild(s('text', { x: xs(i), y: bottom + 16, class: 'chart-value', 'text-anchor': 'middle' }, String(i + 1)));
		}
	}
	if (xLabel) svg.appendChild(s('text', { x: W - right, y: height - 4, class: 'chart-label', 'text-anchor': 'end' }, xLabel));
	series.forEach((ser, si) => {
		const pts = ser.values.map((v, i) => [xs(i), ys(v)]).filter((p) => Number.isFinite(p[1]));
		if (pts.length > 1) {
			svg.appendChild(s('polyline', { points: pts.map((p) => p.join(',')).join(' '), class: `line line-${si}` }));
		}
		pts.forEach(([x, y]) => {
			svg.appendChild(si === 0 ? s('circle', { cx: x, cy: y, r: 3, class: `dot dot-${si}` })
				: s('rect', { x: x - 3, y: y - 3, width: 6, height: 6, class: `dot dot-${si}` }));
		});
		/* legend: a solid circle for the first series, a square for the second */
		const lx = left + 8 + si * 200;
		svg.appendChild(si === 0 ? s('circle', { cx: lx + 5, cy: 14, r: 4, class: `dot dot-${si}` })
			: s('rect', { x: lx + 1, y: 10, width: 8, height: 8, class: `dot dot-${si}` }));
		svg.appendChild(s('text', { x: lx + 14, y: 18, class: 'chart-label' }, ser.name));
	});
	if (!n && empty) svg.appendChild(s('text', { x: (left + W) / 2, y: (top + bottom) / 2, class: 'chart-label', 'text-anchor': 'middle' }, empty));
	return svg;
}

/* A histogram of values in [lo, hi] with `bins` bins; each bar carries its count. */
export function histogram({ title, values, lo = 0, hi = 1, bins = 10, xLabel }) {
	const counts = new Array(bins).fill(0);
	values.forEach((v) => {
		const x = Number(v);
		if (!Number.isFinite(x)) return;
		const k = Math.min(bins - 1, Math.max(0, Math.floor(((x - lo) / (hi - lo)) * bins)));
		counts[k] += 1;
	});
	const height = 220;
	const left = 40;
	const bottom = height - 34;
	const top = 20;
	const plotW = W - left - 16;
	const maxCount = Math.max(1, ...counts);
	const edge = (i) => lo + ((hi - lo) * i) / bins;
	const desc = counts.map((c, i) => `${fmtNum(edge(i), 2)}–${fmtNum(edge(i + 1), 2)}: ${c}`).join('; ');
	const svg = frame(title, desc, height);
	const bw = plotW / bins;
	counts.forEach((c, i) => {
		const x = left + i * bw;
		const hgt = (c / maxCount) * (bottom - top);
		svg.appendChild(s('rect', { x: x + 2, y: bottom - hgt, width: bw - 4, height: hgt, class: 'bar bar-0' }));
		if (c > 0) svg.appendChild(s('text', { x: x + bw / 2, y: bottom - hgt - 4, class: 'chart-value', 'text-anchor': 'middle' }, String(c)));
		svg.appendChild(s('text', { x, y: bottom + 16, class: 'chart-value', 'text-anchor': 'middle' }, fmtNum(edge(i), 2)));
	});
	svg.appendChild(s('text', { x: left + plotW, y: bottom + 16, class: 'chart-value', 'text-anchor': 'middle' }, fmtNum(hi, 2)));
	svg.appendChild(s('line', { x1: left, y1: bottom, x2: left + plotW, y2: bottom, class: 'axis' }));
	if (xLabel) svg.appendChild(s('text', { x: left + plotW, y: height - 2, class: 'chart-label', 'text-anchor': 'end' }, xLabel));
	return svg;
}

/* Vertical bars of counts per category: rows [{label, value}]. */
export function countBars({ title, rows }) {
	const height = 200;
	const left = 36;
	const bottom = height - 40;
	const top = 16;
	const plotW = W - left - 10;
	const max = Math.max(1, ...rows.map((r) => Number(r.value) || 0));
	const desc = rows.map((r) => `${r.label}: ${r.value}`).join('; ');
	const svg = frame(title, desc, height);
	const bw = rows.length ? plotW / rows.length : plotW;
	rows.forEach((r, i) => {
		const x = left + i * bw;
		const hgt = ((Number(r.value) || 0) / max) * (bottom - top);
		svg.appendChild(s('rect', { x: x + 3, y: bottom - hgt, width: Math.max(1, bw - 6), height: hgt, class: 'bar bar-0' }));
		svg.appendChild(s('text', { x: x + bw / 2, y: bottom - hgt - 4, class: 'chart-value', 'text-anchor': 'middle' }, String(r.value)));
		const label = String(r.label);
		svg.appendChild(s('text', { x: x + bw / 2, y: bottom + 16, class: 'chart-label', 'text-anchor': 'middle' },
			s('title', {}, label), label.length > 8 ? `${label.slice(0, 7)}…` : label));
	});
	svg.appendChild(s('line', { x1: left, y1: bottom, x2: left + plotW, y2: bottom, class: 'axis' }));
	return svg;
}

/* A chart in a <figure> with its title as a visible caption. */
export function figure(svg, caption) {
	return h('figure', { class: 'chart-card wb-figure' }, h('figcaption', {}, caption), svg);
}
