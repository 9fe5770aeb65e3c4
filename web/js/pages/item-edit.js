/*
 * pages/item-edit.js: create or edit a bank question (#/items/new,
 * #/items/:id, #/items/:id?version=2 read-only) with every field, a live
 * preview as the candidate would see it, and the list of versions. Server
 * findings (422 invalid_field) are shown next to the fields they name.
 */
import { h, replace } from '../dom.js';
import { t, fmtTime } from '../i18n.js';
import { get, post, put } from '../api.js';
import { pageHead, loading, errorBox, notice, field, select, LEVELS, TYPES, STATUSES, levelName, typeName } from '../ui.js';
import { functionInput } from '../std-cache.js';
import { questionBody, LETTERS } from '../question.js';

const MAX_OPTIONS = 8;
const BLANK = { ext_id: '', level: 5, type: 'single', function: '', content: '', knowledge: '', difficulty: 3,
	stem: '', options: ['', '', '', ''], answer: '', partial_credit: false, explanation: '', enemies: [], status: 'draft' };

const optionText = (o) => (o !== null && typeof o === 'object' ? o.text ?? '' : String(o ?? ''));

/* The item as the candidate's screen gets it (options keyed A, B, …; judge as T/F). */
function candidateView(item) {
	if (item.type === 'judge') {
		return { ...item, options: [{ key: 'T', text: t('q.true') }, { key: 'F', text: t('q.false') }] };
	}
	if (item.type === 'fill') return { ...item, options: [] };
	return { ...item, options: item.options.map((text, i) => ({ key: LETTERS[i], text })) };
}

