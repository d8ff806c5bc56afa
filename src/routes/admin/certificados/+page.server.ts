import { m } from '$lib/paraglide/messages.js';
import { searchCertificates } from '$lib/server/admin/certificates';
import { ensurePageExists, pageParam } from '$lib/server/admin/paging';
import { requireRole } from '$lib/server/auth/guard';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 80);
	const page = pageParam(event.url);
	const result = await searchCertificates(db(), q, page);
	ensurePageExists(page, result.pages);
	return {
		q,
		...result,
		items: result.items.map((c) => ({
			code: c.code,
			name: c.name_printed || m.privacy_name_removed(),
			course: c.course_title,
			issuedAt: c.issued_at.slice(0, 10),
			revoked: c.revoked_at !== null
		}))
	};
};
