import { redirect } from '@sveltejs/kit';
import { safeReturnPath } from '$lib/server/auth/guard';
import { isLocale } from '$lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const form = await request.formData();
		const locale = String(form.get('idioma') ?? '');
		if (isLocale(locale)) {
			// Readable by the browser too: Paraglide's client runtime reads the same cookie.
			cookies.set('microaula-lang', locale, {
				path: '/',
				httpOnly: false,
				sameSite: 'lax',
				maxAge: 60 * 60 * 24 * 400
			});
		}
		redirect(303, safeReturnPath(String(form.get('volver') ?? '/')));
	}
};
