import { error } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guard';
import { db } from '$lib/server/db';
import { reportXlsx } from '$lib/server/evidence/export';
import { evidencePage, exportName } from '$lib/server/evidence/pages';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	requireRole(event, 'admin');
	const page = await evidencePage(db(), event.url.searchParams);
	if (!page.view) error(404, { message: 'no course' });
	const bytes = await reportXlsx(page.view, [page.courseTitle, page.filterText]);
	return new Response(bytes as BodyInit, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${exportName(page, 'xlsx')}"`,
			'cache-control': 'private, no-store'
		}
	});
};
