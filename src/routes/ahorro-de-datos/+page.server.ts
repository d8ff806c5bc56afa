import { redirect } from '@sveltejs/kit';
import { safeReturnPath } from '$lib/server/auth/guard';
import { setDataSaver } from '$lib/server/preferences';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const form = await request.formData();
		setDataSaver(cookies, form.get('ahorro') === '1');
		redirect(303, safeReturnPath(String(form.get('volver') ?? '/')));
	}
};
