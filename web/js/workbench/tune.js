/*
 * workbench/tune.js: the `tune` workbench: the built-in text classifier's
 * hyper-parameters as a form (each with its allowed range), a 开始训练
 * button that starts a training job on the server and polls it every 300 ms
 * for a real progress bar (role=progressbar, aria-valuenow), the loss curve
 * and the validation macro-F1 per epoch (inline SVG), and a history of the
 * runs with a button to take a run's settings back. The chosen
 * hyper-parameters are the answer: {"hyper": {...}}; a value out of range
 * is shown as an error and not saved.
 */
import { h, replace } from '../dom.js';
import { t, fmtNum } from '../i18n.js';
import { errorBox } from '../ui.js';
import { clone, labelsOf, pagedTable, keyHelp } from './common.js';
import { lineChart, figure } from './chart.js';

const POLL_MS = 300;
const MAX_RUNS = 10;

/* The built-in defaults and ranges (src/grade/textclf.h); params.ranges may narrow them. */
const SPEC = [
	{ name: 'learning_rate', type: 'float', min: 1e-6, max: 5, def: 0.1, step: 'any' },
	{ name: 'epochs', type: 'int', min: 1, max: 100, def: 10, step: '1' },
	{ name: 'l2', type: 'float', min: 0, max: 0.1, def: 1e-4, step: 'any' },
	{ name: 'ngram_min', type: 'int', min: 1, max: 5, def: 1, step: '1' },
	{ name: 'ngram_max', type: 'int', min: 1, max: 5, def: 2, step: '1' },
	{ name: 'class_weight', type: 'choice', choices: ['none', 'balanced'], def: 'none' },
	{ name: 'threshold', type: 'float', min: 0, max: 1, def: null, step: 'any', optional: true, binary: true },
	{ name: 'hash_bits', type: 'int', min: 10, max: 20, def: 18, step: '1' },
];

export function progress() {
	return null;
}

/*
 * The form's fields: the built-in ranges, narrowed by the ranges the server
 * sends (task.hyper_ranges or params.ranges, as textclf_hyper_ranges()
 * writes them: {name: {min, max, default}}, class_weight {values},
 * threshold {allowed}), with params.defaults as the starting values.
 */
function specFor(task) {
	const params = task.params || {};
	const ranges = task.hyper_ranges || params.ranges || params.hyper_ranges || {};
	const defaults = params.defaults || {};
	return SPEC.map((s) => {
		const r = ranges[s.name] || {};
		const out = { ...s };
		if (typeof r.min === 'number') out.min = Math.max(s.min ?? r.min, r.min);
		if (typeof r.max === 'number') out.max = Math.min(s.max ?? r.max, r.max);
		const values = r.values || r.choices;
		if (Array.isArray(values) && s.choices) out.choices = values.filter((c) => s.choices.includes(c));
		if (r.allowed === false) out.hidden = true;
		if (r.default !== undefined) out.def = r.default;
		if (defaults[s.name] !== undefined) out.def = defaults[s.name];
		return out;
	}).filter((s) => !s.hidden);
}

/* Train/valid examples from items: {train, valid} or rows with split. */
function splitData(items) {
	if (items && !Array.isArray(items)) return { train: items.train || [], valid: items.valid || [] };
	const rows = Array.isArray(items) ? items : [];
	return { train: rows.filter((r) => r.split !== 'valid'), valid: rows.filter((r) => r.split === 'valid') };
}

