import { classDashboard } from '$lib/server/classes/dashboard';
import { requireManagedCohort } from '$lib/server/classes/guard';
import { classSessions } from '$lib/server/classes/sessions';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cohort, course } = await requireManagedCohort(event);
	const dashboard = await classDashboard(db(), cohort, course);
	const people = dashboard.participants;
	return {
		cohort: {
			id: cohort.id,
			name: cohort.name,
			place: cohort.place,
			startsOn: cohort.starts_on,
			endsOn: cohort.ends_on
		},
		course: { title: course.title, hours: course.hours },
		sessions: await classSessions(db(), cohort.id),
		people,
		totals: {
			participants: people.length,
			certified: people.filter((p) => p.certificate === 'valid').length,
			averagePercent: people.length
				? Math.round(people.reduce((s, p) => s + p.percent, 0) / people.length)
				: 0
		},
		printedAt: new Date().toISOString().slice(0, 10)
	};
};
