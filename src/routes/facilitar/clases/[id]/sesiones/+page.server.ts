import { fail, redirect } from '@sveltejs/kit';
import { classSessionSchema } from '$lib/server/classes/forms';
import { requireManagedCohort } from '$lib/server/classes/guard';
import { classSessions, createClassSession } from '$lib/server/classes/sessions';
import { db } from '$lib/server/db';
import { fieldErrors, formValues } from '$lib/server/messages';
import { validate } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cohort, course } = await requireManagedCohort(event);
	return {
		cohort: { id: cohort.id, name: cohort.name, startsOn: cohort.starts_on },
		modules: course.modules.map((mod) => ({ id: mod.id, title: mod.title })),
		sessions: await classSessions(db(), cohort.id)
	};
};

export const actions: Actions = {
	crear: async (event) => {
		const { cohort, course } = await requireManagedCohort(event);
		const values = formValues(await event.request.formData(), [
			'date',
			'time',
			'topic',
			'moduleId'
		]);
		const result = validate(classSessionSchema, values);
		if (!result.ok) return fail(400, { values, errors: fieldErrors(result.errors) });
		if (result.value.moduleId && !course.modules.some((m) => m.id === result.value.moduleId)) {
			return fail(400, { values, errors: fieldErrors({ moduleId: 'required' }) });
		}
		const session = await createClassSession(db(), cohort, result.value);
		redirect(303, `/facilitar/clases/${cohort.id}/sesiones/${session.id}`);
	}
};
