import { error } from '@sveltejs/kit';
import { timingSafeEqual } from 'node:crypto';
import { METRICS_CONTENT_TYPE, collectMetrics, metricsToken } from '$lib/server/metrics';
import type { RequestHandler } from './$types';

function sameToken(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

// Prometheus scrapes this with `Authorization: Bearer $METRICS_TOKEN`. Without the variable the
// endpoint is not there at all (404); with a wrong or missing token it answers 401.
export const GET: RequestHandler = async ({ request }) => {
	const token = metricsToken();
	if (!token) error(404, { message: 'not-found' });
	const given = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
	if (!sameToken(given, token)) {
		return new Response('401 Unauthorized\n', {
			status: 401,
			headers: { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' }
		});
	}
	return new Response(await collectMetrics(), {
		headers: { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' }
	});
};
