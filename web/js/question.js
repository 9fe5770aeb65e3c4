/*
 * question.js: draws one question as the candidate sees it: judge and single
 * as a radio group, multi as checkboxes, fill as a text input; options shown
 * A, B, C… by position (the option keys are opaque). Used by the exam page
 * and by the question editor's live preview.
 */
import { h, uid } from './dom.js';
import { t } from './i18n.js';

export const LETTERS = 'ABCDEFGH';

/* Splits a stored multi answer ("AC" or "A,C") into keys that exist among the options. */
export function multiKeys(answer, options) {
	if (!answer) return [];
	const keys = options.map((o) => String(o.key));
	const parts = answer.includes(',') ? answer.split(',') : [...answer];
	return parts.map((p) => p.trim()).filter((p) => keys.includes(p));
}

/*
 * Returns the question body: a fieldset (options) or a labelled text field.
 * q: {type, stem, options:[{key, text}]}; answer: the current answer;
 * onAnswer(value, {typing}) is called on every change; disabled locks it.
 */
export function questionBody(q, { answer = null, onAnswer = () => {}, disabled = false, name = uid('q') } = {}) {
	const options = q.options || [];
	if (q.type === 'fill') {
		const stemId = uid('stem');
		const input = h('input', {
			type: 'text', id: uid('fill'), class: 'fill-input', value: answer ?? '', disabled,
			autocomplete: 'off', spellcheck: 'false', 'aria-describedby': stemId,
		});
		input.addEventListener('input', () => onAnswer(input.value === '' ? null : input.value, { typing: true }));
		input.addEventListener('change', () => onAnswer(input.value === '' ? null : input.value, { typing: false }));
		return h('div', { class: 'q-body' },
			h('p', { class: 'q-stem', id: stemId }, q.stem),
			h('div', { class: 'fill-row' }, h('label', { for: input.id }, t('q.fill_label')), input),
			h('p', { class: 'hint' }, t('q.fill_hint')));
	}
	const multi = q.type === 'multi';
	const chosen = multi ? multiKeys(answer, options) : [answer];
	const inputs = [];
	const fire = () => {
		if (multi) {
			const keys = inputs.filter((i) => i.checked).map((i) => i.value).sort();
			onAnswer(keys.length ? keys.join('') : null, { typing: false });
		} else {
			const sel = inputs.find((i) => i.checked);
			onAnswer(sel ? sel.value : null, { typing: false });
		}
	};
	/* judge options read 正确/错误 in the page's language, whatever language the server used */
	const label = (o) => (q.type === 'judge' && (o.key === 'T' || o.key === 'F') ? t(o.key === 'T' ? 'q.true' : 'q.false') : o.text);
	const rows = options.map((o, i) => {
		const input = h('input', {
			type: multi ? 'checkbox' : 'radio', name, value: String(o.key), id: uid('opt'),
			checked: chosen.includes(String(o.key)), disabled,
		});
		input.addEventListener('change', fire);
		inputs.push(input);
		return h('li', {}, h('label', { class: 'option', for: input.id },
			input,
			h('span', { class: 'opt-key' }, LETTERS[i] || String(i + 1)),
			' ',
			h('span', { class: 'opt-text' }, label(o))));
	});
	return h('fieldset', { class: 'q-body', disabled },
		h('legend', { class: 'q-stem' }, q.stem),
		multi ? h('p', { class: 'hint' }, t('q.multi_hint')) : null,
		h('ul', { class: 'options', role: 'list' }, rows));
}
