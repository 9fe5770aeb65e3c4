/*
 * pages/standard.js: 职业标准 — the occupational standard as data
 * (docs/formats/standard.md), one tab per level: training hours, required
 * parts with minimum durations, the theory and skill weight tables with a
 * bar chart, work functions (with the basic requirements B1, B2) and their
 * contents, skills and knowledge, eligibility routes and paper formats;
 * below the tabs the assessment rules (pass marks, staffing) and sources.
 * Values whose provenance is `secondary` or `provisional` carry a 待核对
 * badge whose tooltip gives the provenance, source and note. Admins edit a
 * value in a dialog (PATCH with a JSON pointer); a weight table is edited as
 * a whole because it must keep summing to 100. Managers read only.
 */
import { h, uid, replace } from '../dom.js';
import { t, tOr, loc, getLang, fmtTime, fmtNum } from '../i18n.js';
import { patch } from '../api.js';
import { pageHead, loading, errorBox, notice, field, select, openDialog, levelName, typeName } from '../ui.js';
import { loadStandard } from '../std-cache.js';
import { groupedBars } from '../svg.js';

const PROVENANCES = ['confirmed', 'confirmed-2025', 'secondary', 'provisional'];
const TO_VERIFY = ['secondary', 'provisional'];

const isText = (v) => v !== null && typeof v === 'object' && ('zh' in v || 'en' in v);

