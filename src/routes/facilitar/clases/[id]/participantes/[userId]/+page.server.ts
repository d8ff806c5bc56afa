import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { mayResetMemberPassword, resetMemberPassword } from '$lib/server/classes/accounts';
import { isMember, removeMember } from '$lib/server/classes/cohorts';
import { classDashboard } from '$lib/server/classes/dashboard';
import { requireManagedCohort } from '$lib/server/classes/guard';
import { findLesson } from '$lib/server/content';
import { db } from '$lib/server/db';
import { doneLessonIds, markLessonDone } from '$lib/server/learning/progress';
import { evidenceFieldErrors } from '$lib/server/evidence/forms';
import {
	hasProfile,
	profileOptions,
	profileValues,
	readProfileForm,
	recordProfileInClass
} from '$lib/server/evidence/profile';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

async function memberOf(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const found = await requireManagedCohort(event);
	if (!(await isMember(db(), found.cohort.id, event.params.userId)))
		error(404, { message: 'not-found' });
	return found;
}

export const load: PageServerLoad = async (event) => {
	const { cohort, course } = await memberOf(event);
	const dashboard = await classDashboard(db(), cohort, course);
	const person = dashboard.participants.find((p) => p.id === event.params.userId)!;
	const progress = await db()
		.selectFrom('lesson_progress')
		.select(['lesson_id', 'source', 'completed_at'])
		.where('user_id', '=', person.id)
		.where('course_id', '=', course.id)
		.execute();
	const done = new Map(progress.map((p) => [p.lesson_id, p]));
	return {
		cohort: { id: cohort.id, name: cohort.name },
		person,
		mayResetPassword: await mayResetMemberPassword(db(), cohort, person.id),
		// Whether the person answered the profile, never what they answered.
		profile: {
			answered: await hasProfile(db(), person.id),
			options: profileOptions(),
			values: profileValues(null)
		},
		modules: course.modules.map((mod, i) => ({
			id: mod.id,
			title: `${i + 1}. ${mod.title}`,
			standing: person.modules[i],
			lessons: mod.lessons.map((l) => ({
				id: l.id,
				title: l.title,
				done: done.has(l.id),
				inClass: done.get(l.id)?.source === 'facilitator',
				at: done.get(l.id)?.completed_at.slice(0, 10) ?? null
			}))
		}))
	};
};

export const actions: Actions = {
	registrar: async (event) => {
		const { user, cohort, course } = await memberOf(event);
		const lessonId = String((await event.request.formData()).get('lessonId') ?? '');
		const lesson = findLesson(course, lessonId);
		if (!lesson) return fail(400, { message: m.fac_bad_request() });
		const before = await doneLessonIds(db(), event.params.userId, course.id);
		await markLessonDone(db(), {
			userId: event.params.userId,
			courseId: cohort.course_id,
			lessonId,
			source: 'facilitator',
			recordedBy: user.id
		});
		return {
			message: before.has(lessonId)
				? m.fac_already_done()
				: m.fac_recorded({ lesson: lesson.title })
		};
	},
	contrasena: async (event) => {
		const { user, cohort } = await memberOf(event);
		const result = await resetMemberPassword(db(), cohort, event.params.userId, user.id);
		if (!result.ok && result.reason === 'not-member')
			return fail(404, { message: m.fac_not_member() });
		if (!result.ok) return fail(403, { message: m.sec_reset_not_allowed() });
		return { password: result.password };
	},
	perfil: async (event) => {
		const { user, cohort } = await memberOf(event);
		const read = readProfileForm(await event.request.formData());
		if (!read.ok) {
			return fail(400, {
				profileMessage: m.evidence_error_form(),
				profileErrors: evidenceFieldErrors(read.errors),
				profileValues: read.values
			});
		}
		const result = await recordProfileInClass(db(), {
			cohortId: cohort.id,
			facilitatorId: user.id,
			userId: event.params.userId,
			answers: read.answers
		});
		if (!result.ok && result.reason === 'not-member') {
			return fail(404, { message: m.fac_not_member() });
		}
		if (!result.ok && result.reason === 'not-participant') {
			return fail(403, { message: m.evidence_fac_not_participant() });
		}
		if (!result.ok) return fail(409, { message: m.evidence_fac_has_profile() });
		return { message: m.evidence_fac_saved() };
	},
	quitar: async (event) => {
		const { cohort } = await memberOf(event);
		await removeMember(db(), cohort, event.params.userId);
		redirect(303, `/facilitar/clases/${cohort.id}`);
	}
};
