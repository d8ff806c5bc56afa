// Which person a page was served to. Many people can get the very same page (shared.ts), and a
// browser keeps one copy of an address whoever is signed in: revalidated with If-None-Match, a
// 304 would keep the headers of the copy, a previous person's among them. So every page for a
// signed-in person names them in a header (PERSON_HEADER, which the service worker reads to keep
// offline marks under the right name) and in its ETag, and no shared cache may store it. A
// client-side navigation's data names them too: most pages after signing in arrive that way.
import { createHash } from 'node:crypto';
import { PERSON_HEADER } from '$lib/offline/names';

const isPage = (headers: Headers) => /^text\/html\b/i.test(headers.get('content-type') ?? '');

/**
 * A page's headers (or a page's data, for a client-side navigation), made this person's: their id,
 * an ETag of their own, private to them.
 */
export function markPerson(headers: Headers, userId: string, pageData = false): void {
	if (!pageData && !isPage(headers)) return;
	headers.set(PERSON_HEADER, userId);
	const etag = headers.get('etag');
	if (etag?.endsWith('"')) {
		const tag = createHash('sha256').update(userId).digest('base64url').slice(0, 8);
		headers.set('etag', `${etag.slice(0, -1)}-${tag}"`);
	}
	if (!headers.has('cache-control')) headers.set('cache-control', 'private, no-cache');
}
