import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { findCourse, findQuiz, publishedVersionNumber, quizOfVersion } from '$lib/server/content';
import { db } from '$lib/server/db';
import { canOpenCourse } from '$lib/server/learning/access';
import { isEnrolled } from '$lib/server/learning/progress';
import {
	prepareOfflineAttempts,
	submitOfflineAnswers,
	type OfflineAnswersRefusal,
	type PhoneAnswers
} from '$lib/server/quizzes/offline';
import type { RequestHandler } from './$types';

// 401 and 409 tell the phone to keep the answers (the right person may sign in again); any other
// 4xx to drop them: they can never count.
const REFUSALS: Record<OfflineAnswersRefusal, { status: number; message: () => string }> = {
	'not-found': { status: 404, message: m.offline_quiz_unknown },
	'other-course': { status: 404, message: m.offline_quiz_unknown },
	'bad-answers': { status: 400, message: m.quiz_bad_answers },
	'bad-time': { status: 400, message: m.phone_sync_bad },
	'too-old': { status: 422, message: m.offline_quiz_too_old },
	'already-submitted': { status: 422, message: m.offline_quiz_not_counted },
	'too-many': { status: 429, message: m.offline_quiz_not_counted }
};

/** One quiz's answers are a few hundred bytes; anything far larger is not from our service worker. */
const MAX_BODY_BYTES = 64 * 1024;

const text = (value: unknown, max = 200) =>
	typeof value === 'string' && value.length <= max ? value : null;

function phoneAnswers(value: unknown): PhoneAnswers | null {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
	// A map without a prototype: a question id such as "__proto__" is just an unknown id.
	const out: PhoneAnswers = Object.create(null);
	for (const [id, values] of Object.entries(value)) {
		if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return null;
		Object.defineProperty(out, id, { value: values, enumerable: true });
	}
	return out;
}

/**
 * Quiz answers given on a phone without connection, sent by the service worker when it is back
 * (src/service-worker.ts). JSON only: a cross-site page cannot send JSON without the browser's
 * permission check, and SvelteKit refuses cross-site forms.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	if (!locals.user) return json({ message: m.phone_sync_sign_in() }, { status: 401 });
	let body: Record<string, unknown> | null = null;
	if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) {
		return json({ message: m.phone_sync_bad() }, { status: 413 });
	}
	if (request.headers.get('content-type')?.startsWith('application/json')) {
		try {
			const raw = await request.text();
			if (raw.length > MAX_BODY_BYTES)
				return json({ message: m.phone_sync_bad() }, { status: 413 });
			const parsed: unknown = JSON.parse(raw);
			if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
		} catch {
			body = null;
		}
	}
	if (!body) return json({ message: m.phone_sync_bad() }, { status: 400 });
	const [userId, courseId, attemptId, answeredAt] = [
		text(body.userId),
		text(body.courseId),
		text(body.attemptId, 40),
		text(body.answeredAt)
	];
	const sentAt = body.sentAt === undefined ? null : text(body.sentAt);
	const answers = phoneAnswers(body.answers);
	if (!userId || !courseId || !attemptId || !answeredAt || !answers) {
		return json({ message: m.phone_sync_bad() }, { status: 400 });
	}
	if (userId !== locals.user.id) {
		return json({ message: m.offline_quiz_other_person() }, { status: 409 });
	}
	const course = findCourse(courseId);
	// As the quiz form: only someone enrolled (not removed from the course meanwhile) answers.
	if (
		!course ||
		!(await canOpenCourse(db(), locals.user, course)) ||
		!(await isEnrolled(db(), locals.user.id, course.id))
	) {
		return json({ message: m.offline_quiz_unknown() }, { status: 404 });
	}
	const result = await submitOfflineAnswers(db(), {
		userId,
		courseId: course.id,
		attemptId,
		answers,
		answeredAt,
		sentAt,
		// Graded against the version the questions were drawn from, even if republished since.
		quizOf: async (attempt) =>
			(await quizOfVersion(db(), course.id, attempt.moduleId, attempt.contentVersion)) ??
			findQuiz(course, attempt.moduleId) ??
			null
	});
	// A module not passed gets its next attempt ready for the phone to store.
	if (result.ok || result.reason === 'already-submitted') {
		await prepareOfflineAttempts(db(), userId, course, publishedVersionNumber(course.id));
	}
	if (!result.ok) {
		const refusal = REFUSALS[result.reason];
		return json({ reason: result.reason, message: refusal.message() }, { status: refusal.status });
	}
	return json({
		score: result.attempt.score,
		passed: result.attempt.passed,
		replay: result.replay,
		result: `/cursos/${course.id}/evaluacion/${result.attempt.moduleId}/intento/${result.attempt.id}`
	});
};
