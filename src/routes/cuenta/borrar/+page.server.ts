import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { tooManyAttempts } from '$lib/server/auth/retry-after';
import { requireUser } from '$lib/server/auth/guard';
import { deleteSessionCookie } from '$lib/server/auth/session';
import { confirmPassword } from '$lib/server/auth/signin';
import { db } from '$lib/server/db';
import {
	certificatesToDecide,
	deleteAccount,
	readCertificateChoices
} from '$lib/server/privacy/delete-account';
import type { Actions, PageServerLoad } from './$types';

const passwordSchema = v.pipe(v.string(), v.nonEmpty(), v.maxLength(256));

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return {
		canDelete: user.role === 'participant',
		certificates: await certificatesToDecide(db(), user.id)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const certificates = await certificatesToDecide(db(), user.id);
		const { choices, complete, revokeCodes } = readCertificateChoices(form, certificates);
		const refill = { choices };

		if (user.role !== 'participant') {
			return fail(403, { ...refill, message: m.privacy_not_participant() });
		}
		if (!complete) {
			return fail(400, { ...refill, message: m.privacy_choice_missing() });
		}
		const password = form.get('password');
		if (!v.is(passwordSchema, password)) {
			return fail(400, { ...refill, errors: { password: m.privacy_wrong_password() } });
		}
		const check = await confirmPassword(db(), user.id, password);
		if (!check.ok) {
			if (check.reason === 'blocked') {
				return tooManyAttempts(event, check.retryAfterMs, m.signin_too_many, refill);
			}
			return fail(400, { ...refill, errors: { password: m.privacy_wrong_password() } });
		}

		const result = await deleteAccount(db(), { userId: user.id, revokeCodes });
		if (!result.ok) {
			const message =
				result.reason === 'runs-classes' ? m.privacy_runs_classes() : m.privacy_not_participant();
			return fail(409, { ...refill, message });
		}
		deleteSessionCookie(event.cookies);
		redirect(303, '/?cuenta=borrada');
	}
};
