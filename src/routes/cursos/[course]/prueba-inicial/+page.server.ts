import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireUser } from '$lib/server/auth/guard';
import { findSurvey } from '$lib/server/content';
import { db } from '$lib/server/db';
import {
	drawPreCheck,
	gradePreCheck,
	preCheckQuestions,
	savePreCheck
} from '$lib/server/evidence/knowledge';
import { courseEvidence, nextBeforeCourse } from '$lib/server/evidence/participant';
import { openCourse } from '$lib/server/learning/access';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The course and where this person stands; the pre check itself only while it is open. */
async function context(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const user = requireUser(event);
	const course = await openCourse(db(), user, event.params.course);
	const evidence = await courseEvidence(db(), user.id, course, findSurvey(course.id));
	return { user, course, evidence };
}

export const load: PageServerLoad = async (event) => {
	const { user, course, evidence } = await context(event);
	if (!evidence.enrolled) redirect(303, `/cursos/${course.id}`);
	const check = evidence.preCheck ? drawPreCheck(course, user.id) : null;
	if (!check) redirect(303, nextBeforeCourse(course, evidence));
	return {
		course: { id: course.id, title: course.title },
		questions: preCheckQuestions(check)
	};
};

export const actions: Actions = {
	enviar: async (event) => {
		const { user, course, evidence } = await context(event);
		const check = evidence.preCheck ? drawPreCheck(course, user.id) : null;
		if (!check) redirect(303, nextBeforeCourse(course, evidence));
		const graded = gradePreCheck(check, await event.request.formData());
		if (!graded.ok) return fail(400, { message: m.evidence_pre_bad() });
		await savePreCheck(db(), {
			userId: user.id,
			courseId: course.id,
			result: { score: graded.grade.score, passed: graded.grade.passed }
		});
		return {
			result: { correct: graded.grade.correctCount, total: graded.grade.total },
			next: nextBeforeCourse(course, { ...evidence, preCheck: false })
		};
	},
	ahoraNo: async (event) => {
		const { user, course, evidence } = await context(event);
		if (!evidence.enrolled) redirect(303, `/cursos/${course.id}`);
		if (evidence.preCheck) {
			await savePreCheck(db(), { userId: user.id, courseId: course.id, result: 'skipped' });
		}
		redirect(303, nextBeforeCourse(course, { ...evidence, preCheck: false }));
	}
};
