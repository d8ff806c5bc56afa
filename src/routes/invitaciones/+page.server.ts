import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { requireUser } from '$lib/server/auth/guard';
import { answerInvitation, pendingInvitations } from '$lib/server/classes/cohorts';
import { findCourse } from '$lib/server/content';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const invitations = await pendingInvitations(db(), user.id);
	return {
		invitations: invitations.map((i) => ({
			...i,
			courseTitle: findCourse(i.courseId)?.title ?? i.courseId
		}))
	};
};

const cohortIdSchema = v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(64));

async function answer(event: RequestEvent, accept: boolean) {
	const user = requireUser(event);
	const cohortId = v.safeParse(cohortIdSchema, (await event.request.formData()).get('cohortId'));
	if (!cohortId.success) return fail(400, { message: m.fac_bad_request() });
	const result = await answerInvitation(db(), user, cohortId.output, accept);
	if (!result.ok) {
		return fail(result.reason === 'not-invited' ? 404 : 409, {
			message: result.reason === 'not-invited' ? m.sec_invitation_gone() : m.join_closed()
		});
	}
	const course = findCourse(result.cohort.course_id);
	return accept
		? {
				accepted: {
					className: result.cohort.name,
					courseId: result.cohort.course_id,
					courseTitle: course?.title ?? ''
				}
			}
		: { declined: result.cohort.name };
}

export const actions: Actions = {
	aceptar: (event) => answer(event, true),
	rechazar: (event) => answer(event, false)
};
