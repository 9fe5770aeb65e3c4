/*
 * workbench/dispatch.js: the #/attempt/:id route. Loads the attempt once to
 * learn its part: a skill attempt gets the skill page (with the data already
 * loaded), a theory attempt the theory exam page (pages/attempt.js). When
 * the attempt cannot be loaded, the theory page shows the error and a retry.
 */
import { get } from '../api.js';
import { mountSkill } from './page.js';

export async function mount(main, params, ctx) {
	const id = Number(params[0]);
	let data = null;
	const t0 = Date.now();
	try {
		data = await get(`/attempts/${id}`);
	} catch {
		data = null;
	}
	const t1 = Date.now();
	if (data && (data.part === 'skill' || (!data.items && Array.isArray(data.tasks)))) return mountSkill(main, id, ctx, { data, t0, t1 });
	const theory = await import('../pages/attempt.js');
	return theory.mount(main, params, ctx);
}
