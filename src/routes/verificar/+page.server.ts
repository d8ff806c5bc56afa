import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { normalizeCertificateCode } from '$lib/server/certificates/code';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request }) => {
		const raw = String((await request.formData()).get('code') ?? '').slice(0, 40);
		const code = normalizeCertificateCode(raw);
		if (!code) return fail(400, { code: raw, message: m.verify_bad_format() });
		redirect(303, `/verificar/${code}`);
	}
};
