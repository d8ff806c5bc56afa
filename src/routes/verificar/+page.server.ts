import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { normalizeCertificateCode } from '$lib/server/certificates/code';
import type { Actions } from './$types';

const codeSchema = v.pipe(v.string(), v.trim(), v.maxLength(40));

export const actions: Actions = {
	default: async ({ request }) => {
		const value = (await request.formData()).get('code');
		const raw = typeof value === 'string' ? value.slice(0, 40) : '';
		const parsed = v.safeParse(codeSchema, value);
		const code = parsed.success ? normalizeCertificateCode(parsed.output) : null;
		if (!code) return fail(400, { code: raw, message: m.verify_bad_format() });
		redirect(303, `/verificar/${code}`);
	}
};
