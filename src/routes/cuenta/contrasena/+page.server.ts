import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { tooManyAttempts } from '$lib/server/auth/retry-after';
import { requireUser, safeReturnPath } from '$lib/server/auth/guard';
import { setSessionCookie } from '$lib/server/auth/session';
import { changePassword, changePasswordSchema } from '$lib/server/auth/signin';
import { isLikeUsername } from '$lib/server/auth/password-rules';
import { resetNotice } from '$lib/server/auth/users';
import { validate } from '$lib/server/validation';
import { db } from '$lib/server/db';
import { fieldErrors } from '$lib/server/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return {
		must: user.mustChangePassword,
		reset: await resetNotice(db(), user.id),
		back: safeReturnPath(event.url.searchParams.get('volver') ?? '/cuenta')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const volver = String(form.get('volver') ?? '/cuenta').slice(0, 1000);
		const input = validate(changePasswordSchema, {
			current: form.get('current') ?? '',
			next: form.get('next') ?? '',
			repeat: form.get('repeat') ?? '',
			volver
		});
		if (!input.ok) return fail(400, { volver, errors: fieldErrors(input.errors) });
		if (isLikeUsername(input.value.next, user.username)) {
			return fail(400, { volver, errors: fieldErrors({ next: 'password_username' }) });
		}
		const result = await changePassword(db(), {
			userId: user.id,
			current: input.value.current,
			next: input.value.next
		});
		if (!result.ok) {
			if (result.reason === 'blocked') {
				return tooManyAttempts(event, result.retryAfterMs, m.signin_too_many, { volver });
			}
			return fail(400, {
				volver,
				errors: { current: m.account_password_wrong_current() } as Record<string, string>
			});
		}
		setSessionCookie(event.cookies, result.token, event.url.protocol === 'https:');
		const back = safeReturnPath(input.value.volver);
		redirect(303, back === '/cuenta' ? '/cuenta?contrasena=cambiada' : back);
	}
};
