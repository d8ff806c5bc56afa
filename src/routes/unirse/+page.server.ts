import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { clientAddress, requireUser } from '$lib/server/auth/guard';
import { joinByCodeLimited } from '$lib/server/classes/cohorts';
import { tooManyAttempts } from '$lib/server/auth/retry-after';
import { findCourse } from '$lib/server/content';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	return { code: (url.searchParams.get('codigo') ?? '').slice(0, 20) };
};

export const actions: Actions = {
	default: async (event) => {
		const code = String((await event.request.formData()).get('code') ?? '').slice(0, 20);
		if (!event.locals.user)
			redirect(303, `/entrar?volver=${encodeURIComponent(`/unirse?codigo=${code}`)}`);
		const user = requireUser(event);
		const result = await joinByCodeLimited(db(), {
			userId: user.id,
			code,
			address: clientAddress(event)
		});
		if (!result.ok && result.reason === 'blocked') {
			return tooManyAttempts(event, result.retryAfterMs, m.sec_join_too_many, { code });
		}
		if (!result.ok) {
			const message = {
				format: m.join_bad_format(),
				unknown: m.join_unknown(),
				disabled: m.join_disabled(),
				closed: m.join_closed(),
				finished: m.join_finished()
			}[result.reason];
			return fail(result.reason === 'format' || result.reason === 'unknown' ? 400 : 409, {
				code,
				message
			});
		}
		const course = findCourse(result.cohort.course_id);
		return {
			joined: {
				className: result.cohort.name,
				courseId: result.cohort.course_id,
				courseTitle: course?.title ?? ''
			}
		};
	}
};
