import { error, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { findLesson, findModule, neighbours } from '$lib/server/content';
import { lessonHtml } from '$lib/server/content/lessons';
import { db } from '$lib/server/db';
import { openCourse } from '$lib/server/learning/access';
import { afterLesson } from '$lib/server/learning/navigation';
import { courseRecord, markLessonDone } from '$lib/server/learning/progress';
import { percentComplete } from '$lib/server/learning/rules';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type LessonEvent = Pick<RequestEvent, 'locals' | 'url' | 'params'>;

async function lessonOf(event: LessonEvent) {
	const user = requireUser(event);
	const course = await openCourse(db(), user, event.params.course);
	const lesson = findLesson(course, event.params.lesson);
	if (!lesson) error(404, { message: 'not-found' });
	return { user, course, lesson };
}

export const load: PageServerLoad = async (event) => {
	const { user, course, lesson } = await lessonOf(event);
	const record = await courseRecord(db(), user.id, course.id);
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
			html: await lessonHtml(lesson),
			done: record.doneLessons.has(lesson.id)
		},
		position,
		total: course.lessons.length,
		percent: percentComplete(course, record),
		previous: previous && { id: previous.id, title: previous.title },
		next: next && { id: next.id, title: next.title },
		continueHref: afterLesson(course, lesson.id, record.passedQuizzes)
	};
};

export const actions: Actions = {
	completar: async (event) => {
		const { user, course, lesson } = await lessonOf(event);
		await markLessonDone(db(), { userId: user.id, courseId: course.id, lessonId: lesson.id });
		const record = await courseRecord(db(), user.id, course.id);
		redirect(303, afterLesson(course, lesson.id, record.passedQuizzes));
	}
};
