/*
 * pages/standard.js: 职业标准 — the occupational standard as data, one tab
 * per level: work functions with contents, skills and knowledge; the theory
 * and skill weight tables with a bar chart; rules. Values whose provenance
 * is `provisional` or `secondary` carry a 待核对 badge whose tooltip names
 * the provenance and source. Admins edit a value in a dialog (PATCH with a
 * JSON pointer); managers read only.
 */
import { h, uid, replace } from '../dom.js';
import { t, tOr, loc, getLang, fmtTime, fmtNum } from '../i18n.js';
import { patch } from '../api.js';
import { pageHead, loading, errorBox, notice, field, select, openDialog, levelName } from '../ui.js';
import { loadStandard, plain } from '../std-cache.js';
import { groupedBars } from '../svg.js';

const PROVENANCES = ['confirmed', 'confirmed-2025', 'secondary', 'provisional'];
const TO_VERIFY = ['secondary', 'provisional'];

const esc = (key) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/*
 * Reads a value as {value, pointer, prov, source, note}: plain scalars,
 * {value, provenance} objects, {text} objects and {zh, en} pairs.
 */
function describe(v, pointer, inherited = {}) {
	if (v === null || v === undefined) return null;
	if (typeof v !== 'object') return { value: v, pointer, prov: inherited.provenance, source: inherited.source, note: inherited.note };
	const meta = { provenance: v.provenance ?? inherited.provenance, source: v.source ?? inherited.source, note: v.note ?? inherited.note };
	if ('value' in v) return describe(v.value, `${pointer}/value`, meta);
	if ('text' in v) return describe(v.text, `${pointer}/text`, meta);
	if ('zh' in v || 'en' in v) {
		const key = getLang() === 'en' && 'en' in v ? 'en' : 'zh';
		return { value: loc(v), pointer: `${pointer}/${key}`, prov: meta.provenance, source: meta.source, note: meta.note };
	}
	return null;
}

/* The 待核对 badge with its provenance tooltip (shown on hover and focus, read by screen readers). */
function verifyBadge(d) {
	if (!d || !TO_VERIFY.includes(d.prov)) return null;
	const tip = [t(`prov.${d.prov}`), d.source ? t('std.source', { source: d.source }) : null, d.note || null].filter(Boolean).join(t('list.label_sep'));
	const tipId = uid('tip');
	return h('span', { class: 'verify' },
		h('span', { class: 'badge badge-warn', tabindex: '0', 'aria-describedby': tipId, 'data-tip': tip }, t('std.to_verify')),
		h('span', { class: 'sr-only', id: tipId }, tip));
}

