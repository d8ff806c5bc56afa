import { canPublish } from '$lib/server/auth/guard';
import { listCourses } from '$lib/server/content/studio';
import { requireAuthor } from '$lib/server/content/studio-forms';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

/** The studio's door for authors: every course, with its open draft, to edit. */
export const load: PageServerLoad = async (event) => {
	const actor = requireAuthor(event);
	const courses = await listCourses(db());
	return {
		canPublish: canPublish(actor),
		courses: courses
			.map((c) => ({
				id: c.id,
				title: c.title,
				published: c.published === null ? null : Number(c.published),
				draft: c.draft ? { number: Number(c.draft.number), status: c.draft.status } : null
			}))
			.sort((a, b) => a.title.localeCompare(b.title, 'es'))
	};
};