export async function mount(main, params, ctx) {
	const isAdmin = ctx.user.role === 'admin';
	const holder = h('div', {}, loading());
	main.append(pageHead(t('std.title')), holder);
	let std;
	let doc;
	let tab = Number(ctx.query.get('level')) || null;

	/* ---- provenance ---- */

	const sourceText = (src) => {
		if (!src) return '';
		const titles = {};
		(doc.sources || []).forEach((s) => {
			titles[s.id] = s.title;
		});
		return String(src).replace(/\[([\w-]+)\]/g, (m, id) => (titles[id] ? `${m} ${titles[id]}` : m));
	};

	/* The 待核对 badge for an object with provenance; tooltip on hover and focus, read by screen readers. */
	const verifyBadge = (owner) => {
		if (!owner || !TO_VERIFY.includes(owner.provenance)) return null;
		const tip = [t(`prov.${owner.provenance}`), owner.source ? t('std.source', { source: sourceText(owner.source) }) : null,
			owner.note ? loc(owner.note) : null].filter(Boolean).join(t('list.label_sep'));
		const tipId = uid('tip');
		return h('span', { class: 'verify' },
			h('span', { class: 'badge badge-warn', tabindex: '0', 'aria-describedby': tipId, 'data-tip': tip }, t('std.to_verify')),
			h('span', { class: 'sr-only', id: tipId }, tip));
	};

	/* ---- editing ---- */

	const reload = async (message) => {
		std = await loadStandard({ fresh: true });
		doc = std.doc || {};
		render(message);
	};

	/* Sends one PATCH; shows findings in the dialog's message area. */
	const send = async (body, msg, button, close) => {
		replace(msg);
		button.disabled = true;
		try {
			const res = await patch(`/standards/${encodeURIComponent(std.code)}`, body);
			close();
			await reload(t('std.saved', { version: res.version }));
		} catch (err) {
			button.disabled = false;
			msg.append(errorBox(err));
		}
	};

	/* The provenance, source and note fields shared by both edit dialogs. */
	const provFields = (owner) => {
		const prov = select(PROVENANCES.map((p) => [p, t(`prov.${p}`)]), 'confirmed');
		const source = h('input', { type: 'text', value: (owner && owner.source) || '' });
		const note = h('textarea', { rows: '2' });
		return {
			nodes: [field(t('std.provenance'), prov, { hint: t('std.provenance_hint') }),
				field(t('std.source_field'), source, { hint: t('std.source_hint') }),
				field(t('std.note'), note, { hint: t('std.note_hint') })],
			value: () => ({ provenance: prov.value, source: source.value.trim(), note: note.value.trim() }),
		};
	};

	/* Edit dialog for one value: a number, a string, or one language of a {zh, en} text. */
	const editValue = (owner, key, pointer, label) => {
		const current = owner[key];
		const text = isText(current);
		const lang = getLang() === 'en' ? 'en' : 'zh';
		const shown = text ? current[lang] ?? '' : current;
		const isNum = typeof current === 'number';
		const input = isNum ? h('input', { type: 'number', step: Number.isInteger(current) ? '1' : 'any', value: String(current) })
			: h('textarea', { rows: '3' }, String(shown ?? ''));
		const pf = provFields(owner);
		const msg = h('div', { class: 'form-msg' });
		const save = h('button', { type: 'button', class: 'btn btn-primary' }, t('common.save'));
		const { close } = openDialog({
			title: t('std.edit_title', { what: label }),
			content: h('div', { class: 'stack' },
				h('p', { class: 'muted' }, t('std.current', { value: String(shown ?? '') })),
				field(text ? t('std.new_text', { lang: t(`lang.${lang === 'en' ? 'en' : 'zh-CN'}`) }) : t('std.new_value'), input, { required: true }),
				...pf.nodes, msg,
				h('p', { class: 'hint' }, t('std.pointer'), ' ', h('code', {}, text ? `${pointer}/${lang}` : pointer))),
			actions: [h('button', { type: 'button', class: 'btn', 'data-close': '' }, t('common.cancel')), save],
		});
		save.addEventListener('click', () => {
			const value = isNum ? Number(input.value) : input.value;
			if (isNum && (input.value === '' || Number.isNaN(value))) {
				replace(msg, errorBox(new Error(t('std.need_number'))));
				return;
			}
			send({ pointer: text ? `${pointer}/${lang}` : pointer, value, ...pf.value() }, msg, save, close);
		});
	};

	/* Edit dialog for a whole weight table: one percent per row, with a live sum. */
	const editWeights = (rows, pointer, title, nameOf) => {
		const inputs = rows.map((r) => h('input', { type: 'number', min: '0', max: '100', step: '1', value: String(r.percent) }));
		const sum = h('p', { class: 'weight-sum', 'aria-live': 'polite' });
		const update = () => {
			const total = inputs.reduce((a, i) => a + (Number(i.value) || 0), 0);
			sum.textContent = t('std.sum_now', { sum: total });
			sum.classList.toggle('bad', total !== 100);
		};
		inputs.forEach((i) => i.addEventListener('input', update));
		update();
		const pf = provFields(null);
		const msg = h('div', { class: 'form-msg' });
		const save = h('button', { type: 'button', class: 'btn btn-primary' }, t('common.save'));
		const { close } = openDialog({
			title: t('std.edit_table', { what: title }),
			content: h('div', { class: 'stack' },
				h('p', { class: 'hint' }, t('std.table_hint')),
				h('div', { class: 'weight-grid' }, rows.map((r, i) => field(`${r.function} ${nameOf(r.function)} (%)`, inputs[i]))),
				sum, ...pf.nodes, msg),
			actions: [h('button', { type: 'button', class: 'btn', 'data-close': '' }, t('common.cancel')), save],
			wide: true,
		});
		save.addEventListener('click', () => {
			const value = rows.map((r, i) => ({ ...r, percent: Number(inputs[i].value) || 0 }));
			send({ pointer, value, ...pf.value() }, msg, save, close);
		});
	};

	/* A value with its 待核对 badge and, for admins, an edit button. owner[key] is the value. */
	const cell = (owner, key, pointer, label, suffix = '') => {
		const v = owner[key];
		if (v === undefined || v === null) return '—';
		const shown = isText(v) ? loc(v) : typeof v === 'number' ? `${fmtNum(v)}${suffix}` : String(v);
		return h('span', { class: 'std-value' }, h('span', {}, shown), verifyBadge(owner),
			isAdmin ? h('button', {
				type: 'button', class: 'btn btn-icon', 'aria-label': t('std.edit_label', { what: label }),
				title: t('std.edit_label', { what: label }), onclick: () => editValue(owner, key, pointer, label),
			}, h('span', { 'aria-hidden': 'true' }, '✎')) : null);
	};

	/* ---- sections ---- */

	const weightsTable = (rows, pointer, title, nameOf) => {
		const sum = rows.reduce((a, r) => a + (Number(r.percent) || 0), 0);
		return h('div', {},
			h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
				h('caption', {}, title),
				h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('std.col.function')), h('th', { scope: 'col', class: 'num' }, t('std.col.percent')), h('th', { scope: 'col' }, t('std.col.provenance')))),
				h('tbody', {}, rows.map((r) => h('tr', {},
					h('th', { scope: 'row' }, `${r.function} ${nameOf(r.function)}`),
					h('td', { class: 'num' }, `${fmtNum(r.percent)}%`, ' ', verifyBadge(r)),
					h('td', {}, tOr(`prov.${r.provenance}`, r.provenance || '—'))))),
				h('tfoot', {}, h('tr', { class: sum === 100 ? null : 'row-short' },
					h('th', { scope: 'row' }, t('std.total')),
					h('td', { class: 'num' }, `${fmtNum(sum)}%`, sum === 100 ? null : h('span', { class: 'badge badge-bad' }, ` ⚠ ${t('std.not_100')}`)),
					h('td', {}))))),
			isAdmin ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => editWeights(rows, pointer, title, nameOf) },
				t('std.edit_table', { what: title })) : null);
	};

	const functionCard = (f, fp) => h('section', { class: 'card fn-card' },
		h('h3', {}, `${f.code} `, cell(f, 'name', `${fp}/name`, `${f.code} ${loc(f.name)}`)),
		(f.contents || []).map((c, k) => {
			const cp = `${fp}/contents/${k}`;
			const reqs = (list, key, title) => (list && list.length ? h('div', {},
				h('h5', {}, title),
				h('ul', { class: 'std-list' }, list.map((r, m) => h('li', {},
					h('span', { class: 'req-code' }, r.code), ' ',
					cell(r, 'text', `${cp}/${key}/${m}/text`, `${title} ${r.code}`),
					r.wording ? h('span', { class: 'muted small' }, ` · ${tOr(`wording.${r.wording}`, r.wording)}`) : null)))) : null);
			return h('div', { class: 'content' },
				h('h4', {}, `${c.code} `, cell(c, 'name', `${cp}/name`, `${c.code} ${loc(c.name)}`)),
				reqs(c.skills, 'skills', t('std.skills')),
				reqs(c.knowledge, 'knowledge', t('std.knowledge')));
		}));

	const partsTable = (lv, i) => h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
		h('caption', {}, t('std.parts')),
		h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('std.col.part')), h('th', { scope: 'col' }, t('std.col.min_minutes')))),
		h('tbody', {}, (lv.parts || []).map((p, j) => h('tr', {},
			h('th', { scope: 'row' }, partName(p.part)),
			h('td', {}, cell(p, 'min_minutes', `/levels/${i}/parts/${j}/min_minutes`, `${partName(p.part)} · ${t('std.col.min_minutes')}`, ` ${t('std.min_unit')}`)))))));

	const partName = (code) => {
		const p = ((doc.assessment && doc.assessment.parts) || []).find((x) => x.part === code);
		return p ? loc(p.name) : code;
	};

	const eligibility = (lv, i) => (lv.eligibility && lv.eligibility.length ? h('section', {},
		h('h2', {}, t('std.eligibility')),
		h('ol', { class: 'card std-list eligibility' }, lv.eligibility.map((e, j) => h('li', {},
			cell(e, 'text', `/levels/${i}/eligibility/${j}/text`, `${t('std.eligibility')} ${e.route}`),
			e.years !== undefined && e.years !== null ? h('span', { class: 'muted small' }, ` · ${t('std.years', { n: e.years })}`) : null,
			e.prerequisite_level ? h('span', { class: 'muted small' }, ` · ${t('std.prerequisite', { level: levelName(e.prerequisite_level) })}`) : null)))) : null);

	const papers = (lv) => (lv.papers && lv.papers.length ? h('section', {},
		h('h2', {}, t('std.papers')),
		h('div', { class: 'two-col' }, lv.papers.map((p) => h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
			h('caption', {}, `${loc(p.label)} (${p.name}) `, verifyBadge(p)),
			h('thead', {}, h('tr', {}, ['type', 'count', 'points', 'subtotal'].map((c) => h('th', { scope: 'col', class: c === 'type' ? null : 'num' }, t(`std.paper.${c}`))))),
			h('tbody', {}, (p.sections || []).map((s) => h('tr', {},
				h('th', { scope: 'row' }, typeName(s.type), ' ', verifyBadge(s)),
				h('td', { class: 'num' }, s.count),
				h('td', { class: 'num' }, fmtNum(s.points)),
				h('td', { class: 'num' }, fmtNum(s.count * s.points)))))))))) : null);

	const levelPanel = (lv, i) => {
		const names = {};
		[...(doc.basic || []), ...(lv.functions || [])].forEach((f) => {
			names[f.code] = loc(f.name);
		});
		const nameOf = (code) => names[code] || '';
		const theory = lv.theory_weights || [];
		const skill = lv.skill_weights || [];
		const codes = [...new Set([...theory, ...skill].map((w) => w.function))];
		const pct = (rows, code) => Number((rows.find((w) => w.function === code) || {}).percent) || 0;
		return h('div', {},
			h('dl', { class: 'facts card' },
				h('div', {}, h('dt', {}, t('std.level_name')), h('dd', {}, cell(lv, 'name', `/levels/${i}/name`, t('std.level_name')))),
				h('div', {}, h('dt', {}, t('std.level_code')), h('dd', {}, String(lv.code))),
				h('div', {}, h('dt', {}, t('std.hours')), h('dd', {}, cell(lv, 'training_hours', `/levels/${i}/training_hours`, t('std.hours'))))),
			partsTable(lv, i),
			h('h2', {}, t('std.weights')),
			h('div', { class: 'two-col' },
				weightsTable(theory, `/levels/${i}/theory_weights`, t('std.theory_weights'), nameOf),
				weightsTable(skill, `/levels/${i}/skill_weights`, t('std.skill_weights'), nameOf)),
			codes.length ? h('figure', { class: 'card chart-card' }, groupedBars({
				title: t('std.chart_title'), unit: '%',
				rows: codes.map((code) => ({ label: `${code} ${nameOf(code)}`, values: [pct(theory, code), pct(skill, code)] })),
				series: [{ name: t('std.theory_short') }, { name: t('std.skill_short') }],
				max: Math.max(10, ...codes.flatMap((code) => [pct(theory, code), pct(skill, code)])),
			}), h('figcaption', {}, t('std.chart_caption'))) : null,
			h('h2', {}, t('std.functions')),
			(doc.basic || []).length ? h('p', { class: 'hint' }, t('std.basic_hint')) : null,
			(doc.basic || []).map((f, j) => functionCard(f, `/basic/${j}`)),
			(lv.functions || []).map((f, j) => functionCard(f, `/levels/${i}/functions/${j}`)),
			eligibility(lv, i),
			papers(lv));
	};

	const staffRule = (key) => {
		const r = ((doc.assessment && doc.assessment.staffing) || {})[key];
		if (!r) return null;
		const p = `/assessment/staffing/${key}`;
		return h('div', {}, h('dt', {}, t(`std.staff.${key}`)), h('dd', {},
			['candidates_per_staff', 'min', 'min_per_room'].filter((k) => r[k] !== undefined && r[k] !== null).map((k) =>
				h('span', { class: 'rule-item' }, `${t(`std.staff.${k}`)} `, cell(r, k, `${p}/${k}`, `${t(`std.staff.${key}`)} · ${t(`std.staff.${k}`)}`))),
			r.odd ? h('span', { class: 'rule-item' }, t('std.staff.odd')) : null));
	};

	const rules = () => {
		const parts = (doc.assessment && doc.assessment.parts) || [];
		return h('section', { 'aria-labelledby': 'rules-h' },
			h('h2', { id: 'rules-h' }, t('std.rules')),
			h('div', { class: 'two-col' },
				h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
					h('caption', {}, t('std.assessment_parts')),
					h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('std.col.part')), h('th', { scope: 'col' }, t('std.col.max_score')), h('th', { scope: 'col' }, t('std.col.pass_mark')))),
					h('tbody', {}, parts.map((p, j) => h('tr', {},
						h('th', { scope: 'row' }, loc(p.name), p.note ? h('span', { class: 'muted small' }, ` · ${loc(p.note)}`) : null),
						h('td', {}, cell(p, 'max_score', `/assessment/parts/${j}/max_score`, `${loc(p.name)} · ${t('std.col.max_score')}`)),
						h('td', {}, cell(p, 'pass_mark', `/assessment/parts/${j}/pass_mark`, `${loc(p.name)} · ${t('std.col.pass_mark')}`))))))),
				h('div', { class: 'card' }, h('h3', {}, t('std.staffing')),
					h('dl', { class: 'rules' }, ['proctors', 'raters', 'committee'].map(staffRule)))));
	};

	const sources = () => ((doc.sources || []).length ? h('details', { class: 'card' },
		h('summary', {}, t('std.sources', { n: doc.sources.length })),
		h('ul', { class: 'std-list small' }, doc.sources.map((s) => h('li', {}, h('code', {}, `[${s.id}]`), ' ', s.title,
			s.url ? [' ', h('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank' }, t('std.open_source'))] : null)))) : null);

	/* ---- page ---- */

	const render = (flash) => {
		const levels = doc.levels || [];
		if (!levels.length) {
			replace(holder, h('p', { class: 'empty' }, t('std.empty')));
			return;
		}
		if (!levels.some((l) => Number(l.code) === tab)) tab = Number(levels[0].code);
		const tabs = levels.map((lv) => {
			const code = Number(lv.code);
			return h('button', {
				type: 'button', role: 'tab', id: `tab-${code}`, 'aria-controls': 'level-panel',
				'aria-selected': String(code === tab), tabindex: code === tab ? '0' : '-1',
				onclick: () => {
					tab = code;
					render();
					document.getElementById(`tab-${code}`).focus();
				},
			}, loc(lv.name) || levelName(code));
		});
		const tablist = h('div', { role: 'tablist', class: 'tabs', 'aria-label': t('std.levels') }, tabs);
		tablist.addEventListener('keydown', (ev) => {
			const i = tabs.indexOf(document.activeElement);
			const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
			if (i < 0 || next === undefined) return;
			ev.preventDefault();
			tabs[(next + tabs.length) % tabs.length].click();
		});
		const index = levels.findIndex((l) => Number(l.code) === tab);
		replace(holder,
			h('p', { class: 'std-meta' }, h('strong', {}, `${loc(doc.name)} `), verifyBadge(doc), ' ',
				h('span', { class: 'muted' }, t('std.meta', { code: std.code, edition: doc.edition || '—', version: std.version, updated: fmtTime(std.updated_at) }))),
			h('p', { class: 'hint' }, isAdmin ? t('std.admin_hint') : t('std.read_only')),
			flash ? notice(flash) : null,
			tablist,
			h('div', { role: 'tabpanel', id: 'level-panel', 'aria-labelledby': `tab-${tab}`, tabindex: '0' }, levelPanel(levels[index], index)),
			rules(),
			sources());
	};

	try {
		await reload();
	} catch (err) {
		replace(holder, errorBox(err));
	}
}
