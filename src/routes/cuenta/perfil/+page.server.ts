import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireUser, safeReturnPath } from '$lib/server/auth/guard';
import { db } from '$lib/server/db';
import { evidenceFieldErrors } from '$lib/server/evidence/forms';
import {
	eraseProfile,
	getProfile,
	profileOptions,
	profileValues,
	readProfileForm,
	saveOwnProfile,
	skipProfile
} from '$lib/server/evidence/profile';
import { countSurveys, eraseSurveys } from '$lib/server/evidence/surveys';
import type { Actions, PageServerLoad } from './$types';

/** Where to go afterwards: given after sign-up (`volver`), else back here. */
function back(form: FormData | URLSearchParams): string | null {
	const value = form.get('volver');
	return typeof value === 'string' && value ? safeReturnPath(value) : null;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const profile = await getProfile(db(), user.id);
	return {
		values: profileValues(profile),
		options: profileOptions(),
		hasProfile: profile !== null,
		recordedInClass: profile?.recordedBy !== null && profile !== null,
		surveys: await countSurveys(db(), user.id),
		back: back(event.url.searchParams),
		saved: event.url.searchParams.get('guardado') === '1'
	};
};

export const actions: Actions = {
	guardar: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const read = readProfileForm(form);
		if (!read.ok) {
			return fail(400, {
				message: m.evidence_error_form(),
				errors: evidenceFieldErrors(read.errors),
				values: read.values,
				back: back(form)
			});
		}
		await saveOwnProfile(db(), user.id, read.answers);
		redirect(303, back(form) ?? '/cuenta/perfil?guardado=1');
	},
	ahoraNo: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		await skipProfile(db(), user.id);
		redirect(303, back(form) ?? '/cuenta');
	},
	borrar: async (event) => {
		const user = requireUser(event);
		await eraseProfile(db(), user.id);
		return { done: m.evidence_profile_erased() };
	},
	borrarEncuestas: async (event) => {
		const user = requireUser(event);
		await eraseSurveys(db(), user.id);
		return { done: m.evidence_surveys_erased() };
	}
};
