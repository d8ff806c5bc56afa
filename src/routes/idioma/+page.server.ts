import { error, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { safeReturnPath } from '$lib/server/auth/guard';
import { locales } from '$lib/paraglide/runtime.js';
import type { Actions, PageServerLoad } from './$types';

const switchSchema = v.object({
	idioma: v.picklist(locales),
	volver: v.optional(v.pipe(v.string(), v.maxLength(1000)), '/')
});

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const form = await request.formData();
		const input = v.safeParse(switchSchema, {
			idioma: form.get('idioma'),
			volver: form.get('volver') ?? undefined
		});
		if (!input.success) error(400, { message: m.form_invalid() });
		// Readable by the browser too: Paraglide's client runtime reads the same cookie.
		cookies.set('microaula-lang', input.output.idioma, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			maxAge: 60 * 60 * 24 * 400
		});
		redirect(303, safeReturnPath(input.output.volver));
	}
};
