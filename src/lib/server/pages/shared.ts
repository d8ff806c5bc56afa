// Pages rendered once for everyone in the same situation. A lesson page is the same for every
// participant who has (or has not) read it and goes on to the same place: rendering and
// compressing it again for each of a class of thirty was most of its cost. So the lesson's data is
// read first, as for any request (the session, the person's record, the lesson), and the rendered,
// compressed page is kept under a hash of *everything the render reads*: the layout's data, the
// page's data (the lesson's HTML itself included, so a new edition is a new key), the language,
// the path and its query. Two people share a copy only when the render could not tell them apart,
// by construction; nothing about one person can reach another. Whose page it is travels in its
// headers, set on every answer (person.ts), never in the kept page.
import { createHash } from 'node:crypto';
import type { Handle } from '@sveltejs/kit';
import { LRUCache } from 'lru-cache';
import { getLocale } from '$lib/paraglide/runtime';
import { chooseEncoding, compressResponse } from '../compression';
import { lessonPage } from '../learning/lesson-page';
import { countSharedPage } from '../metrics';
import { layoutData } from './layout-data';

/** The page rendered this way (its data: learning/lesson-page.ts). */
const LESSON_ROUTE = '/cursos/[course]/[lesson]';

interface Rendered {
	headers: [string, string][];
	body: Uint8Array<ArrayBuffer>;
}

/** SHARED_PAGES=0 renders every page for its request (to compare, or to rule this out). */
const ENABLED = process.env.SHARED_PAGES !== '0';

/** About 3 KB a compressed lesson: some thousands of pages per worker, for any number of people. */
const MAX_BYTES = 16 * 1024 * 1024;

const rendered = new LRUCache<string, Rendered>({
	maxSize: MAX_BYTES,
	sizeCalculation: (page) =>
		page.headers.reduce(
			(bytes, [name, value]) => bytes + name.length + value.length,
			page.body.byteLength
		)
});

/** The key of a render: a hash of all it reads, and the encoding of the bytes kept. */
export function renderKey(inputs: unknown, encoding: string | null): string {
	return createHash('sha256').update(JSON.stringify(inputs)).digest('base64url') + (encoding ?? '');
}

const answer = (page: Rendered) => new Response(page.body, { status: 200, headers: page.headers });

/**
 * The `handle` step: a kept copy when there is one, else the page rendered as usual (its load
 * reuses the data read here through `locals.sharedPage`) and kept when it may be. Anything
 * unusual goes the usual way untouched: a 404 or a redirect (the page's own load answers it
 * again), a session whose cookie is being renewed (only `resolve` sends cookies), a HEAD, a
 * client-side navigation's JSON, an address with a query or spelt with percent-encoding.
 */
export const sharedPages: Handle = async ({ event, resolve }) => {
	// Only a lesson's own address is kept. A query (a data-saver page showing one image) or a
	// percent-encoded spelling of the address is rendered every time: kept, endless made-up
	// addresses would push everyone's copies out. (Course and lesson ids never need encoding.)
	if (
		!ENABLED ||
		event.route.id !== LESSON_ROUTE ||
		!event.locals.user ||
		event.request.method !== 'GET' ||
		event.isDataRequest ||
		event.url.search ||
		event.url.pathname.includes('%')
	) {
		return resolve(event);
	}
	let inputs: NonNullable<App.Locals['sharedPage']>;
	try {
		inputs = { layout: await layoutData(event.locals), page: await lessonPage(event) };
	} catch {
		return resolve(event);
	}
	event.locals.sharedPage = inputs;
	if (event.locals.sessionRenewed) return resolve(event);

	const encoding = chooseEncoding(event.request.headers.get('accept-encoding'));
	const key = renderKey([getLocale(), event.url.pathname, event.url.search, inputs], encoding);
	const kept = rendered.get(key);
	countSharedPage(kept ? 'hit' : 'miss');
	if (kept) return answer(kept);

	const response = await compressResponse(event.request, await resolve(event));
	// Kept only as a whole 200 page in the encoding asked for (not a 304's uncompressed stand-in)
	// and with no cookie of its own.
	if (
		response.status !== 200 ||
		response.headers.has('set-cookie') ||
		response.headers.get('content-encoding') !== encoding
	) {
		return response;
	}
	const page = {
		headers: [...response.headers],
		body: new Uint8Array(await response.arrayBuffer())
	};
	rendered.set(key, page);
	return answer(page);
};
