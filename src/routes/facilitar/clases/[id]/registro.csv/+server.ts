import { classDashboard, dashboardCsv } from '$lib/server/classes/dashboard';
import { requireManagedCohort } from '$lib/server/classes/guard';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { cohort, course } = await requireManagedCohort(event);
	const csv = dashboardCsv(course, await classDashboard(db(), cohort, course));
	const name =
		cohort.name
			.normalize('NFD')
			.replace(/[^\w-]+/g, '-')
			.slice(0, 40) || 'clase';
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="registro-${name}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
