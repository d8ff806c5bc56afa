import { requireRole } from '$lib/server/auth/guard';
import { db } from '$lib/server/db';
import { evidencePage } from '$lib/server/evidence/pages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	return evidencePage(db(), event.url.searchParams);
};
