import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { deferHtml } from '$lib/server/deferred-html';
import { lessonOf, lessonPage } from '$lib/server/learning/lesson-page';
import { afterLesson } from '$lib/server/learning/navigation';
import { markLessonDone } from '$lib/server/learning/progress';
import type { Actions, PageServerLoad } from './$types';

// A lesson is for reading: its page ships no framework JavaScript at all (a phone parses nothing
// to show it, and the JS budget stays far below 35 KB). Everything on it works as plain HTML;
// listening and the offline indicator come from the small script every page loads. Reached by a
// client-side navigation from another page, it still renders there like any page.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	// Read already when the shared-page hook looked for a rendered copy (src/lib/server/pages).
	const page = event.locals.sharedPage?.page ?? (await lessonPage(event));
	return { ...page, lesson: { ...page.lesson, html: deferHtml(event, page.lesson.html) } };
};

export const actions: Actions = {
	completar: async (event) => {
		const { user, course, lesson, record } = await lessonOf(event);
		await markLessonDone(db(), { userId: user.id, courseId: course.id, lessonId: lesson.id });
		// Marking a lesson passes no quiz: the record read before still says where to go next.
		redirect(303, afterLesson(course, lesson.id, record.passedQuizzes));
	}
};
