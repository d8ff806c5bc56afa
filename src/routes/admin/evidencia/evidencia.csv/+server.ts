import { requireRole } from '$lib/server/auth/guard';
import { db } from '$lib/server/db';
import { reportCsv } from '$lib/server/evidence/export';
import { evidencePage, exportName } from '$lib/server/evidence/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	requireRole(event, 'admin');
	const page = await evidencePage(db(), event.url.searchParams);
	return new Response(page.view ? reportCsv(page.view) : '', {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${exportName(page, 'csv')}"`,
			'cache-control': 'private, no-store'
		}
	});
};
