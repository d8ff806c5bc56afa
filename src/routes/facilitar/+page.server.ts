import { fail, redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guard';
import { createCohort, listCohorts } from '$lib/server/classes/cohorts';
import { newCohortSchema } from '$lib/server/classes/forms';
import { findCourse } from '$lib/server/content';
import { isPublished, publishedCourses } from '$lib/server/content/publishing';
import { db } from '$lib/server/db';
import { fieldErrors, formValues } from '$lib/server/messages';
import { validate } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, 'facilitator');
	const cohorts = await listCohorts(db(), user);
	return {
		cohorts: cohorts.map((c) => ({
			...c,
			courseTitle: findCourse(c.courseId)?.title ?? c.courseId
		})),
		courses: (await publishedCourses(db())).map((c) => ({ id: c.id, title: c.title }))
	};
};

export const actions: Actions = {
	crear: async (event) => {
		const user = requireRole(event, 'facilitator');
		const values = formValues(await event.request.formData(), [
			'courseId',
			'name',
			'place',
			'startsOn',
			'endsOn'
		]);
		const result = validate(newCohortSchema, values);
		if (!result.ok) return fail(400, { values, errors: fieldErrors(result.errors) });
		// An unpublished course stays open only to those already enrolled: a new class would let
		// anyone with its join code in.
		if (!(await isPublished(db(), result.value.courseId)))
			return fail(400, { values, errors: fieldErrors({ courseId: 'unknown_course' }) });
		const cohort = await createCohort(db(), user.id, result.value);
		redirect(303, `/facilitar/clases/${cohort.id}`);
	}
};