export async function mount(main, params, ctx) {
	const id = params[0] ? Number(params[0]) : null;
	const version = ctx.query.get('version');
	main.append(pageHead(id ? t('item.edit_title') : t('item.new_title')));
	const holder = h('div', {}, loading());
	main.append(holder);

	let item = { ...BLANK, options: [...BLANK.options] };
	let versions = [];
	let current = null;
	if (id) {
		try {
			const data = await get(`/items/${id}${version ? `?version=${encodeURIComponent(version)}` : ''}`);
			item = { ...BLANK, ...data.item };
			item.options = (data.item.options || []).map(optionText);
			item.enemies = data.item.enemies || [];
			versions = data.versions || [];
			current = versions.length ? Math.max(...versions.map((v) => Number(v.version))) : item.version;
		} catch (err) {
			replace(holder, errorBox(err), h('p', {}, h('a', { href: '#/items' }, t('item.back'))));
			return;
		}
	}
	const readOnly = !!(version && current && Number(version) !== Number(current));

	/* ---- fields ---- */
	const f = {};
	f.ext_id = h('input', { type: 'text', value: item.ext_id, autocomplete: 'off' });
	f.level = select(LEVELS.map((l) => [l, levelName(l)]), item.level);
	f.type = select(TYPES.map((x) => [x, typeName(x)]), item.type);
	f.function = functionInput(() => f.level.value);
	f.function.value = item.function || '';
	f.content = h('input', { type: 'text', value: item.content || '' });
	f.knowledge = h('input', { type: 'text', value: item.knowledge || '' });
	f.difficulty = select([1, 2, 3, 4, 5].map((d) => [d, t(`item.difficulty_${d}`)]), item.difficulty);
	f.stem = h('textarea', { rows: '4' }, item.stem || '');
	f.answer = h('input', { type: 'text', value: item.answer || '', autocomplete: 'off' });
	f.partial_credit = h('input', { type: 'checkbox', checked: !!item.partial_credit });
	f.explanation = h('textarea', { rows: '3' }, item.explanation || '');
	f.enemies = h('input', { type: 'text', value: (item.enemies || []).join(', ') });
	f.status = select(STATUSES.map((x) => [x, t(`status.${x}`)]), item.status);

	const wrap = {};
	const fld = (name, label, opts) => {
		wrap[name] = field(label, f[name], opts);
		return wrap[name];
	};

	let options = [...item.options];
	const optionsBox = h('fieldset', { class: 'options-edit' });
	const optionsError = h('p', { class: 'field-error', hidden: true });
	wrap.options = {
		setError: (text) => {
			optionsError.hidden = !text;
			optionsError.textContent = text || '';
		},
	};
	const answerHint = h('p', { class: 'hint', id: 'answer-hint' });
	const previewBox = h('div', { class: 'preview-body' });
	const msg = h('div', { class: 'form-msg' });

	const collect = () => ({
		ext_id: f.ext_id.value.trim(),
		level: Number(f.level.value),
		type: f.type.value,
		function: f.function.value.trim(),
		content: f.content.value.trim(),
		knowledge: f.knowledge.value.trim(),
		difficulty: Number(f.difficulty.value),
		stem: f.stem.value,
		options: ['single', 'multi'].includes(f.type.value) ? options.map((o) => o.trim()) : [],
		answer: f.answer.value.trim(),
		partial_credit: f.type.value === 'multi' && f.partial_credit.checked,
		explanation: f.explanation.value,
		enemies: f.enemies.value.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean),
		status: f.status.value,
	});

	const renderPreview = () => {
		const cur = collect();
		replace(previewBox,
			questionBody(candidateView(cur), { name: 'preview' }),
			h('dl', { class: 'facts small' },
				h('div', {}, h('dt', {}, t('item.answer')), h('dd', {}, cur.answer || '—')),
				cur.explanation ? h('div', {}, h('dt', {}, t('item.explanation')), h('dd', {}, cur.explanation)) : null));
	};

	const renderOptions = () => {
		const kind = f.type.value;
		const hasOptions = kind === 'single' || kind === 'multi';
		optionsBox.hidden = !hasOptions;
		wrap.partial_credit.hidden = kind !== 'multi';
		answerHint.textContent = t(`item.answer_hint_${kind}`);
		replace(optionsBox, h('legend', {}, t('item.options')),
			h('ol', { class: 'option-rows' }, options.map((text, i) => {
				const input = h('input', { type: 'text', value: text, id: `opt-${i}`, disabled: readOnly });
				/* the form's own input listener redraws the preview */
				input.addEventListener('input', () => {
					options[i] = input.value;
				});
				return h('li', {},
					h('label', { for: input.id }, t('item.option', { letter: LETTERS[i] })),
					input,
					h('button', {
						type: 'button', class: 'btn btn-small btn-ghost', disabled: readOnly || options.length <= 2,
						'aria-label': t('item.remove_option', { letter: LETTERS[i] }),
						onclick: () => {
							options.splice(i, 1);
							renderOptions();
							renderPreview();
						},
					}, '✕'));
			})),
			h('button', {
				type: 'button', class: 'btn btn-small', disabled: readOnly || options.length >= MAX_OPTIONS,
				onclick: () => {
					options.push('');
					renderOptions();
					optionsBox.querySelector(`#opt-${options.length - 1}`).focus();
				},
			}, t('item.add_option')));
	};

	const form = h('form', { class: 'card form-grid', novalidate: true, 'aria-labelledby': 'page-title' },
		fld('ext_id', t('item.ext_id'), { hint: t('item.ext_id_hint') }),
		fld('level', t('item.level'), { required: true }),
		fld('type', t('item.type'), { required: true }),
		fld('function', t('item.function'), { required: true, hint: t('item.function_hint') }),
		fld('content', t('item.content'), { hint: t('item.content_hint') }),
		fld('knowledge', t('item.knowledge')),
		fld('difficulty', t('item.difficulty')),
		fld('status', t('item.status')),
		fld('stem', t('item.stem'), { required: true, wide: true, hint: t('item.stem_hint') }),
		h('div', { class: 'field wide' }, optionsBox, optionsError),
		fld('answer', t('item.answer'), { required: true }),
		fld('partial_credit', t('item.partial_credit')),
		fld('explanation', t('item.explanation'), { wide: true }),
		fld('enemies', t('item.enemies'), { wide: true, hint: t('item.enemies_hint') }),
		msg,
		readOnly ? null : h('div', { class: 'form-actions wide' },
			h('button', { type: 'submit', class: 'btn btn-primary' }, id ? t('item.save_version') : t('item.create')),
			h('a', { class: 'btn btn-ghost', href: '#/items' }, t('common.cancel'))));
	wrap.answer.insertBefore(answerHint, wrap.answer.querySelector('.field-error'));
	f.answer.setAttribute('aria-describedby', 'answer-hint');
	wrap.partial_credit.classList.add('checkbox-field');
	if (readOnly) form.querySelectorAll('input, select, textarea').forEach((el) => { el.disabled = true; });

	form.addEventListener('input', renderPreview);
	f.type.addEventListener('change', () => {
		renderOptions();
		renderPreview();
	});
	f.level.addEventListener('change', () => f.function.refresh());

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		replace(msg);
		Object.values(wrap).forEach((w) => w.setError(''));
		const body = collect();
		try {
			const res = id ? await put(`/items/${id}`, body) : await post('/items', body);
			if (id) {
				ctx.navigate(`#/items/${id}?saved=${res.item ? res.item.version : ''}`);
			} else {
				ctx.navigate(`#/items/${res.item.id}?saved=1`);
			}
		} catch (err) {
			(err.details || []).forEach((d) => {
				const key = String(d.field || '').startsWith('option') ? 'options' : d.field;
				if (wrap[key]) wrap[key].setError(d.reason);
			});
			msg.append(errorBox(err));
			const firstBad = form.querySelector('[aria-invalid="true"]');
			if (firstBad) firstBad.focus();
		}
	});

	const versionList = versions.length ? h('section', { class: 'card', 'aria-labelledby': 'versions-title' },
		h('h2', { id: 'versions-title' }, t('item.versions')),
		h('div', { class: 'table-wrap' }, h('table', { class: 'table compact' },
			h('caption', { class: 'sr-only' }, t('item.versions')),
			h('thead', {}, h('tr', {}, ['version', 'updated_at', 'updated_by', 'view'].map((c) => h('th', { scope: 'col' }, t(`item.vcol.${c}`))))),
			h('tbody', {}, versions.map((v) => h('tr', { class: Number(v.version) === Number(version || current) ? 'selected' : null },
				h('td', { class: 'num' }, v.version, Number(v.version) === Number(current) ? ` (${t('item.current')})` : ''),
				h('td', {}, fmtTime(v.updated_at)),
				h('td', {}, v.updated_by || '—'),
				h('td', {}, h('a', { href: Number(v.version) === Number(current) ? `#/items/${id}` : `#/items/${id}?version=${v.version}` },
					t('item.view_version', { n: v.version }))))))))) : null;

	replace(holder, 
		ctx.query.get('saved') ? notice(t('item.saved')) : null,
		readOnly ? notice(t('item.old_version', { n: version }), 'warn') : null,
		readOnly ? h('p', {}, h('a', { href: `#/items/${id}` }, t('item.to_current'))) : null,
		h('div', { class: 'edit-layout' },
			form,
			h('div', { class: 'side' },
				h('section', { class: 'card preview', 'aria-labelledby': 'preview-title' },
					h('h2', { id: 'preview-title' }, t('item.preview')),
					h('p', { class: 'hint' }, t('item.preview_hint')),
					previewBox),
				versionList)),
		h('p', {}, h('a', { href: '#/items' }, t('item.back'))));
	renderOptions();
	renderPreview();
}