export async function mount(main, params, ctx) {
	const isAdmin = ctx.user.role === 'admin';
	const holder = h('div', {}, loading());
	main.append(pageHead(t('std.title')), holder);
	let std;
	let tab = Number(ctx.query.get('level')) || null;

	const editButton = (d, label, reload) => {
		if (!isAdmin || !d) return null;
		return h('button', {
			type: 'button', class: 'btn btn-icon', 'aria-label': t('std.edit_label', { what: label }),
			title: t('std.edit_label', { what: label }),
			onclick: () => editDialog(d, label, reload),
		}, h('span', { 'aria-hidden': 'true' }, '✎'));
	};

	const editDialog = (d, label, reload) => {
		const isNum = typeof d.value === 'number';
		const input = isNum ? h('input', { type: 'number', step: 'any', value: String(d.value) })
			: h('textarea', { rows: '3' }, String(d.value));
		const prov = select(PROVENANCES.map((p) => [p, t(`prov.${p}`)]), d.prov || 'confirmed');
		const note = h('textarea', { rows: '2' });
		const msg = h('div', { class: 'form-msg' });
		const save = h('button', { type: 'button', class: 'btn btn-primary' }, t('common.save'));
		const cancel = h('button', { type: 'button', class: 'btn', 'data-close': '' }, t('common.cancel'));
		const content = h('div', { class: 'stack' },
			h('p', { class: 'muted' }, t('std.current', { value: String(d.value) })),
			h('p', { class: 'muted small' }, h('code', {}, d.pointer)),
			field(t('std.new_value'), input, { required: true }),
			field(t('std.provenance'), prov),
			field(t('std.note'), note, { hint: t('std.note_hint') }),
			msg);
		const { close } = openDialog({ title: t('std.edit_title', { what: label }), content, actions: [cancel, save] });
		save.addEventListener('click', async () => {
			replace(msg);
			const value = isNum ? Number(input.value) : input.value;
			if (isNum && (input.value === '' || Number.isNaN(value))) {
				msg.append(errorBox(new Error(t('std.need_number'))));
				return;
			}
			save.disabled = true;
			try {
				const res = await patch(`/standards/${encodeURIComponent(std.code)}`, { pointer: d.pointer, value, provenance: prov.value, note: note.value.trim() });
				close();
				reload(t('std.saved', { version: res.version }));
			} catch (err) {
				save.disabled = false;
				msg.append(errorBox(err));
			}
		});
	};

	/* One value with its badge and edit button. */
	const valueCell = (d, label, reload, suffix = '') => (d ? h('span', { class: 'std-value' },
		h('span', {}, typeof d.value === 'number' ? `${fmtNum(d.value)}${suffix}` : String(d.value)),
		verifyBadge(d), editButton(d, label, reload)) : '—');

	const weightsTable = (weights, base, title, reload, names) => {
		let sum = 0;
		const rows = weights.map((w, j) => {
			const d = describe(w.percent, `${base}/${j}/percent`, w);
			sum += Number(d ? d.value : 0) || 0;
			const name = names[String(plain(w.function))] || loc(plain(w.name)) || String(plain(w.function));
			return h('tr', {},
				h('th', { scope: 'row' }, `${plain(w.function)} ${name}`),
				h('td', { class: 'num' }, valueCell(d, `${title} · ${name}`, reload, '%')),
				h('td', {}, d && d.prov ? tOr(`prov.${d.prov}`, d.prov) : '—'));
		});
		return h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
			h('caption', {}, title),
			h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('std.col.function')), h('th', { scope: 'col', class: 'num' }, t('std.col.percent')), h('th', { scope: 'col' }, t('std.col.provenance')))),
			h('tbody', {}, rows),
			h('tfoot', {}, h('tr', { class: sum === 100 ? null : 'row-short' },
				h('th', { scope: 'row' }, t('std.total')),
				h('td', { class: 'num' }, `${fmtNum(sum)}%`, sum === 100 ? null : h('span', { class: 'badge badge-bad' }, ` ⚠ ${t('std.not_100')}`)),
				h('td', {})))));
	};

	/* Rules as a definition list, nested objects as groups; leaves editable. */
	const rulesView = (rules, pointer, reload, depth = 0) => {
		if (rules === null || rules === undefined) return null;
		const entries = Array.isArray(rules) ? rules.map((v, i) => [String(i + 1), v, i]) : Object.entries(rules).map(([k, v]) => [k, v, k]);
		return h('dl', { class: ['rules', depth && 'nested'] }, entries.map(([label, v, key]) => {
			const p = `${pointer}/${esc(key)}`;
			const name = tOr(`std.rule.${label}`, label);
			const d = describe(v, p);
			if (d) return h('div', {}, h('dt', {}, name), h('dd', {}, valueCell(d, name, reload)));
			if (typeof v === 'object' && v !== null) {
				const inner = Array.isArray(v) ? v : Object.fromEntries(Object.entries(v).filter(([k]) => !['provenance', 'source', 'note'].includes(k)));
				return h('div', {}, h('dt', {}, name), h('dd', {}, rulesView(inner, p, reload, depth + 1)));
			}
			return null;
		}));
	};

	const functionsView = (lv, i, reload) => h('div', { class: 'functions' }, (lv.functions || []).map((f, j) => {
		const fp = `/levels/${i}/functions/${j}`;
		const nameD = describe(f.name, `${fp}/name`, f);
		return h('section', { class: 'card fn-card' },
			h('h3', {}, `${plain(f.code)} `, nameD ? valueCell(nameD, loc(plain(f.name)), reload) : ''),
			(f.contents || []).map((c, k) => {
				const cp = `${fp}/contents/${k}`;
				const list = (arr, key, title) => (arr && arr.length ? h('div', {},
					h('h5', {}, title),
					h('ul', { class: 'std-list' }, arr.map((s, m) => {
						const d = describe(s, `${cp}/${key}/${m}`, s && typeof s === 'object' ? s : c);
						const code = s && typeof s === 'object' && s.code ? `${s.code} ` : '';
						return h('li', {}, code, d ? valueCell(d, `${plain(c.code)} ${title} ${m + 1}`, reload) : '');
					}))) : null);
				const cName = describe(c.name, `${cp}/name`, c);
				return h('div', { class: 'content' },
					h('h4', {}, `${plain(c.code)} `, cName ? valueCell(cName, loc(plain(c.name)), reload) : ''),
					list(c.skills, 'skills', t('std.skills')),
					list(c.knowledge, 'knowledge', t('std.knowledge')));
			}));
	}));

	const levelPanel = (lv, i, reload) => {
		const names = {};
		(lv.functions || []).forEach((f) => {
			names[String(plain(f.code))] = loc(plain(f.name));
		});
		const theory = lv.theory_weights || [];
		const skill = lv.skill_weights || [];
		const codes = [...new Set([...theory, ...skill].map((w) => String(plain(w.function))))];
		const pct = (list, code) => {
			const w = list.find((x) => String(plain(x.function)) === code);
			return w ? Number(plain(w.percent)) || 0 : 0;
		};
		const nameOf = (code) => names[code] || loc(plain(([...theory, ...skill].find((w) => String(plain(w.function)) === code) || {}).name)) || code;
		const hours = describe(lv.training_hours, `/levels/${i}/training_hours`, lv);
		return h('div', {},
			h('dl', { class: 'facts card' },
				h('div', {}, h('dt', {}, t('std.level_code')), h('dd', {}, String(plain(lv.code)))),
				h('div', {}, h('dt', {}, t('std.hours')), h('dd', {}, valueCell(hours, t('std.hours'), reload)))),
			h('h2', {}, t('std.weights')),
			h('div', { class: 'two-col' },
				weightsTable(theory, `/levels/${i}/theory_weights`, t('std.theory_weights'), reload, names),
				weightsTable(skill, `/levels/${i}/skill_weights`, t('std.skill_weights'), reload, names)),
			codes.length ? h('figure', { class: 'card chart-card' }, groupedBars({
				title: t('std.chart_title'), unit: '%',
				rows: codes.map((code) => ({ label: `${code} ${nameOf(code)}`, values: [pct(theory, code), pct(skill, code)] })),
				series: [{ name: t('std.theory_short') }, { name: t('std.skill_short') }],
				max: Math.max(10, ...codes.flatMap((code) => [pct(theory, code), pct(skill, code)])),
			}), h('figcaption', {}, t('std.chart_caption'))) : null,
			h('h2', {}, t('std.functions')),
			functionsView(lv, i, reload),
			lv.rules ? h('h2', {}, t('std.level_rules')) : null,
			lv.rules ? h('div', { class: 'card' }, rulesView(lv.rules, `/levels/${i}/rules`, reload)) : null);
	};

	const render = (flash) => {
		const doc = std.doc || {};
		const levels = doc.levels || [];
		if (!levels.length) {
			replace(holder, h('p', { class: 'empty' }, t('std.empty')));
			return;
		}
		if (!levels.some((l) => Number(plain(l.code)) === tab)) tab = Number(plain(levels[0].code));
		const reload = async (message) => {
			std = await loadStandard({ fresh: true });
			render(message);
		};
		const tabs = levels.map((lv) => {
			const code = Number(plain(lv.code));
			return h('button', {
				type: 'button', role: 'tab', id: `tab-${code}`, 'aria-controls': 'level-panel',
				'aria-selected': String(code === tab), tabindex: code === tab ? '0' : '-1',
				onclick: () => {
					tab = code;
					render();
					document.getElementById(`tab-${code}`).focus();
				},
			}, loc(plain(lv.name)) || levelName(code));
		});
		const tablist = h('div', { role: 'tablist', class: 'tabs', 'aria-label': t('std.levels') }, tabs);
		tablist.addEventListener('keydown', (ev) => {
			const i = tabs.indexOf(document.activeElement);
			if (i < 0) return;
			const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
			if (next === undefined) return;
			ev.preventDefault();
			tabs[(next + tabs.length) % tabs.length].click();
		});
		const index = levels.findIndex((l) => Number(plain(l.code)) === tab);
		replace(holder,
			h('p', { class: 'muted' }, t('std.meta', { code: std.code, version: std.version, updated: fmtTime(std.updated_at) })),
			h('p', { class: 'hint' }, isAdmin ? t('std.admin_hint') : t('std.read_only')),
			flash ? notice(flash) : null,
			doc.rules ? h('details', { class: 'card' }, h('summary', {}, t('std.rules')), rulesView(doc.rules, '/rules', reload)) : null,
			tablist,
			h('div', { role: 'tabpanel', id: 'level-panel', 'aria-labelledby': `tab-${tab}`, tabindex: '0' }, levelPanel(levels[index], index, reload)));
	};

	try {
		std = await loadStandard({ fresh: true });
		render();
	} catch (err) {
		replace(holder, errorBox(err));
	}
}
