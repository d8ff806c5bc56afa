import { json } from '@sveltejs/kit';
import { db, isHealthy } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** For load balancers: 200 while the database answers, 503 otherwise. */
export const GET: RequestHandler = async () => {
	const ok = await isHealthy(db());
	return json({ ok }, { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
