import { error } from '@sveltejs/kit';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findCourse } from '$lib/server/content';
import type { RequestHandler } from './$types';

const TYPES: Record<string, string> = { svg: 'image/svg+xml', webp: 'image/webp' };

/** Lesson images, straight from content/courses/<course>/media. */
export const GET: RequestHandler = async ({ params }) => {
	const match = /^[a-z0-9][a-z0-9-]*\.(svg|webp)$/.exec(params.file);
	if (!match || !findCourse(params.course)) error(404, { message: 'not-found' });
	let body: Buffer;
	try {
		body = await readFile(join('content', 'courses', params.course, 'media', params.file));
	} catch {
		error(404, { message: 'not-found' });
	}
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': TYPES[match[1]],
			'cache-control': 'public, max-age=86400',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
			'x-content-type-options': 'nosniff'
		}
	});
};
