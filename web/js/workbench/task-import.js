/*
 * workbench/task-import.js: import a practical-task package (#/tasks/import):
 * a .tar.gz holding task.json and its assets, sent as application/gzip with
 * an upload progress bar. Shows the task imported (new, new version or
 * unchanged) with a link to it, or the server's findings naming each bad
 * field or archive entry (nothing is imported then).
 */
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { upload } from '../api.js';
import { pageHead, field, errorBox, notice } from '../ui.js';
import { fmtBytes } from './common.js';
import { taskTitle } from './tasks-page.js';

const MAX_BYTES = 64 * 1024 * 1024;

export function mount(main) {
	const file = h('input', { type: 'file', accept: '.tar.gz,.tgz,application/gzip,application/x-gzip' });
	const bar = h('progress', { max: '100', value: '0', id: 'task-upload-progress' });
	const barText = h('span', { class: 'progress-text' });
	const progress = h('div', { class: 'progress', hidden: true },
		h('label', { for: 'task-upload-progress' }, t('import.progress')), bar, barText);
	const result = h('div', { class: 'import-result', 'aria-live': 'polite' });
	const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('tasks.import_submit'));
	const form = h('form', { class: 'card form-grid', novalidate: true },
		field(t('tasks.import_file'), file, { required: true, wide: true, hint: t('tasks.import_hint', { max: fmtBytes(MAX_BYTES) }) }),
		h('div', { class: 'form-actions wide' }, submit, h('a', { class: 'btn btn-ghost', href: '#/tasks' }, t('task.back'))),
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
			result.append(errorBox(new Error(t('tasks.import_too_big', { max: fmtBytes(MAX_BYTES) }))));
			return;
		}
		progress.hidden = false;
		bar.value = 0;
		barText.textContent = '0%';
		submit.disabled = true;
		try {
			const data = await upload('/tasks/import', chosen, 'application/gzip', (loaded, total) => {
				const pct = total ? Math.round((loaded / total) * 100) : 0;
				bar.value = pct;
				barText.textContent = pct >= 100 ? t('import.checking') : `${pct}%`;
			});
			bar.value = 100;
			barText.textContent = t('import.done_short');
			const task = (data && data.task) || {};
			const title = taskTitle(task);
			result.append(notice(data && data.created ? t('tasks.imported_new', { title }) : t('tasks.imported_same', { title })),
				task.id ? h('p', {}, h('a', { href: `#/tasks/${task.id}` }, t('tasks.to_task', { title }))) : null);
		} catch (err) {
			progress.hidden = true;
			result.append(errorBox(err, {
				caption: t('tasks.import_problems'),
				extra: err.code === 'import_rejected' ? t('import.nothing') : null,
			}));
			const box = result.querySelector('.alert');
			if (box) box.focus();
		} finally {
			submit.disabled = false;
		}
	});

	main.append(pageHead(t('tasks.import_title')), form, result);
}
