import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { requireUser } from '$lib/server/auth/guard';
import { correctNeeded } from '$lib/server/content/format/pass-mark';
import { findQuiz, publishedVersionNumber, quizOfVersion } from '$lib/server/content';
import { db } from '$lib/server/db';
import { openCourse } from '$lib/server/learning/access';
import { isEnrolled } from '$lib/server/learning/progress';
import {
	findAttempt,
	quizSummaries,
	readAnswers,
	startOrResumeAttempt,
	submitAttempt
} from '$lib/server/quizzes/attempts';
import { questionsForAttempt } from '$lib/server/quizzes/view';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Attempt ids are ours (randomId): short, lower-case letters and digits. */
const attemptIdSchema = v.pipe(v.string(), v.regex(/^[a-z0-9]{8,40}$/));

async function quizOf(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const user = requireUser(event);
	const course = await openCourse(db(), user, event.params.course);
	const quiz = findQuiz(course, event.params.module);
	if (!quiz) error(404, { message: 'not-found' });
	if (!(await isEnrolled(db(), user.id, course.id))) {
		error(403, { message: m.quiz_not_enrolled() });
	}
	return { user, course, quiz };
}

// Like a lesson, a quiz page ships no framework JavaScript: it is a plain form. Whether the phone
// can keep the answers offline, and whether this attempt's answers wait on it, are shown by the
// small script every page loads (src/lib/browser/phone.js), from what the service worker says.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { user, course, quiz } = await quizOf(event);
	const attempt = await startOrResumeAttempt(
		db(),
		user.id,
		quiz,
		publishedVersionNumber(course.id)
	);
	const summary = (await quizSummaries(db(), user.id, course.id)).get(quiz.moduleId);
	const questions = questionsForAttempt(quiz, attempt.layout);
	return {
		course: { id: course.id, title: course.title },
		quiz: { moduleId: quiz.moduleId, title: quiz.title, passScore: quiz.passScore },
		attemptId: attempt.id,
		// Sent back with the answers: a phone that kept them offline sends them for this person only.
		personId: user.id,
		questions,
		// The pass mark as a count, by the grader's own rule ("5 de 6"), not a bare percentage.
		needed: correctNeeded(questions.length, quiz.passScore),
		best: summary?.bestScore ?? null,
		attempts: summary?.attempts ?? 0
	};
};

export const actions: Actions = {
	enviar: async (event) => {
		const { user, course, quiz } = await quizOf(event);
		const form = await event.request.formData();
		const parsed = v.safeParse(attemptIdSchema, form.get('attempt'));
		if (!parsed.success) return fail(400, { message: m.quiz_bad_attempt() });
		const attemptId = parsed.output;
		const attempt = await findAttempt(db(), attemptId);
		if (
			!attempt ||
			attempt.userId !== user.id ||
			attempt.moduleId !== quiz.moduleId ||
			attempt.courseId !== course.id
		) {
			return fail(400, { message: m.quiz_bad_attempt() });
		}
		if (attempt.submittedAt) return fail(409, { message: m.quiz_already_submitted() });
		// Graded against the version the questions were drawn from, even if republished since.
		const drawnFrom =
			(await quizOfVersion(db(), course.id, quiz.moduleId, attempt.contentVersion)) ?? quiz;
		const read = readAnswers(form, attempt.layout, drawnFrom);
		if (!read.ok) return fail(400, { message: m.quiz_bad_answers() });
		const result = await submitAttempt(db(), {
			attemptId,
			userId: user.id,
			quiz: drawnFrom,
			answers: read.answers
		});
		if (!result.ok) {
			return fail(result.reason === 'already-submitted' ? 409 : 400, {
				message:
					result.reason === 'already-submitted' ? m.quiz_already_submitted() : m.quiz_bad_attempt()
			});
		}
		redirect(303, `/cursos/${course.id}/evaluacion/${quiz.moduleId}/intento/${attemptId}`);
	}
};
