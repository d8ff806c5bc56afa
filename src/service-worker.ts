/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline use. Stores a small app shell at install (the "no connection" page, the styles and the
// phone script); keeps every hashed app file the phone fetches; answers from the courses people
// downloaded (see OfflineDownload.svelte) when the network is gone; keeps lessons marked done
// offline in IndexedDB and sends them to the server when the connection returns.
import { build, files, version } from '$service-worker';
import { m } from '$lib/paraglide/messages.js';
import {
	APP_CACHE,
	COURSE_CACHE_PREFIX,
	OFFLINE_PAGE,
	PAGES_CACHE,
	SHELL_CACHE_PREFIX,
	SYNC_URL,
	MARK_MAX_AGE_DAYS,
	assetPaths
} from '$lib/offline/names';
import { forget, keep, pending } from '$lib/offline/queue';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL_CACHE = SHELL_CACHE_PREFIX + version;
const BUILD = new Set(build);
const STATIC = new Set(files);
const offlinePage = async () => (await caches.open(SHELL_CACHE)).match(OFFLINE_PAGE);

/** The files the stored "no connection" page needs (its styles and the phone script). */
async function shellAssets(): Promise<string[]> {
	const page = await offlinePage();
	return page ? assetPaths(await page.text(), new URL(OFFLINE_PAGE, sw.location.origin)) : [];
}

// The shell is small on purpose: the "no connection" page and what it needs, which the page that
// registered the worker has just loaded (so it mostly comes from the browser's cache). The rest
// is kept as the phone meets it, or when a course is downloaded.
sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			// Fetched with the person's cookies: the page comes in their language.
			await (await caches.open(SHELL_CACHE)).addAll([OFFLINE_PAGE, '/favicon.svg']);
			await (await caches.open(APP_CACHE)).addAll(await shellAssets());
			await sw.skipWaiting();
		})()
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) {
				if (key.startsWith(SHELL_CACHE_PREFIX) && key !== SHELL_CACHE) await caches.delete(key);
			}
			await pruneAppFiles();
			await sw.clients.claim();
			void sendPending();
		})()
	);
});

/** Drops app files of older versions, except those a stored page still refers to. */
async function pruneAppFiles() {
	const app = await caches.open(APP_CACHE);
	const needed = new Set(await shellAssets());
	for (const name of await caches.keys()) {
		if (!name.startsWith(COURSE_CACHE_PREFIX) && name !== PAGES_CACHE) continue;
		const cache = await caches.open(name);
		for (const request of await cache.keys()) {
			const response = await cache.match(request);
			if (!response?.headers.get('content-type')?.includes('text/html')) continue;
			for (const path of assetPaths(await response.text(), request.url)) needed.add(path);
		}
	}
	for (const request of await app.keys()) {
		const path = new URL(request.url).pathname;
		if (!BUILD.has(path) && !needed.has(path)) await app.delete(request);
	}
}

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (request.method === 'POST') {
		if (url.search === '?/completar' && /^\/cursos\/[^/]+\/[^/]+$/.test(url.pathname)) {
			event.respondWith(completeLesson(request, url));
		} else {
			event.respondWith(postOrExplain(request, url));
		}
		return;
	}
	if (request.method !== 'GET') return;

	if (url.pathname.startsWith('/_app/immutable/')) {
		event.respondWith(appFile(request));
	} else if (request.mode === 'navigate') {
		event.respondWith(page(request));
	} else if (url.pathname.endsWith('/__data.json')) {
		event.respondWith(pageData(request));
	} else if (url.pathname.startsWith('/media/') || STATIC.has(url.pathname)) {
		event.respondWith(storedFirst(request));
	}
	// Anything else (quiz attempts, PDFs, the download list…) goes to the network as usual.
});

/** Hashed files never change: the stored copy is the right one; new ones are kept as they come. */
async function appFile(request: Request): Promise<Response> {
	const stored = await caches.match(request);
	if (stored) return stored;
	const response = await fetch(request);
	if (response.ok) {
		const copy = response.clone();
		void caches.open(APP_CACHE).then((cache) => cache.put(request, copy));
	}
	return response;
}

/** Pages: the network first (fresh progress), else the stored copy, else "no connection". */
async function page(request: Request): Promise<Response> {
	try {
		const response = await fetch(request);
		if (response.ok && response.type === 'basic') void refreshStored(request, response.clone());
		void sendPending();
		return response;
	} catch {
		return (
			(await caches.match(request, { ignoreVary: true })) ??
			(await offlinePage()) ??
			new Response(m.phone_offline_text({}, { locale: await locale() }), {
				status: 503,
				headers: { 'content-type': 'text/plain; charset=utf-8' }
			})
		);
	}
}

/**
 * The data SvelteKit fetches to open a page without reloading. Offline and not stored, the
 * failure makes SvelteKit load the page the ordinary way, which then shows "no connection".
 */
async function pageData(request: Request): Promise<Response> {
	try {
		return await fetch(request);
	} catch {
		// Stored without the ?x-sveltekit-invalidated=… flags: the full data serves any of them.
		return (
			(await caches.match(request, { ignoreSearch: true, ignoreVary: true })) ?? Response.error()
		);
	}
}

