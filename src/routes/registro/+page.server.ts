import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { tooManyAttempts } from '$lib/server/auth/retry-after';
import { clientAddress, safeReturnPath } from '$lib/server/auth/guard';
import { signupsPerAddress } from '$lib/server/config';
import { createSession, invalidateSession, setSessionCookie } from '$lib/server/auth/session';
import { signUp } from '$lib/server/auth/signin';
import { signupSchema } from '$lib/server/auth/users';
import { validate } from '$lib/server/validation';
import { db } from '$lib/server/db';
import { fieldErrors, formValues } from '$lib/server/messages';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = ['username', 'displayName', 'email', 'phone', 'volver'];

export const load: PageServerLoad = ({ locals, url }) => {
	const back = safeReturnPath(url.searchParams.get('volver') ?? '/cursos');
	if (locals.user) redirect(303, back);
	return { back };
};

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, url, locals, setHeaders } = event;
		const form = await request.formData();
		const values = formValues(form, FIELDS);
		const result = validate(signupSchema, { ...values, password: form.get('password') ?? '' });
		if (!result.ok) return fail(400, { values, errors: fieldErrors(result.errors) });

		const signup = await signUp(db(), {
			account: result.value,
			address: clientAddress(event),
			perHour: signupsPerAddress()
		});
		if (!signup.ok && signup.reason === 'blocked') {
			return tooManyAttempts({ setHeaders }, signup.retryAfterMs, m.signup_too_many, { values });
		}
		if (!signup.ok) {
			return fail(400, { values, errors: fieldErrors({ username: 'username_taken' }) });
		}
		const user = signup.user;

		if (locals.session) await invalidateSession(db(), locals.session.id);
		const { token } = await createSession(db(), user.id);
		setSessionCookie(cookies, token, url.protocol === 'https:');
		// The optional profile of issue 17 is asked once, right after sign-up, and is always skippable.
		const next = safeReturnPath(values.volver || '/cursos');
		redirect(303, `/cuenta/perfil?volver=${encodeURIComponent(next)}`);
	}
};
