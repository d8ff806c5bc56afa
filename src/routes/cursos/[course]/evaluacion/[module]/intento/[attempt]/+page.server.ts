import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { correctNeeded } from '$lib/server/content/format/pass-mark';
import { findQuiz, quizOfVersion } from '$lib/server/content';
import { db } from '$lib/server/db';
import { openCourse } from '$lib/server/learning/access';
import { courseRecord } from '$lib/server/learning/progress';
import { isCourseComplete } from '$lib/server/learning/rules';
import { afterQuiz } from '$lib/server/learning/navigation';
import { findAttempt } from '$lib/server/quizzes/attempts';
import { gradeAttempt } from '$lib/server/quizzes/grading';
import { clearOfflineNotice } from '$lib/server/quizzes/offline';
import { review } from '$lib/server/quizzes/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const course = await openCourse(db(), user, event.params.course);
	const quiz = findQuiz(course, event.params.module);
	const attempt = await findAttempt(db(), event.params.attempt);
	if (
		!quiz ||
		!attempt ||
		attempt.userId !== user.id ||
		attempt.moduleId !== quiz.moduleId ||
		!attempt.submittedAt
	) {
		error(404, { message: 'not-found' });
	}
	const drawnFrom =
		(await quizOfVersion(db(), course.id, quiz.moduleId, attempt.contentVersion)) ?? quiz;
	const grade = gradeAttempt(drawnFrom, attempt.layout, attempt.answers ?? {});
	const record = await courseRecord(db(), user.id, course.id);
	// Answered offline and graded since: the notice on every page has done its work.
	await clearOfflineNotice(db(), user.id, attempt.id);
	return {
		course: { id: course.id, title: course.title },
		quiz: { moduleId: quiz.moduleId, title: quiz.title, passScore: quiz.passScore },
		// The stored score is what counted; regrading only rebuilds the feedback.
		score: attempt.score ?? grade.score,
		passed: attempt.passed ?? grade.passed,
		// Answers from a second phone for an attempt already sent: shown, never counted.
		counted: attempt.notCountedReason === null,
		answeredOffline: attempt.answeredAt,
		correctCount: grade.correctCount,
		total: grade.total,
		needed: correctNeeded(grade.total, drawnFrom.passScore),
		questions: review(grade, attempt.layout),
		courseComplete: isCourseComplete(course, record),
		nextHref: afterQuiz(course, quiz.moduleId, record)
	};
};
