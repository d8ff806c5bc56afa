import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { tooManyAttempts } from '$lib/server/auth/retry-after';
import { clientAddress, safeReturnPath } from '$lib/server/auth/guard';
import { setSessionCookie } from '$lib/server/auth/session';
import { signIn, signinSchema } from '$lib/server/auth/signin';
import { validate } from '$lib/server/validation';
import { db } from '$lib/server/db';
import { formValues } from '$lib/server/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const back = safeReturnPath(url.searchParams.get('volver'));
	if (locals.user) redirect(303, back);
	return {
		back,
		needed: url.searchParams.has('volver') && back !== '/',
		signedOutEverywhere: url.searchParams.get('salida') === 'todas'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, url, locals } = event;
		const form = await request.formData();
		const { username, volver } = formValues(form, ['username', 'volver']);
		const values = { username, volver };
		const input = validate(signinSchema, {
			username: form.get('username') ?? '',
			password: form.get('password') ?? '',
			volver: values.volver || '/'
		});
		if (!input.ok) {
			const missing = Object.values(input.errors).includes('required');
			return fail(400, { ...values, message: missing ? m.signin_missing() : m.signin_wrong() });
		}
		const result = await signIn(db(), {
			username: input.value.username,
			password: input.value.password,
			address: clientAddress(event),
			previousSessionId: locals.session?.id
		});
		if (!result.ok) {
			if (result.reason === 'blocked') {
				return tooManyAttempts(event, result.retryAfterMs, m.signin_too_many, values);
			}
			if (result.reason === 'disabled') {
				return fail(403, { ...values, message: m.signin_disabled() });
			}
			return fail(400, { ...values, message: m.signin_wrong() });
		}
		setSessionCookie(cookies, result.token, url.protocol === 'https:');
		const back = safeReturnPath(input.value.volver);
		redirect(
			303,
			result.user.must_change_password
				? `/cuenta/contrasena?volver=${encodeURIComponent(back)}`
				: back
		);
	}
};
