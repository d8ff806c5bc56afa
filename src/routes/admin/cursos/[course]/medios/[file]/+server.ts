import { error } from '@sveltejs/kit';
import { getDraft, listVersions, mediaOf } from '$lib/server/content/studio';
import { requireAuthor } from '$lib/server/content/studio-forms';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

const TYPES: Record<string, string> = { svg: 'image/svg+xml', webp: 'image/webp' };

/**
 * The images of a course's open draft (uploaded, not yet published), for the editor's preview;
 * without a draft, those of the published (or latest) version. Authors and administrators only; never cached.
 */
export const GET: RequestHandler = async (event) => {
	requireAuthor(event);
	const { course, file } = event.params;
	const match = /^[a-z0-9][a-z0-9-]*\.(svg|webp)$/.exec(file);
	if (!match) error(404, { message: 'not-found' });
	const versions = await listVersions(db(), course);
	const version =
		(await getDraft(db(), course)) ?? versions.find((v) => v.status === 'published') ?? versions[0];
	const bytes = version && (await mediaOf(db(), course, version.number, `media/${file}`));
	if (!bytes) error(404, { message: 'not-found' });
	return new Response(bytes.slice(), {
		headers: {
			'content-type': TYPES[match[1]],
			'cache-control': 'private, no-store',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
			'x-content-type-options': 'nosniff'
		}
	});
};
