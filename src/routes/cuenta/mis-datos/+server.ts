import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireUser } from '$lib/server/auth/guard';
import { db } from '$lib/server/db';
import { personalData } from '$lib/server/privacy/personal-data';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const data = await personalData(db(), user.id);
	if (!data) error(404, { message: 'not-found' });
	const day = data.exportedAt.slice(0, 10);
	const file = { readme: m.privacy_file_readme({ date: day }), ...data };
	return new Response(JSON.stringify(file, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="microaula-${user.username}-${day}.json"`,
			'cache-control': 'private, no-store'
		}
	});
};
