/*
 * workbench/kb.js: the `kb` workbench: a chatbot's FAQ knowledge base as an
 * editable list of entries (标准问题, 相似问题 one per line, 答案), with
 * add, delete, merge (the merged entry's questions become similar questions
 * of the target) and a filter; and a 试一试 panel that asks the built-in
 * retrieval bot (POST …/bot) with the knowledge base as it is now. The
 * answer is {"kb": [{id, question, similar: [...], answer}]}.
 */
import { h, replace } from '../dom.js';
import { t, loc, fmtNum } from '../i18n.js';
import { openDialog, errorBox, select } from '../ui.js';
import { clone, keyHelp } from './common.js';

export function progress() {
	return null;
}

const clip = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function normEntry(e, i) {
	const o = e && typeof e === 'object' ? e : {};
	return {
		...o,
		id: String(o.id ?? `e${i + 1}`),
		question: String(o.question ?? ''),
		similar: Array.isArray(o.similar) ? o.similar.map(String) : [],
		answer: String(o.answer ?? ''),
	};
}

export function create(ctx) {
	const { task } = ctx;
	const start = ctx.answer && Array.isArray(ctx.answer.kb) ? ctx.answer.kb : (Array.isArray(task.items) ? task.items : []);
	let entries = clone(start).map(normEntry);
	let disabled = !!ctx.disabled;
	const ui = ctx.ui;
	/* approved answers the candidate may use for new topics (params.answers: [{key, text}]) */
	const approved = (task.params && Array.isArray(task.params.answers) ? task.params.answers : [])
		.filter((x) => x && x.key !== undefined).map((x) => ({ key: String(x.key), text: loc(x.text) }));
	const list = h('ol', { class: 'kb-list' });
	const count = h('p', { class: 'wb-progress' });
	const filter = h('input', { type: 'search', id: 'wb-kb-filter', value: ui.filter || '', autocomplete: 'off' });
	const addBtn = h('button', { type: 'button', class: 'btn btn-small', onclick: () => addEntry() }, t('wb.kb_add'));
	const question = h('input', { type: 'text', id: 'wb-bot-q', autocomplete: 'off', maxlength: '500' });
	const ask = h('button', { type: 'submit', class: 'btn btn-primary' }, t('wb.bot_ask'));
	const botOut = h('div', { class: 'bot-out', 'aria-live': 'polite' });

	const save = (typing = false) => ctx.change({ kb: entries.map((e) => ({ ...e })) }, { typing });

	function newId() {
		const used = new Set(entries.map((e) => e.id));
		let n = entries.length + 1;
		while (used.has(`new-${n}`)) n += 1;
		return `new-${n}`;
	}

	function matches(e, q) {
		if (!q) return true;
		const s = q.toLowerCase();
		return [e.id, e.question, e.answer, ...e.similar].some((x) => String(x).toLowerCase().includes(s));
	}

	function entryCard(e, i) {
		const legendId = `kb-e-${i}`;
		const q = h('input', { type: 'text', value: e.question, disabled, id: `kb-q-${i}`, maxlength: '500' });
		const sim = h('textarea', { rows: String(Math.min(6, Math.max(2, e.similar.length + 1))), disabled, id: `kb-s-${i}` }, e.similar.join('\n'));
		const ans = h('textarea', { rows: '4', disabled, id: `kb-a-${i}` }, e.answer);
		q.addEventListener('input', () => {
			e.question = q.value;
			save(true);
		});
		sim.addEventListener('input', () => {
			e.similar = sim.value.split('\n').map((x) => x.trim()).filter(Boolean);
			save(true);
		});
		ans.addEventListener('input', () => {
			e.answer = ans.value;
			if (e.answer_key && approved.some((x) => x.key === e.answer_key && x.text !== ans.value)) {
				delete e.answer_key;
				if (pick) pick.value = '';
			}
			save(true);
		});
		let pick = null;
		if (approved.length) {
			pick = h('select', { id: `kb-p-${i}`, disabled },
				h('option', { value: '' }, t('wb.kb_pick_none')),
				approved.map((x) => h('option', { value: x.key, selected: e.answer_key === x.key }, `${x.key}${t('wb.colon')}${clip(x.text, 40)}`)));
			pick.addEventListener('change', () => {
				const x = approved.find((y) => y.key === pick.value);
				if (!x) {
					delete e.answer_key;
				} else {
					e.answer_key = x.key;
					e.answer = x.text;
					ans.value = x.text;
				}
				save();
			});
		}
		const card = h('li', { class: 'kb-entry' },
			h('fieldset', { 'aria-labelledby': legendId },
				h('legend', { id: legendId }, t('wb.kb_entry', { n: i + 1 }), h('span', { class: 'muted kb-id' }, ` (${e.id})`)),
				h('div', { class: 'kb-grid' },
					h('div', { class: 'kb-col' },
						h('div', { class: 'field' }, h('label', { for: q.id }, t('wb.kb_question')), q),
						h('div', { class: 'field' }, h('label', { for: sim.id }, t('wb.kb_similar')), sim,
							h('p', { class: 'hint' }, t('wb.kb_similar_hint', { n: e.similar.length })))),
					h('div', { class: 'kb-col' },
						h('div', { class: 'field' }, h('label', { for: ans.id }, t('wb.kb_answer')), ans),
						pick ? h('div', { class: 'field' }, h('label', { for: pick.id }, t('wb.kb_pick')), pick) : null)),
				h('div', { class: 'form-actions' },
					h('button', { type: 'button', class: 'btn btn-small', disabled: disabled || entries.length < 2, onclick: () => merge(i), 'aria-label': t('wb.kb_merge_n', { n: i + 1 }) }, t('wb.kb_merge')),
					h('button', { type: 'button', class: 'btn btn-small btn-ghost', disabled, onclick: () => removeEntry(i), 'aria-label': t('wb.kb_delete_n', { n: i + 1 }) }, t('wb.kb_delete')))));
		card.addEventListener('focusout', () => ctx.flush && ctx.flush());
		card.hidden = !matches(e, filter.value.trim());
		return card;
	}

	function draw() {
		replace(list, entries.map(entryCard));
		const shown = entries.filter((e) => matches(e, filter.value.trim())).length;
		count.textContent = filter.value.trim() ? t('wb.kb_count_filtered', { n: entries.length, shown }) : t('wb.kb_count', { n: entries.length });
		addBtn.disabled = disabled;
	}

	function addEntry() {
		if (disabled) return;
		entries.push({ id: newId(), question: '', similar: [], answer: '' });
		filter.value = '';
		ui.filter = '';
		ctx.saveUi();
		save();
		draw();
		const last = list.querySelector('li:last-child input');
		if (last) last.focus();
		ctx.announce(t('wb.kb_added', { n: entries.length }));
	}

	function removeEntry(i) {
		if (disabled) return;
		const [gone] = entries.splice(i, 1);
		save();
		draw();
		ctx.announce(t('wb.kb_deleted', { question: gone.question || gone.id }));
		const next = list.querySelectorAll('li:not([hidden]) input')[Math.min(i, entries.length - 1)];
		(next || addBtn).focus();
	}

	function merge(i) {
		if (disabled) return;
		const src = entries[i];
		const options = entries.map((e, k) => [k, `${t('wb.kb_entry', { n: k + 1 })}${t('wb.colon')}${e.question || e.id}`]).filter(([k]) => k !== i);
		const target = select(options, options[0] ? options[0][0] : '', { id: 'kb-merge-target' });
		const go = h('button', { type: 'button', class: 'btn btn-primary' }, t('wb.kb_merge_confirm'));
		const cancel = h('button', { type: 'button', class: 'btn', 'data-close': '' }, t('common.cancel'));
		const { close } = openDialog({
			title: t('wb.kb_merge_title'),
			content: h('div', { class: 'stack' },
				h('p', {}, t('wb.kb_merge_text', { n: i + 1, question: src.question || src.id })),
				h('div', { class: 'field' }, h('label', { for: 'kb-merge-target' }, t('wb.kb_merge_into')), target)),
			actions: [cancel, go],
		});
		go.addEventListener('click', () => {
			const k = Number(target.value);
			const dst = entries[k];
			if (!dst) return;
			const have = new Set([dst.question, ...dst.similar].map((x) => x.trim()));
			[src.question, ...src.similar].map((x) => x.trim()).filter(Boolean).forEach((x) => {
				if (!have.has(x)) {
					have.add(x);
					dst.similar.push(x);
				}
			});
			if (!dst.answer.trim() && src.answer.trim()) dst.answer = src.answer;
			entries.splice(i, 1);
			close();
			save();
			draw();
			const newIndex = k > i ? k - 1 : k;
			ctx.announce(t('wb.kb_merged', { from: i + 1, to: newIndex + 1 }));
			const el = list.querySelectorAll('li')[newIndex];
			if (el) {
				el.hidden = false;
				el.querySelector('textarea').focus();
			}
		});
	}

	filter.addEventListener('input', () => {
		ui.filter = filter.value;
		ctx.saveUi();
		const q = filter.value.trim();
		[...list.children].forEach((li, i) => {
			li.hidden = !matches(entries[i], q);
		});
		const shown = entries.filter((e) => matches(e, q)).length;
		count.textContent = q ? t('wb.kb_count_filtered', { n: entries.length, shown }) : t('wb.kb_count', { n: entries.length });
	});

	const form = h('form', { class: 'bot-form', 'aria-labelledby': 'wb-bot-title' },
		h('div', { class: 'field' }, h('label', { for: 'wb-bot-q' }, t('wb.bot_question')), question),
		h('div', { class: 'form-actions' }, ask));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const q = question.value.trim();
		if (!q) {
			question.focus();
			return;
		}
		if (!ctx.api) {
			replace(botOut, h('p', { class: 'muted' }, t('wb.bot_preview')));
			return;
		}
		ask.disabled = true;
		replace(botOut, h('p', { class: 'muted', role: 'status' }, t('wb.bot_busy')));
		try {
			const res = await ctx.api.bot(entries.map((e) => ({ ...e })), q);
			const results = (res && res.results) || [];
			replace(botOut, results.length ? h('ol', { class: 'bot-results', 'aria-label': t('wb.bot_results', { q }) }, results.map((r, k) => {
				const idx = entries.findIndex((e) => e.id === String(r.id));
				return h('li', { class: k === 0 ? 'top' : null },
					h('p', { class: 'bot-q' }, h('strong', {}, k === 0 ? `✓ ${t('wb.bot_best')} ` : `${k + 1}. `),
						idx >= 0 ? t('wb.kb_entry', { n: idx + 1 }) : String(r.id), t('wb.colon'), r.question || ''),
					h('p', { class: 'bot-a' }, r.answer || ''),
					h('p', { class: 'muted small' }, t('wb.bot_score', { score: fmtNum(r.score, 3) })));
			})) : h('p', { class: 'alert alert-warn' }, t('wb.bot_none')));
		} catch (err) {
			replace(botOut, errorBox(err));
		} finally {
			ask.disabled = false;
		}
	});

	const scenario = loc(task.params && task.params.scenario);
	const element = h('div', { class: 'wb wb-kb' },
		scenario ? h('div', { class: 'alert alert-info' }, h('p', { class: 'alert-title' }, t('wb.kb_scenario')), h('p', { class: 'pre' }, scenario)) : null,
		approved.length ? h('details', { class: 'kb-approved' }, h('summary', {}, t('wb.kb_approved', { n: approved.length })),
			h('dl', {}, approved.map((x) => h('div', {}, h('dt', {}, h('code', {}, x.key)), h('dd', {}, x.text))))) : null,
		h('div', { class: 'kb-layout' },
			h('section', { 'aria-labelledby': 'wb-kb-title' },
				h('div', { class: 'section-head' }, h('h3', { id: 'wb-kb-title' }, t('wb.kb_title')), addBtn),
				h('div', { class: 'wb-toolbar' }, count,
					h('div', { class: 'field kb-filter' }, h('label', { for: 'wb-kb-filter' }, t('wb.kb_filter')), filter)),
				list),
			h('aside', { class: 'card bot-panel', 'aria-labelledby': 'wb-bot-title' },
				h('h3', { id: 'wb-bot-title' }, t('wb.bot_title')),
				h('p', { class: 'hint' }, t('wb.bot_hint')),
				form, botOut)),
		keyHelp([['Tab / Shift+Tab', t('wb.key_kb_tab')], ['Enter', t('wb.key_bot_enter')]]));
	draw();

	return {
		element,
		onKey: () => false,
		setDisabled(d) {
			disabled = d;
			draw();
		},
		destroy() {},
	};
}
