import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guard';
import { findCourse, findFacilitatorNotes, findModule } from '$lib/server/content';
import { facilitatorNotesHtml } from '$lib/server/content/render/facilitator-notes';
import { lessonHtml } from '$lib/server/content/render/lessons';
import type { PageServerLoad } from './$types';

/** A module's lessons on one page, for printing as a handout. */
export const load: PageServerLoad = async (event) => {
	requireRole(event, 'facilitator');
	const course = findCourse(event.params.course);
	const mod = course && findModule(course, event.params.module);
	if (!course || !mod) error(404, { message: 'not-found' });
	const notes = findFacilitatorNotes(course, mod.id);
	return {
		course: { id: course.id, title: course.title },
		module: { title: mod.title, summary: mod.summary },
		notes: notes && {
			title: notes.title,
			minutes: notes.minutes,
			html: facilitatorNotesHtml(notes)
		},
		modules: course.modules.map((x) => ({ id: x.id, title: x.title })),
		lessons: await Promise.all(
			mod.lessons.map(async (l) => ({ id: l.id, title: l.title, html: await lessonHtml(l) }))
		)
	};
};
