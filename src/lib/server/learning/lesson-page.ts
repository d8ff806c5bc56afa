// What a lesson page shows, read in one place: by the page's load and by the shared-page hook,
// which renders the page once for everyone in the same situation (see ../pages/shared.ts). So it
// holds nothing about the person but what the page shows them: whether they read the lesson and
// where "continue" leads. Their progress bar is on the course page; the service worker learns
// whose mark it keeps from a header (PERSON_HEADER), not from the page.
import { error } from '@sveltejs/kit';
import { requireUser } from '../auth/guard';
import { findLesson, findModule, neighbours } from '../content';
import { lessonHtml, withImagesHidden } from '../content/render/lessons';
import { m } from '$lib/paraglide/messages.js';
import { kilobytes } from '$lib/format';
import { db } from '../db';
import { openCourseWithRecord } from './access';
import { afterLesson } from './navigation';
import { dataSaverOn } from '../preferences';
import type { RequestEvent } from '@sveltejs/kit';

type LessonEvent = Pick<RequestEvent, 'locals' | 'url' | 'params' | 'cookies'>;

/** The lesson, and the person's record in its course: one query besides the session's. */
export async function lessonOf(event: Pick<LessonEvent, 'locals' | 'url' | 'params'>) {
	const user = requireUser(event);
	const { course, record } = await openCourseWithRecord(db(), user, event.params.course ?? '');
	const lesson = findLesson(course, event.params.lesson ?? '');
	if (!lesson) error(404, { message: 'not-found' });
	return { user, course, lesson, record };
}

export type LessonPage = Awaited<ReturnType<typeof lessonPage>>;

export async function lessonPage(event: LessonEvent) {
	const { course, lesson, record } = await lessonOf(event);
	const dataSaver = dataSaverOn(event.cookies);
	const html = await lessonHtml(lesson);
	const { previous, next } = neighbours(course, lesson.id);
	const module = findModule(course, lesson.moduleId);
	return {
		course: { id: course.id, title: course.title },
		module: { id: lesson.moduleId, title: module?.title ?? '' },
		lesson: {
			id: lesson.id,
			title: lesson.title,
			minutes: lesson.minutes,
			html: dataSaver
				? withImagesHidden(
						html,
						(image) =>
							image
								? m.phone_show_image_size({ size: kilobytes(image.bytes) })
								: m.phone_show_image(),
						new Set(event.url.searchParams.getAll('imagen'))
					)
				: html,
			hasImages: html.includes('<img'),
			done: record.doneLessons.has(lesson.id)
		},
		position: course.lessons.indexOf(lesson) + 1,
		total: course.lessons.length,
		previous: previous && { id: previous.id, title: previous.title },
		next: next && { id: next.id, title: next.title },
		// Also where "done" leads: the service worker answers with it when the phone is offline.
		continueHref: afterLesson(course, lesson.id, record.passedQuizzes),
		dataSaver
	};
}
