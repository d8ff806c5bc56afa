import { error } from '@sveltejs/kit';
import { courseFunnel, hardestQuestions, quizPassRates } from '$lib/server/admin/stats';
import { requireRole } from '$lib/server/auth/guard';
import { findCourse } from '$lib/server/content';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const course = findCourse(event.params.course);
	if (!course) error(404, { message: 'not-found' });
	const rates = await quizPassRates(db(), course);
	return {
		course: { id: course.id, title: course.title },
		funnel: await courseFunnel(db(), course),
		modules: await Promise.all(
			course.modules.map(async (mod, i) => {
				const texts = new Map(mod.quiz?.questions.map((q) => [q.id, q.text]) ?? []);
				return {
					id: mod.id,
					title: `${i + 1}. ${mod.title}`,
					rate: rates[i],
					hardest: (await hardestQuestions(db(), course.id, mod.id)).map((h) => ({
						...h,
						text: texts.get(h.questionId) ?? h.questionId
					}))
				};
			})
		)
	};
};
