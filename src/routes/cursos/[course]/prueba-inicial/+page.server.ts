import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireUser } from '$lib/server/auth/guard';
import { findSurvey } from '$lib/server/content';
import { db } from '$lib/server/db';
import {
	drawPreCheck,
	findPreCheck,
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
	const summary = { id: course.id, title: course.title };
	// Just sent: the stored result, as "n de N" (the draw is the same for this person).
	if (event.url.searchParams.has('resultado')) {
		const stored = await findPreCheck(db(), user.id, course.id);
		const total = drawPreCheck(course, user.id)?.layout.questions.length ?? 0;
		if (stored && stored.score !== null && total > 0) {
			return {
				course: summary,
				questions: [],
				result: { correct: Math.round((stored.score * total) / 100), total },
				next: nextBeforeCourse(course, evidence)
			};
		}
	}
	const check = evidence.preCheck ? drawPreCheck(course, user.id) : null;
	if (!check) redirect(303, nextBeforeCourse(course, evidence));
	return { course: summary, questions: preCheckQuestions(check), result: null, next: null };
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
		redirect(303, `/cursos/${course.id}/prueba-inicial?resultado`);
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
