import { auditLog } from '$lib/server/admin/courses';
import { ensurePageExists, pageParam } from '$lib/server/admin/paging';
import { requireRole } from '$lib/server/auth/guard';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const action = (event.url.searchParams.get('accion') ?? '').slice(0, 40);
	const actor = (event.url.searchParams.get('quien') ?? '').slice(0, 64);
	const page = pageParam(event.url);
	const result = await auditLog(
		db(),
		{ action: action || undefined, actor: actor || undefined },
		page
	);
	ensurePageExists(page, result.pages);
	return { action, actor, ...result };
};
