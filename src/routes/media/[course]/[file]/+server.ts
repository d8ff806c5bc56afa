import { error } from '@sveltejs/kit';
import { publishedMedia } from '$lib/server/content';
import type { RequestHandler } from './$types';

const TYPES: Record<string, string> = { svg: 'image/svg+xml', webp: 'image/webp' };

/** Lesson images of the published version of a course, from memory (stored once by hash). */
export const GET: RequestHandler = async ({ params, request }) => {
	const match = /^[a-z0-9][a-z0-9-]*\.(svg|webp)$/.exec(params.file);
	const media = match && publishedMedia(params.course, params.file);
	if (!match || !media) error(404, { message: 'not-found' });
	const etag = `"${media.hash.slice(0, 32)}"`;
	const headers = {
		'content-type': TYPES[match[1]],
		'cache-control': 'public, max-age=86400',
		etag,
		'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
		'x-content-type-options': 'nosniff'
	};
	if (request.headers.get('if-none-match') === etag)
		return new Response(null, { status: 304, headers });
	return new Response(media.bytes.slice(), { headers });
};
