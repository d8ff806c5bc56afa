import { ensurePageExists, pageParam } from '$lib/server/admin/paging';
import { searchPeople } from '$lib/server/admin/people';
import { requireRole } from '$lib/server/auth/guard';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 80);
	const page = pageParam(event.url);
	const result = await searchPeople(db(), q, page);
	ensurePageExists(page, result.pages);
	return { q, ...result, deleted: event.url.searchParams.get('borrada') === '1' };
};
