/*
 * pages/item-import.js: import questions from a CSV or GIFT file with an
 * upload progress bar (XMLHttpRequest upload events). Shows the number
 * imported, or the table of bad lines (行号, 字段, 原因) and that nothing
 * was imported (imports are all-or-nothing). GIFT files may lack metadata,
 * so level, function, content and difficulty defaults can be given.
 */
import { h, replace } from '../dom.js';
import { t, fmtNum } from '../i18n.js';
import { upload, query } from '../api.js';
import { pageHead, field, select, errorBox, notice, LEVELS, levelName } from '../ui.js';
import { functionInput } from '../std-cache.js';

const MAX_BYTES = 16 * 1024 * 1024;

export function mount(main) {
	const file = h('input', { type: 'file', accept: '.csv,.gift,.txt,text/csv,text/plain' });
	const format = select([['csv', t('import.csv')], ['gift', t('import.gift')]], 'csv');
	const level = select([['', t('import.no_default')], ...LEVELS.map((l) => [l, levelName(l)])], '');
	const fn = functionInput(() => level.value);
	level.addEventListener('change', () => fn.refresh());
	const content = h('input', { type: 'text' });
	const difficulty = select([['', t('import.no_default')], ...[1, 2, 3, 4, 5].map((d) => [d, t(`item.difficulty_${d}`)])], '');
	const defaults = h('fieldset', { class: 'form-grid inner', hidden: true },
		h('legend', {}, t('import.defaults')),
		h('p', { class: 'hint wide' }, t('import.defaults_hint')),
		field(t('item.level'), level), field(t('item.function'), fn),
		field(t('item.content'), content), field(t('item.difficulty'), difficulty));
	const bar = h('progress', { max: '100', value: '0', id: 'upload-progress' });
	const barText = h('span', { class: 'progress-text' });
	const progress = h('div', { class: 'progress', hidden: true },
		h('label', { for: 'upload-progress' }, t('import.progress')), bar, barText);
	const result = h('div', { class: 'import-result', 'aria-live': 'polite' });
	const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('import.submit'));

	const syncFormat = () => {
		defaults.hidden = format.value !== 'gift';
	};
	file.addEventListener('change', () => {
		const name = file.files[0] ? file.files[0].name.toLowerCase() : '';
		if (name.endsWith('.gift') || name.endsWith('.txt')) format.value = 'gift';
		else if (name.endsWith('.csv')) format.value = 'csv';
		syncFormat();
	});
	format.addEventListener('change', syncFormat);

	const form = h('form', { class: 'card form-grid', novalidate: true },
		field(t('import.file'), file, { required: true, hint: t('import.file_hint') }),
		field(t('import.format'), format),
		h('div', { class: 'wide' }, defaults),
		h('div', { class: 'form-actions wide' }, submit, h('a', { class: 'btn btn-ghost', href: '#/items' }, t('item.back'))),
		h('div', { class: 'wide' }, progress));

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		replace(result);
		const chosen = file.files[0];
		if (!chosen) {
			result.append(errorBox(new Error(t('import.no_file'))));
			file.focus();
			return;
		}
		if (chosen.size > MAX_BYTES) {
			result.append(errorBox(new Error(t('import.too_big', { mb: 16 }))));
			return;
		}
		const params = { format: format.value };
		if (format.value === 'gift') {
			Object.assign(params, { level: level.value, function: fn.value.trim(), content: content.value.trim(), difficulty: difficulty.value });
		}
		progress.hidden = false;
		bar.value = 0;
		barText.textContent = '0%';
		submit.disabled = true;
		try {
			const type = format.value === 'csv' ? 'text/csv' : 'text/plain';
			const data = await upload(`/items/import${query(params)}`, chosen, type, (loaded, total) => {
				const pct = total ? Math.round((loaded / total) * 100) : 0;
				bar.value = pct;
				barText.textContent = pct >= 100 ? t('import.checking') : `${pct}%`;
			});
			bar.value = 100;
			barText.textContent = t('import.done_short');
			result.append(notice(t('import.done', {
				n: fmtNum(data.imported, 0), created: fmtNum(data.created ?? 0, 0),
				updated: fmtNum(data.updated ?? 0, 0), unchanged: fmtNum(data.unchanged ?? 0, 0),
			})),
				h('p', {}, h('a', { href: '#/items' }, t('import.to_bank'))));
		} catch (err) {
			progress.hidden = true;
			result.append(errorBox(err, {
				caption: t('import.bad_lines'),
				extra: err.code === 'import_rejected' ? t('import.nothing') : null,
			}));
		} finally {
			submit.disabled = false;
		}
	});

	main.append(pageHead(t('import.title')), form, result);
}
