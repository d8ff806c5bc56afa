import { findCourse, findQuiz } from '$lib/server/content';
import { db } from '$lib/server/db';
import { offlineNotices } from '$lib/server/quizzes/offline';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.user;
	const participant = user?.role === 'participant';
	return {
		user: user && { username: user.username, displayName: user.displayName, role: user.role },
		// Classes that invited this person wait for their answer on /invitaciones (counted with
		// the session lookup, so no query of its own).
		invitations: participant ? locals.invitations : 0,
		// Quizzes answered offline and graded since: shown on every page until their result is opened
		// (the session lookup counted them, so pages without any ask nothing more).
		offlineResults:
			user && locals.offlineNotices > 0
				? (await offlineNotices(db(), user.id)).flatMap((n) => {
						const course = findCourse(n.courseId);
						const quiz = course && findQuiz(course, n.moduleId);
						return quiz
							? [
									{
										title: quiz.title,
										score: n.score,
										passed: n.passed,
										counted: n.counted,
										href: `/cursos/${n.courseId}/evaluacion/${n.moduleId}/intento/${n.attemptId}`
									}
								]
							: [];
					})
				: []
	};
};