export function create(ctx) {
	const { task } = ctx;
	const params = task.params || {};
	const labels = labelsOf(params);
	const binary = labels.length === 2;
	const spec = specFor(task).filter((s) => !s.binary || binary);
	const ui = ctx.ui;
	let disabled = !!ctx.disabled;
	let pollTimer = null;
	let destroyed = false;
	const saved = ctx.answer && ctx.answer.hyper && typeof ctx.answer.hyper === 'object' ? clone(ctx.answer.hyper) : {};
	const hyper = {};
	spec.forEach((s) => {
		hyper[s.name] = saved[s.name] !== undefined ? saved[s.name] : s.def;
	});

	/* ---- the form ---- */
	const fields = {};
	const errs = {};
	function rangeText(s) {
		if (s.type === 'choice') return '';
		return t('wb.tune_range', { min: fmtNum(s.min, 6), max: fmtNum(s.max, 6) }) + (s.optional ? t('wb.tune_optional') : '');
	}
	const form = h('form', { class: 'form-grid tune-form', novalidate: true, 'aria-labelledby': 'wb-tune-form' });
	spec.forEach((s) => {
		const id = `wb-tune-${s.name}`;
		let input;
		if (s.type === 'choice') {
			input = h('select', { id, disabled }, s.choices.map((c) => h('option', { value: c, selected: hyper[s.name] === c }, t(`wb.cw.${c}`))));
		} else if (s.name === 'ngram_min' || s.name === 'ngram_max') {
			input = h('select', { id, disabled }, Array.from({ length: s.max - s.min + 1 }, (_, i) => s.min + i)
				.map((n) => h('option', { value: String(n), selected: Number(hyper[s.name]) === n }, String(n))));
		} else {
			input = h('input', {
				id, type: 'number', disabled, step: s.step, min: String(s.min), max: String(s.max),
				value: hyper[s.name] === null || hyper[s.name] === undefined ? '' : String(hyper[s.name]),
				'aria-describedby': `${id}-hint ${id}-err`, inputmode: 'decimal',
			});
		}
		fields[s.name] = input;
		errs[s.name] = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
		input.addEventListener(s.type === 'choice' || input.tagName === 'SELECT' ? 'change' : 'input', () => onEdit(input.tagName !== 'SELECT'));
		form.append(h('div', { class: 'field' },
			h('label', { for: id }, t(`wb.hp.${s.name}`)),
			input,
			h('p', { class: 'hint', id: `${id}-hint` }, [t(`wb.hp_hint.${s.name}`), rangeText(s)].filter(Boolean).join(' ')),
			errs[s.name]));
	});
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		startTraining();
	});

	/* Reads and checks the form; returns {ok, values}. Shows each problem at its field. */
	function readForm() {
		const values = {};
		let ok = true;
		spec.forEach((s) => {
			const input = fields[s.name];
			let msg = '';
			if (s.type === 'choice') values[s.name] = input.value;
			else {
				const raw = String(input.value).trim();
				if (raw === '' && s.optional) values[s.name] = null;
				else {
					const v = Number(raw);
					if (raw === '' || !Number.isFinite(v)) msg = t('wb.tune_nan');
					else if (s.type === 'int' && !Number.isInteger(v)) msg = t('wb.tune_int');
					else if (v < s.min || v > s.max) msg = t('wb.tune_out', { min: fmtNum(s.min, 6), max: fmtNum(s.max, 6) });
					values[s.name] = v;
				}
			}
			if (!msg && s.name === 'ngram_max' && Number(values.ngram_max) < Number(values.ngram_min)) msg = t('wb.tune_ngram');
			errs[s.name].hidden = !msg;
			errs[s.name].textContent = msg;
			if (msg) {
				input.setAttribute('aria-invalid', 'true');
				ok = false;
			} else input.removeAttribute('aria-invalid');
		});
		return { ok, values };
	}

	function onEdit(typing) {
		const { ok, values } = readForm();
		replace(formMsg, ok ? null : h('p', { class: 'alert alert-warn', role: 'status' }, t('wb.tune_invalid')));
		if (!ok) return;
		Object.assign(hyper, values);
		ctx.change({ hyper: { ...values } }, { typing });
	}

	function setForm(values) {
		spec.forEach((s) => {
			const v = values[s.name] !== undefined ? values[s.name] : s.def;
			fields[s.name].value = v === null || v === undefined ? '' : String(v);
		});
		onEdit(false);
	}

	const formMsg = h('div', { class: 'form-msg' });
	const train = h('button', { type: 'submit', class: 'btn btn-primary' }, t('wb.train'));
	const resetBtn = h('button', { type: 'button', class: 'btn btn-ghost', disabled, onclick: () => setForm(Object.fromEntries(spec.map((s) => [s.name, s.def]))) }, t('wb.tune_defaults'));
	form.append(h('div', { class: 'form-actions wide' }, train, resetBtn), h('div', { class: 'wide' }, formMsg));

	/* ---- training ---- */
	const bar = h('div', {
		class: 'meter', role: 'progressbar', 'aria-label': t('wb.train_progress'),
		'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
	}, h('div', { class: 'meter-fill' }));
	const barText = h('span', { class: 'progress-text' }, t('wb.train_idle'));
	const trainMsg = h('div', { class: 'form-msg', 'aria-live': 'polite' });
	const charts = h('div', { class: 'chart-row' });
	const runsBox = h('div', {});

	function setProgress(frac, text) {
		const pct = Math.round(Math.max(0, Math.min(1, Number(frac) || 0)) * 100);
		bar.setAttribute('aria-valuenow', String(pct));
		bar.setAttribute('aria-valuetext', text ? `${pct}% ${text}` : `${pct}%`);
		bar.firstChild.style.width = `${pct}%`;
		barText.textContent = text ? `${pct}% · ${text}` : `${pct}%`;
	}

	function drawCharts(job) {
		const loss = (job && job.loss_curve) || [];
		const f1 = (job && job.valid_macro_f1) || [];
		const epochs = Math.max(loss.length, f1.length);
		replace(charts,
			figure(lineChart({
				title: t('wb.loss_curve'), series: [{ name: t('wb.loss'), values: loss }], xLabel: t('wb.epoch'), empty: t('wb.no_curve'),
			}), t('wb.loss_curve')),
			figure(lineChart({
				title: t('wb.valid_f1_curve'), series: [{ name: t('wb.valid_f1'), values: f1.map((v) => (v === null ? NaN : v)) }],
				yMin: 0, yMax: 1, xLabel: t('wb.epoch'), empty: t('wb.no_curve'),
			}), t('wb.valid_f1_curve')),
			epochs ? h('details', { class: 'epoch-table' }, h('summary', {}, t('wb.epoch_values')),
				pagedTable({
					caption: t('wb.epoch_values'), columns: [t('wb.epoch'), t('wb.loss'), t('wb.valid_f1')], numberRows: false,
					rows: Array.from({ length: epochs }, (_, i) => [i + 1, loss[i], f1[i]]), perPage: 50,
					format: (v) => (typeof v === 'number' ? fmtNum(v, 4) : '—'),
				})) : null);
	}

	function drawRuns() {
		const runs = Array.isArray(ui.runs) ? ui.runs : [];
		if (!runs.length) {
			replace(runsBox);
			return;
		}
		replace(runsBox, h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
			h('caption', {}, t('wb.runs')),
			h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, t('wb.run_settings')),
				h('th', { scope: 'col', class: 'num' }, t('wb.valid_f1')), h('th', { scope: 'col' }, ''))),
			h('tbody', {}, runs.map((r, i) => h('tr', {},
				h('th', { scope: 'row' }, String(i + 1)),
				h('td', { class: 'small' }, Object.entries(r.hyper || {}).map(([k, v]) => `${k}=${v === null ? '—' : v}`).join(', ')),
				h('td', { class: 'num' }, r.f1 === null || r.f1 === undefined ? '—' : fmtNum(r.f1, 4)),
				h('td', {}, h('button', {
					type: 'button', class: 'btn btn-small', disabled,
					'aria-label': t('wb.run_use_n', { n: i + 1 }), onclick: () => setForm(r.hyper || {}),
				}, t('wb.run_use')))))))));
	}

	function running(on) {
		train.disabled = on || disabled;
		train.textContent = on ? t('wb.training') : t('wb.train');
	}

	async function startTraining() {
		if (disabled) return;
		const { ok, values } = readForm();
		if (!ok) {
			replace(formMsg, h('p', { class: 'alert alert-warn', role: 'status' }, t('wb.tune_invalid')));
			const bad = form.querySelector('[aria-invalid="true"]');
			if (bad) bad.focus();
			return;
		}
		if (!ctx.api) {
			replace(trainMsg, h('p', { class: 'muted' }, t('wb.train_preview')));
			return;
		}
		Object.assign(hyper, values);
		ctx.change({ hyper: { ...values } });
		running(true);
		replace(trainMsg);
		setProgress(0, t('wb.train_started'));
		drawCharts(null);
		try {
			const res = await ctx.api.train({ ...values });
			ui.job = { id: String(res.job), hyper: { ...values } };
			ctx.saveUi();
			poll();
		} catch (err) {
			running(false);
			setProgress(0, '');
			replace(trainMsg, errorBox(err));
		}
	}

	async function poll() {
		clearTimeout(pollTimer);
		if (destroyed || !ui.job) return;
		let job;
		try {
			job = await ctx.api.job(ui.job.id);
		} catch (err) {
			if (destroyed) return;
			if (err.status === 404) {
				ui.job = null;
				ctx.saveUi();
				running(false);
				replace(trainMsg, errorBox(err));
				return;
			}
			/* a network blip: keep polling, a little slower */
			pollTimer = setTimeout(poll, POLL_MS * 4);
			return;
		}
		if (destroyed) return;
		const loss = job.loss_curve || [];
		const f1 = job.valid_macro_f1 || [];
		const epochs = Number(job.epochs) || Number(ui.job.hyper && ui.job.hyper.epochs) || loss.length;
		setProgress(job.progress, t('wb.epoch_of', { n: Math.min(epochs, loss.length + (job.done ? 0 : 1)), total: epochs }));
		drawCharts(job);
		if (job.error) {
			running(false);
			replace(trainMsg, errorBox(job.error));
			ui.job = null;
			ctx.saveUi();
			return;
		}
		if (job.done) {
			running(false);
			const last = f1.length ? f1[f1.length - 1] : null;
			setProgress(1, t('wb.train_done'));
			replace(trainMsg, h('p', { class: 'alert alert-ok', role: 'status' },
				last === null || last === undefined ? t('wb.train_done') : t('wb.train_result', { f1: fmtNum(last, 4) })));
			const runs = Array.isArray(ui.runs) ? ui.runs : [];
			runs.unshift({ hyper: ui.job.hyper, f1: last, loss: loss.length ? loss[loss.length - 1] : null, curve: loss, f1curve: f1 });
			ui.runs = runs.slice(0, MAX_RUNS);
			ui.lastJob = { loss_curve: loss, valid_macro_f1: f1 };
			ui.job = null;
			ctx.saveUi();
			drawRuns();
			return;
		}
		pollTimer = setTimeout(poll, POLL_MS);
	}

	/* ---- data summary ---- */
	const data = splitData(task.items);
	const counts = labels.map((l) => ({
		label: l.name,
		train: data.train.filter((r) => String(r.label) === l.value).length,
		valid: data.valid.filter((r) => String(r.label) === l.value).length,
	}));
	const summary = h('section', { class: 'wb-data', 'aria-labelledby': 'wb-tune-data' },
		h('h3', { id: 'wb-tune-data' }, t('wb.tune_data')),
		h('p', {}, t('wb.tune_sizes', { train: data.train.length, valid: data.valid.length })),
		h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
			h('caption', {}, t('wb.tune_label_counts')),
			h('thead', {}, h('tr', {}, [t('wb.col_label'), t('wb.train_split'), t('wb.valid_split')].map((c) => h('th', { scope: 'col' }, c)))),
			h('tbody', {}, counts.map((c) => h('tr', {}, h('th', { scope: 'row' }, c.label), h('td', { class: 'num' }, String(c.train)), h('td', { class: 'num' }, String(c.valid))))))),
		h('details', {}, h('summary', {}, t('wb.tune_samples')),
			pagedTable({ caption: t('wb.tune_samples'), columns: [t('wb.col_text'), t('wb.col_label')], rows: data.train.map((r) => [r.text, r.label]), perPage: 20 })));

	const element = h('div', { class: 'wb wb-tune' },
		h('div', { class: 'tune-layout' },
			h('section', { 'aria-labelledby': 'wb-tune-form' }, h('h3', { id: 'wb-tune-form' }, t('wb.hyper')), form),
			summary),
		h('section', { class: 'train-box', 'aria-labelledby': 'wb-train-title' },
			h('h3', { id: 'wb-train-title' }, t('wb.training_title')),
			h('div', { class: 'progress' }, bar, barText),
			trainMsg,
			charts,
			runsBox),
		keyHelp([['Enter', t('wb.key_train')], ['Tab / Shift+Tab', t('wb.key_kb_tab')]]));

	drawCharts(ui.lastJob || null);
	drawRuns();
	if (ui.lastJob) setProgress(1, t('wb.train_done'));
	if (ui.job && ctx.api && !disabled) {
		running(true);
		poll();
	}
	if (disabled) running(false);

	return {
		element,
		onKey: () => false,
		setDisabled(d) {
			disabled = d;
			Object.values(fields).forEach((x) => {
				x.disabled = d;
			});
			resetBtn.disabled = d;
			running(false);
			drawRuns();
		},
		destroy() {
			destroyed = true;
			clearTimeout(pollTimer);
		},
	};
}
