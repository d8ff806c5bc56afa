import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { safeReturnPath } from '$lib/server/auth/guard';
import { dummyHash, verifyPassword } from '$lib/server/auth/password';
import { createSession, setSessionCookie } from '$lib/server/auth/session';
import { findUserByUsername } from '$lib/server/auth/users';
import { db } from '$lib/server/db';
import { formValues } from '$lib/server/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const back = safeReturnPath(url.searchParams.get('volver'));
	if (locals.user) redirect(303, back);
	return { back, needed: url.searchParams.has('volver') && back !== '/' };
};

export const actions: Actions = {
	default: async ({ request, cookies, url }) => {
		const form = await request.formData();
		const { username: typed, volver } = formValues(form, ['username', 'volver']);
		const values = { username: typed, volver };
		const username = typed.trim().toLowerCase();
		const password = form.get('password');
		if (!username || typeof password !== 'string' || !password) {
			return fail(400, { ...values, message: m.signin_missing() });
		}
		if (username.length > 64 || password.length > 256) {
			return fail(400, { ...values, message: m.signin_wrong() });
		}
		const user = await findUserByUsername(db(), username);
		const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), password);
		if (!user || !ok) return fail(400, { ...values, message: m.signin_wrong() });
		if (user.disabled_at) return fail(403, { ...values, message: m.signin_disabled() });

		const { token } = await createSession(db(), user.id);
		setSessionCookie(cookies, token, url.protocol === 'https:');
		const back = safeReturnPath(volver);
		redirect(
			303,
			user.must_change_password ? `/cuenta/contrasena?volver=${encodeURIComponent(back)}` : back
		);
	}
};
