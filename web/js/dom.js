/*
 * dom.js: a tiny element builder and DOM helpers shared by every page.
 * h('button', {class: 'btn', onclick: fn, 'aria-label': '…'}, 'text', child)
 * Attributes named on* become event listeners. Text is always added as text
 * nodes and there is no innerHTML anywhere, so user data never becomes markup.
 */

let idCounter = 0;

/* Returns a fresh id for label/aria wiring, e.g. uid('q') → "q-17". */
export function uid(prefix = 'id') {
	idCounter += 1;
	return `${prefix}-${idCounter}`;
}

function setAttr(el, name, value) {
	if (value === undefined || value === null || value === false) return;
	if (name.startsWith('on') && typeof value === 'function') {
		el.addEventListener(name.slice(2), value);
	} else if (name === 'class') {
		el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
	} else if (name === 'dataset') {
		Object.assign(el.dataset, value);
	} else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'selected' ||
		name === 'indeterminate') {
		el[name] = value;
	} else if (value === true) {
		el.setAttribute(name, '');
	} else {
		el.setAttribute(name, String(value));
	}
}

function append(el, child) {
	if (child === null || child === undefined || child === false) return;
	if (Array.isArray(child)) {
		child.forEach((c) => append(el, c));
	} else if (child instanceof Node) {
		el.appendChild(child);
	} else {
		el.appendChild(document.createTextNode(String(child)));
	}
}

/* Creates an HTML element with attributes and children (strings, nodes or arrays). */
export function h(tag, attrs = {}, ...children) {
	const el = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs || {})) setAttr(el, k, v);
	append(el, children);
	return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/* Creates an SVG element; same calling convention as h(). */
export function s(tag, attrs = {}, ...children) {
	const el = document.createElementNS(SVG_NS, tag);
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === undefined || v === null || v === false) continue;
		if (k === 'class') el.setAttribute('class', v);
		else el.setAttribute(k, String(v));
	}
	append(el, children);
	return el;
}

/* Removes all children of el and appends the given ones. */
export function replace(el, ...children) {
	while (el.firstChild) el.removeChild(el.firstChild);
	append(el, children);
	return el;
}

/* True when keyboard focus is in a place where typed letters are text input. */
export function isTypingTarget(el) {
	if (!el || !(el instanceof Element)) return false;
	if (el.isContentEditable) return true;
	if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
	if (el.tagName !== 'INPUT') return false;
	const nonText = ['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'];
	return !nonText.includes((el.type || 'text').toLowerCase());
}
