import { requireUser } from '$lib/server/auth/guard';
import { db } from '$lib/server/db';
import { myCourses } from '$lib/server/learning/overview';
import { followUpsDueFor } from '$lib/server/evidence/surveys';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const mine = await myCourses(db(), user.id);
	return {
		mine: mine.map(({ record: _, ...rest }) => rest),
		followUps: await followUpsDueFor(db(), user.id)
	};
};