async function storedFirst(request: Request): Promise<Response> {
	return (await caches.match(request, { ignoreVary: true })) ?? fetch(request);
}

/** Keeps a downloaded page up to date whenever the phone sees a fresh copy of it. */
async function refreshStored(request: Request, response: Response) {
	for (const name of await caches.keys()) {
		if (!name.startsWith(COURSE_CACHE_PREFIX) && name !== PAGES_CACHE) continue;
		const cache = await caches.open(name);
		if (await cache.match(request.url)) await cache.put(request.url, response.clone());
	}
}

/**
 * "I finished this lesson". Online it goes to the server as always. Offline the mark is kept on
 * the phone with its time and the person moves on, exactly as if the server had answered.
 */
async function completeLesson(request: Request, url: URL): Promise<Response> {
	const copy = request.clone();
	try {
		const response = await fetch(request);
		void sendPending();
		return response;
	} catch {
		const form = await copy.formData();
		const [, , courseId, lessonId] = url.pathname.split('/');
		const next = samePath(form.get('siguiente')) ?? `/cursos/${courseId}`;
		await keep({
			userId: String(form.get('persona') ?? ''),
			courseId,
			lessonId,
			completedAt: new Date().toISOString()
		});
		await announcePending();
		const registration = sw.registration as ServiceWorkerRegistration & {
			sync?: { register(tag: string): Promise<void> };
		};
		await registration.sync?.register('progreso').catch(() => undefined);
		if (request.headers.get('x-sveltekit-action') === 'true') {
			return Response.json({ type: 'redirect', status: 303, location: next });
		}
		return Response.redirect(new URL(next, sw.location.origin).href, 303);
	}
}

/** Other forms need the server: offline, say so and keep the person on the page they filled. */
async function postOrExplain(request: Request, url: URL): Promise<Response> {
	try {
		const response = await fetch(request);
		// Signing out: the pages stored for this person leave the phone with them.
		if (url.pathname === '/salir' && response.type !== 'error') void forgetDownloads();
		return response;
	} catch {
		const message = m.phone_offline_send({}, { locale: await locale() });
		if (request.headers.get('x-sveltekit-action') === 'true') {
			// SvelteKit's own format for a failed action (data serialised with devalue).
			return Response.json({
				type: 'failure',
				status: 503,
				data: JSON.stringify([{ message: 1 }, message])
			});
		}
		return (await offlinePage()) ?? new Response(message, { status: 503 });
	}
}

async function forgetDownloads() {
	for (const name of await caches.keys()) {
		if (name.startsWith(COURSE_CACHE_PREFIX) || name === PAGES_CACHE) await caches.delete(name);
	}
}

function samePath(value: FormDataEntryValue | null): string | null {
	return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : null;
}

async function locale(): Promise<'es' | 'en'> {
	const store = (
		sw as unknown as { cookieStore?: { get(name: string): Promise<{ value: string } | null> } }
	).cookieStore;
	const chosen = await store?.get('microaula-lang').catch(() => null);
	return chosen?.value === 'en' ? 'en' : 'es';
}

let sending: Promise<void> | null = null;

/**
 * Sends the kept marks, oldest first, each with the phone's clock at sending time so the server
 * can correct a phone whose clock is wrong. Kept on the phone: what fails for lack of network, a
 * server error, a redirect, or a sign-in (401: nobody signed in; 409: someone else is). Dropped:
 * what the server accepted, or refused for good (too old, in the future, …).
 */
function sendPending(): Promise<void> {
	sending ??= (async () => {
		try {
			const marks = (await pending()).sort((a, b) => a.completedAt.localeCompare(b.completedAt));
			const oldest = Date.now() - MARK_MAX_AGE_DAYS * 24 * 60 * 60 * 1000;
			for (const mark of marks) {
				// The server would refuse it now; a mark nobody can send must not stay forever.
				if (Date.parse(mark.completedAt) < oldest) {
					await forget(mark.key);
					continue;
				}
				let response: Response;
				try {
					response = await fetch(SYNC_URL, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ ...mark, key: undefined, sentAt: new Date().toISOString() }),
						// A redirect (e.g. to choose a new password first) is no answer: keep the mark.
						redirect: 'manual'
					});
				} catch {
					break;
				}
				if (response.type === 'opaqueredirect') break;
				if (response.ok || (response.status < 500 && ![401, 403, 409].includes(response.status))) {
					await forget(mark.key);
				} else if (response.status >= 500) {
					break;
				}
			}
		} finally {
			sending = null;
			await announcePending();
		}
	})();
	return sending;
}

async function announcePending() {
	const count = (await pending().catch(() => [])).length;
	for (const client of await sw.clients.matchAll({ type: 'window' })) {
		client.postMessage({ type: 'pending', count });
	}
}

sw.addEventListener('message', (event) => {
	const type = (event.data as { type?: string } | null)?.type;
	if (type === 'sync') event.waitUntil(sendPending());
	else if (type === 'status') event.waitUntil(announcePending());
});

// Background Sync (Chromium): the browser wakes the worker once the connection is back.
sw.addEventListener('sync', ((event: ExtendableEvent & { tag: string }) => {
	if (event.tag === 'progreso') event.waitUntil(sendPending());
}) as EventListener);
