/*
 * svg.js: the few charts the UI draws, as inline SVG (no libraries).
 * Each chart is role="img" with a title and a text description, and every
 * bar carries its number as text, so colour is never the only signal.
 */
import { s, uid } from './dom.js';
import { fmtNum } from './i18n.js';

const W = 640;

function frame(title, desc, height) {
	const tId = uid('svgt');
	const dId = uid('svgd');
	const svg = s('svg', {
		class: 'chart', viewBox: `0 0 ${W} ${height}`, role: 'img',
		'aria-labelledby': `${tId} ${dId}`, preserveAspectRatio: 'xMinYMin meet',
	}, s('title', { id: tId }, title), s('desc', { id: dId }, desc));
	return svg;
}

function hatch(svg) {
	const id = uid('hatch');
	svg.appendChild(s('defs', {}, s('pattern', {
		id, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)',
	}, s('rect', { width: 6, height: 6, class: 'hatch-bg' }), s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' }))));
	return `url(#${id})`;
}

/* Approximate rendered width of one character: CJK characters are about twice as wide as Latin ones. */
function charWidth(ch) {
	return ch.codePointAt(0) > 0x2e80 ? 13 : 7;
}

function textWidth(text) {
	let w = 0;
	for (const ch of String(text)) w += charWidth(ch);
	return w;
}

/* The label column's width: wide enough for the longest label, within bounds that leave room for bars. */
function labelWidth(rows) {
	const longest = Math.max(0, ...rows.map((r) => textWidth(r.label)));
	return Math.min(Math.max(longest + 16, 120), Math.round(W * 0.45));
}

/* Clips a label to what fits in width pixels. */
function fit(text, width) {
	let w = 0;
	let out = '';
	for (const ch of String(text)) {
		w += charWidth(ch);
		if (w > width - 16) return `${out}…`;
		out += ch;
	}
	return out;
}

/*
 * Horizontal grouped bars. rows: [{label, values: [v1, v2]}]; series:
 * [{name}] (first solid, second hatched); max: the scale end; unit: suffix
 * for value labels (e.g. "%").
 */
export function groupedBars({ title, rows, series, max, unit = '' }) {
	const labelW = labelWidth(rows);
	const barH = 14;
	const gap = 4;
	const rowH = series.length * (barH + gap) + 12;
	const legendH = 26;
	const height = legendH + rows.length * rowH + 8;
	const desc = rows.map((r) => `${r.label}: ${r.values.map((v, i) => `${series[i].name} ${fmtNum(v)}${unit}`).join(', ')}`).join('; ');
	const svg = frame(title, desc, height);
	const fills = ['', hatch(svg)];
	const scale = (W - labelW - 70) / (max || 1);
	series.forEach((ser, i) => {
		const x = labelW + i * 180;
		svg.appendChild(s('rect', { x, y: 6, width: 14, height: 14, class: `bar bar-${i}`, fill: fills[i] || null }));
		svg.appendChild(s('text', { x: x + 20, y: 18, class: 'chart-label' }, ser.name));
	});
	rows.forEach((r, ri) => {
		const y0 = legendH + ri * rowH;
		svg.appendChild(s('text', { x: labelW - 8, y: y0 + rowH / 2, class: 'chart-label', 'text-anchor': 'end', 'dominant-baseline': 'middle' },
			s('title', {}, r.label), fit(r.label, labelW)));
		r.values.forEach((v, i) => {
			const y = y0 + 4 + i * (barH + gap);
			const w = Math.max(0, (Number(v) || 0) * scale);
			svg.appendChild(s('rect', { x: labelW, y, width: w, height: barH, class: `bar bar-${i}`, fill: fills[i] || null }));
			svg.appendChild(s('text', { x: labelW + w + 4, y: y + barH - 3, class: 'chart-value' }, `${fmtNum(v)}${unit}`));
		});
	});
	svg.appendChild(s('line', { x1: labelW, y1: legendH, x2: labelW, y2: height - 4, class: 'axis' }));
	return svg;
}

/* Horizontal bars of earned out of max per row: [{label, earned, max}]. */
export function scoreBars({ title, rows }) {
	const labelW = labelWidth(rows);
	const barH = 16;
	const rowH = 26;
	const height = rows.length * rowH + 8;
	const desc = rows.map((r) => `${r.label}: ${fmtNum(r.earned)} / ${fmtNum(r.max)}`).join('; ');
	const svg = frame(title, desc, height);
	const trackW = W - labelW - 90;
	rows.forEach((r, i) => {
		const y = 4 + i * rowH;
		const frac = r.max > 0 ? Math.min(1, Math.max(0, r.earned / r.max)) : 0;
		svg.appendChild(s('text', { x: labelW - 8, y: y + barH - 3, class: 'chart-label', 'text-anchor': 'end' },
			s('title', {}, r.label), fit(r.label, labelW)));
		svg.appendChild(s('rect', { x: labelW, y, width: trackW, height: barH, class: 'track' }));
		svg.appendChild(s('rect', { x: labelW, y, width: trackW * frac, height: barH, class: 'bar bar-0' }));
		svg.appendChild(s('text', { x: labelW + trackW + 6, y: y + barH - 3, class: 'chart-value' }, `${fmtNum(r.earned)} / ${fmtNum(r.max)}`));
	});
	return svg;
}

/*
 * A histogram of scores 0..100 in bins of 10 with the pass mark as a dashed
 * vertical line. labels: {count, passMark} texts already translated.
 */
export function histogram({ title, scores, passMark, passLabel }) {
	const bins = new Array(10).fill(0);
	scores.forEach((sc) => {
		const v = Math.max(0, Math.min(100, Number(sc)));
		bins[Math.min(9, Math.floor(v / 10))] += 1;
	});
	const height = 240;
	const left = 40;
	const bottom = height - 30;
	const top = 40;
	const plotW = W - left - 20;
	const maxCount = Math.max(1, ...bins);
	const desc = bins.map((n, i) => `${i * 10}–${i === 9 ? 100 : i * 10 + 9}: ${n}`).join('; ') + `; ${passLabel}`;
	const svg = frame(title, desc, height);
	const bw = plotW / 10;
	const yScale = (bottom - top) / maxCount;
	bins.forEach((n, i) => {
		const x = left + i * bw;
		const hgt = n * yScale;
		const failing = (i + 1) * 10 <= passMark;
		svg.appendChild(s('rect', { x: x + 2, y: bottom - hgt, width: bw - 4, height: hgt, class: failing ? 'bar bar-fail' : 'bar bar-0' }));
		if (n > 0) svg.appendChild(s('text', { x: x + bw / 2, y: bottom - hgt - 4, class: 'chart-value', 'text-anchor': 'middle' }, String(n)));
		svg.appendChild(s('text', { x, y: bottom + 16, class: 'chart-label', 'text-anchor': 'middle' }, String(i * 10)));
	});
	svg.appendChild(s('text', { x: left + plotW, y: bottom + 16, class: 'chart-label', 'text-anchor': 'middle' }, '100'));
	svg.appendChild(s('line', { x1: left, y1: bottom, x2: left + plotW, y2: bottom, class: 'axis' }));
	svg.appendChild(s('line', { x1: left, y1: top, x2: left, y2: bottom, class: 'axis' }));
	svg.appendChild(s('text', { x: left - 6, y: top + 4, class: 'chart-label', 'text-anchor': 'end' }, String(maxCount)));
	const px = left + (passMark / 100) * plotW;
	svg.appendChild(s('line', { x1: px, y1: 8, x2: px, y2: bottom, class: 'pass-line' }));
	svg.appendChild(s('text', { x: px + 6, y: 18, class: 'chart-label pass-label' }, passLabel));
	return svg;
}
