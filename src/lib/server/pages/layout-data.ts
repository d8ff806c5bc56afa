// What the root layout shows on every page: the person's menu, their class invitations and the
// results of quizzes answered offline. Read here so the shared-page hook can read it too.
import { findCourse, findQuiz } from '../content';
import { db } from '../db';
import { offlineNotices } from '../quizzes/offline';

export type LayoutData = Awaited<ReturnType<typeof layoutData>>;

export async function layoutData(locals: App.Locals) {
	const user = locals.user;
	const participant = user?.role === 'participant';
	return {
		// The role alone (the menu): a page that greets the person by name reads the name itself, so
		// the layout is the same for everyone with that role (see shared.ts).
		user: user && { role: user.role },
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
}
