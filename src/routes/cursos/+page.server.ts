import { db } from '$lib/server/db';
import { courseCard } from '$lib/server/content';
import { publishedCourses } from '$lib/server/content/publishing';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	return { courses: (await publishedCourses(db())).map(courseCard) };
};
