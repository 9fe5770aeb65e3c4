/*
 * candidate-picker.js: a searchable checkbox list of candidates, each with
 * its own 延长时间（分钟） (extra minutes), for creating an exam or changing
 * its candidates. value() returns [{user_id, extra_min}].
 */
import { h, uid, replace } from './dom.js';
import { t } from './i18n.js';
import { get } from './api.js';
import { errorBox } from './ui.js';

/* initial: [{user_id, extra_min}] already chosen. Returns {element, value(), ready}. */
export function candidatePicker(initial = []) {
	const chosen = new Map(initial.map((c) => [Number(c.user_id), Number(c.extra_min) || 0]));
	let users = [];
	const titleId = uid('pick');
	const search = h('input', { type: 'search', id: uid('pick-q'), autocomplete: 'off' });
	const count = h('p', { class: 'muted', 'aria-live': 'polite' });
	const list = h('ul', { class: 'pick-list', role: 'list' });

	const updateCount = () => {
		count.textContent = t('picker.count', { n: chosen.size, total: users.length });
	};

	const visible = () => {
		const q = search.value.trim().toLowerCase();
		return users.filter((u) => !q || [u.username, u.name, u.id_number].some((v) => String(v || '').toLowerCase().includes(q)));
	};

	const row = (u) => {
		const id = Number(u.id);
		const name = u.name || u.username;
		const box = h('input', { type: 'checkbox', id: uid('pick-c'), checked: chosen.has(id) });
		const extra = h('input', {
			type: 'number', min: '0', max: '600', step: '1', class: 'extra-input', value: String(chosen.get(id) ?? 0),
			disabled: !chosen.has(id), 'aria-label': t('picker.extra_for', { name }),
		});
		box.addEventListener('change', () => {
			if (box.checked) chosen.set(id, Number(extra.value) || 0);
			else chosen.delete(id);
			extra.disabled = !box.checked;
			updateCount();
		});
		extra.addEventListener('input', () => {
			if (chosen.has(id)) chosen.set(id, Math.max(0, Number(extra.value) || 0));
		});
		return h('li', { class: 'pick-row' },
			h('label', { for: box.id, class: 'pick-name' }, box, ' ', name, h('span', { class: 'muted' }, ` (${u.username})`)),
			h('span', { class: 'pick-extra', 'aria-hidden': 'true' }, t('picker.extra')), extra);
	};

	const draw = () => {
		const shown = visible();
		replace(list, shown.length ? shown.map(row) : h('li', { class: 'empty' }, t('picker.none')));
		updateCount();
	};

	const setAll = (on) => {
		visible().forEach((u) => {
			if (on && !chosen.has(Number(u.id))) chosen.set(Number(u.id), 0);
			if (!on) chosen.delete(Number(u.id));
		});
		draw();
	};

	search.addEventListener('input', draw);
	const element = h('fieldset', { class: 'picker', 'aria-labelledby': titleId },
		h('legend', { id: titleId }, t('picker.title')),
		h('div', { class: 'picker-tools' },
			h('label', { for: search.id }, t('picker.search')), search,
			h('button', { type: 'button', class: 'btn btn-small', onclick: () => setAll(true) }, t('picker.select_all')),
			h('button', { type: 'button', class: 'btn btn-small btn-ghost', onclick: () => setAll(false) }, t('picker.clear'))),
		count, list);

	const ready = get('/users?role=candidate').then((data) => {
		users = (data.users || []).filter((u) => u.active !== false);
		draw();
	}).catch((err) => {
		replace(list, h('li', {}, errorBox(err)));
	});

	return {
		element,
		ready,
		value: () => [...chosen.entries()].map(([user_id, extra_min]) => ({ user_id, extra_min })),
	};
}
