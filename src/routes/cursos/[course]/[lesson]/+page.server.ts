import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { findLesson, findModule, neighbours } from '$lib/server/content';
import { lessonHtml, withImagesHidden } from '$lib/server/content/render/lessons';
import { m } from '$lib/paraglide/messages.js';
import { kilobytes } from '$lib/format';
import { db } from '$lib/server/db';
import { deferHtml } from '$lib/server/deferred-html';
import { openCourseWithRecord } from '$lib/server/learning/access';
import { afterLesson } from '$lib/server/learning/navigation';
import { markLessonDone } from '$lib/server/learning/progress';
import { percentComplete } from '$lib/server/learning/rules';
import { dataSaverOn } from '$lib/server/preferences';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type LessonEvent = Pick<RequestEvent, 'locals' | 'url' | 'params' | 'isDataRequest'>;

// A lesson is for reading: its page ships no framework JavaScript at all (a phone parses nothing
// to show it, and the JS budget stays far below 35 KB). Everything on it works as plain HTML;
// listening and the offline indicator come from the small script every page loads. Reached by a
// client-side navigation from another page, it still renders there like any page.
export const csr = false;

/** The lesson, and the person's record in its course: one query besides the session's. */
async function lessonOf(event: LessonEvent) {
	const user = requireUser(event);
	const { course, record } = await openCourseWithRecord(db(), user, event.params.course);
	const lesson = findLesson(course, event.params.lesson);
	if (!lesson) error(404, { message: 'not-found' });
	return { user, course, lesson, record };
}

export const load: PageServerLoad = async (event) => {
	const { user, course, lesson, record } = await lessonOf(event);
	const dataSaver = dataSaverOn(event.cookies);
	const html = await lessonHtml(lesson);
	const { previous, next } = neighbours(course, lesson.id);
	const module = findModule(course, lesson.moduleId);
	const position = course.lessons.indexOf(lesson) + 1;
	return {
		course: { id: course.id, title: course.title },
		module: { id: lesson.moduleId, title: module?.title ?? '' },
		lesson: {
			id: lesson.id,
			title: lesson.title,
			minutes: lesson.minutes,
			html: deferHtml(
				event,
				dataSaver
					? withImagesHidden(
							html,
							(image) =>
								image
									? m.phone_show_image_size({ size: kilobytes(image.bytes) })
									: m.phone_show_image(),
							new Set(event.url.searchParams.getAll('imagen'))
						)
					: html
			),
			hasImages: html.includes('<img'),
			done: record.doneLessons.has(lesson.id)
		},
		position,
		total: course.lessons.length,
		percent: percentComplete(course, record),
		previous: previous && { id: previous.id, title: previous.title },
		next: next && { id: next.id, title: next.title },
		// Also where "done" leads: the service worker answers with it when the phone is offline.
		continueHref: afterLesson(course, lesson.id, record.passedQuizzes),
		userId: user.id,
		dataSaver
	};
};

export const actions: Actions = {
	completar: async (event) => {
		const { user, course, lesson, record } = await lessonOf(event);
		await markLessonDone(db(), { userId: user.id, courseId: course.id, lessonId: lesson.id });
		// Marking a lesson passes no quiz: the record read before still says where to go next.
		redirect(303, afterLesson(course, lesson.id, record.passedQuizzes));
	}
};
