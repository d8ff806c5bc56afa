import { db } from '$lib/server/db';
import { courseCard } from '$lib/server/content';
import { publishedCourses } from '$lib/server/content/publishing';
import { myCourses } from '$lib/server/learning/overview';
import { followUpsDueFor } from '$lib/server/evidence/surveys';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const mine = locals.user ? await myCourses(db(), locals.user.id) : [];
	const courses = (await publishedCourses(db())).map(courseCard);
	return {
		name: locals.user?.displayName ?? '',
		mine: mine.map(({ record: _, ...rest }) => rest),
		courses,
		followUps: locals.user ? await followUpsDueFor(db(), locals.user.id) : [],
		accountDeleted: !locals.user && url.searchParams.get('cuenta') === 'borrada'
	};
};
