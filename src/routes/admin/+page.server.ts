import { requireRole } from '$lib/server/auth/guard';
import { courseFunnel, platformStats, quizPassRates } from '$lib/server/admin/stats';
import { allCourses } from '$lib/server/content';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const courses = allCourses();
	return {
		stats: await platformStats(db()),
		courses: await Promise.all(
			courses.map(async (course) => ({
				id: course.id,
				title: course.title,
				funnel: await courseFunnel(db(), course),
				quizzes: (await quizPassRates(db(), course)).map((q, i) => ({
					...q,
					title: `${i + 1}. ${course.modules[i].title}`
				}))
			}))
		)
	};
};
