import { fail, redirect } from '@sveltejs/kit';
import { safeReturnPath } from '$lib/server/auth/guard';
import { createSession, invalidateSession, setSessionCookie } from '$lib/server/auth/session';
import { createUser, signupSchema } from '$lib/server/auth/users';
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
	default: async ({ request, cookies, url, locals }) => {
		const form = await request.formData();
		const values = formValues(form, FIELDS);
		const result = validate(signupSchema, { ...values, password: form.get('password') ?? '' });
		if (!result.ok) return fail(400, { values, errors: fieldErrors(result.errors) });

		const user = await createUser(db(), result.value);
		if (!user) return fail(400, { values, errors: fieldErrors({ username: 'username_taken' }) });

		if (locals.session) await invalidateSession(db(), locals.session.id);
		const { token } = await createSession(db(), user.id);
		setSessionCookie(cookies, token, url.protocol === 'https:');
		redirect(303, safeReturnPath(values.volver || '/cursos'));
	}
};
