/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Offline use. Stores a small app shell at install (the "no connection" page, the styles and the
// phone script); keeps every hashed app file the phone fetches; answers from the courses people
// downloaded (see OfflineDownload.svelte) when the network is gone; keeps lessons marked done,
// quiz answers and attendance ticks made offline in IndexedDB (src/lib/offline/queue.ts) and
// sends them to the server when the connection returns.
import { build, files, version } from '$service-worker';
import { m } from '$lib/paraglide/messages.js';
import {
	APP_CACHE,
	ATTENDANCE_CACHE,
	ATTENDANCE_PAGE,
	COURSE_CACHE_PREFIX,
	QUIZ_CACHE,
	QUIZ_PAGE,
	QUIZ_SYNC_URL,
	attendanceSyncUrl,
	courseCacheName,
	isPersonalCache,
	OFFLINE_PAGE,
	PAGES_CACHE,
	PERSON_CACHE,
	PERSON_HEADER,
	SHELL_CACHE_PREFIX,
	SYNC_URL,
	MARK_MAX_AGE_DAYS,
	assetPaths,
	waitingQuizKey
} from '$lib/offline/names';
import {
	forget,
	forgetAnswers,
	forgetTick,
	keep,
	keepAnswers,
	keepTick,
	pending,
	pendingAnswers,
	pendingTicks,
	type PendingTick
} from '$lib/offline/queue';

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
		if (!isPersonalCache(name)) continue;
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
		} else if (url.search === '?/enviar' && QUIZ_PAGE.test(url.pathname)) {
			event.respondWith(answerQuiz(request, url));
		} else if (url.search === '?/guardar' && ATTENDANCE_PAGE.test(url.pathname)) {
			event.respondWith(takeAttendance(request, url));
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
		// Answers waiting for this quiz go first: the server then opens the next attempt, not one
		// the phone is about to send (its form would answer "already sent").
		if (QUIZ_PAGE.test(new URL(request.url).pathname) && (await answersWait())) {
			await Promise.race([sendPending(), new Promise((resolve) => setTimeout(resolve, 5000))]);
		}
		const response = await fetch(request);
		if (response.ok && response.type === 'basic') {
			void refreshStored(request, response.clone());
			keepPage(request, response);
			rememberPerson(response, 'page');
		}
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
		const response = await fetch(request);
		if (response.ok && response.type === 'basic') {
			keepPage(request, response);
			rememberPerson(response, 'data');
		}
		return response;
	} catch {
		// Stored without the ?x-sveltekit-invalidated=… flags: the full data serves any of them.
		return (
			(await caches.match(request, { ignoreSearch: true, ignoreVary: true })) ?? Response.error()
		);
	}
}

/**
 * Pages kept (page and data) whenever they are seen online, downloaded or not, so that they work
 * without a connection: a session's attendance page, for its facilitator to take attendance; a
 * quiz page, which the phone comes back to after answering offline and says the answers wait.
 * Signing out removes them.
 */
const KEPT_PAGES: [RegExp, string][] = [
	[ATTENDANCE_PAGE, ATTENDANCE_CACHE],
	[QUIZ_PAGE, QUIZ_CACHE]
];

function keepPage(request: Request, response: Response) {
	const url = new URL(request.url);
	const path = url.pathname.replace(/\/__data\.json$/, '');
	const kept = KEPT_PAGES.find(([pattern]) => pattern.test(path));
	if (!kept || response.redirected) return;
	const copy = response.clone();
	void caches.open(kept[1]).then((cache) => cache.put(url.origin + url.pathname, copy));
}

async function answersWait(): Promise<boolean> {
	return (await pendingAnswers().catch(() => [])).length > 0;
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
		// Nobody known to keep it for: say it was not sent rather than keep a mark no one can claim
		// (or one under the name a stored page was served to, perhaps someone who is gone).
		const userId = await signedInPerson();
		if (!userId) return couldNotSend(request);
		await keep({
			userId,
			courseId,
			lessonId,
			completedAt: new Date().toISOString()
		});
		await announcePending();
		await askForSync();
		if (request.headers.get('x-sveltekit-action') === 'true') {
			return Response.json({ type: 'redirect', status: 303, location: next });
		}
		return Response.redirect(new URL(next, sw.location.origin).href, 303);
	}
}

/** Unknown until a page arrives from the network (the worker may have been stopped since). */
let rememberedPerson: string | null | undefined;
/** Writes of the remembered person, one after the other, so the last one stays. */
let personWrites = Promise.resolve();

/**
 * Who is signed in on this phone: the person the last page from the network (`page`) or a
 * client-side navigation's data (`data`) was served to, or nobody when it came to no one (signed
 * out, or a session that ended without signing out). Other answers (a JSON file, a download)
 * say nothing about it.
 */
function rememberPerson(response: Response, kind: 'page' | 'data') {
	const type = response.headers.get('content-type') ?? '';
	if (kind === 'page' ? !/^text\/html\b/i.test(type) : !/^application\/json\b/i.test(type)) return;
	const person = response.headers.get(PERSON_HEADER);
	if (person === rememberedPerson) return;
	rememberedPerson = person;
	personWrites = personWrites
		.then(async () => {
			const cache = await caches.open(PERSON_CACHE);
			if (person) await cache.put('/persona', new Response(person));
			else await cache.delete('/persona');
		})
		.catch(async () => {
			// A write that failed (a full phone) must not leave the previous person standing.
			rememberedPerson = undefined;
			await caches.delete(PERSON_CACHE).catch(() => undefined);
		});
}

/** The person signed in on this phone, as the network last said; '' when it said no one. */
async function signedInPerson(): Promise<string> {
	await personWrites;
	const remembered = await caches.match('/persona', { cacheName: PERSON_CACHE });
	return remembered ? remembered.text() : '';
}

async function askForSync() {
	const registration = sw.registration as ServiceWorkerRegistration & {
		sync?: { register(tag: string): Promise<void> };
	};
	await registration.sync?.register('progreso').catch(() => undefined);
}

/** What a form posted through `use:enhance` receives when the phone kept it for later. */
function keptForLater(request: Request, location: string): Response {
	if (request.headers.get('x-sveltekit-action') === 'true') {
		// SvelteKit's own format for an action's result (data serialised with devalue).
		return Response.json({
			type: 'success',
			status: 200,
			data: JSON.stringify([{ offline: 1 }, true])
		});
	}
	return Response.redirect(new URL(location, sw.location.origin).href, 303);
}

/**
 * A quiz sent. Online it goes to the server as always (and the stored quiz page is refreshed: that
 * attempt is used up). Offline the answers wait on the phone with the attempt id and the time, and
 * the page says so; the server grades them when they arrive.
 */
async function answerQuiz(request: Request, url: URL): Promise<Response> {
	const copy = request.clone();
	const [, courseId, moduleId] = QUIZ_PAGE.exec(url.pathname) ?? [];
	try {
		const response = await fetch(request);
		void refreshQuizPages(courseId);
		return response;
	} catch {
		const form = await copy.formData();
		const attemptId = form.get('attempt');
		const userId = form.get('persona');
		if (typeof attemptId !== 'string' || typeof userId !== 'string' || !attemptId || !userId) {
			return postOrExplain(copy, url);
		}
		const answers: Record<string, string[]> = {};
		for (const [name, value] of form.entries()) {
			if (name.startsWith('q-') && typeof value === 'string') {
				(answers[name.slice(2)] ??= []).push(value);
			}
		}
		await keepAnswers({
			key: attemptId,
			userId,
			courseId,
			moduleId,
			answers,
			answeredAt: new Date().toISOString()
		});
		await announcePending();
		await askForSync();
		return keptForLater(request, url.pathname);
	}
}

/**
 * Attendance saved. Offline, each person whose box changed (with the time of the tick, which the
 * page adds as `cambio-<id>`) waits on the phone; without those times every listed person counts
 * as changed now. The server keeps the latest change per person.
 */
async function takeAttendance(request: Request, url: URL): Promise<Response> {
	const copy = request.clone();
	try {
		return await fetch(request);
	} catch {
		const form = await copy.formData();
		const [, , , cohortId, , sessionId] = url.pathname.split('/');
		const facilitatorId = form.get('persona');
		if (typeof facilitatorId !== 'string' || !facilitatorId) return postOrExplain(copy, url);
		const present = new Set(form.getAll('present').map(String));
		const now = new Date().toISOString();
		const times = new Map<string, string>();
		for (const [name, value] of form.entries()) {
			if (name.startsWith('cambio-') && typeof value === 'string') times.set(name.slice(7), value);
		}
		const changed = times.size > 0 ? [...times.keys()] : form.getAll('listed').map(String);
		for (const userId of changed) {
			await keepTick({
				key: `${sessionId}/${userId}`,
				facilitatorId,
				cohortId,
				sessionId,
				userId,
				present: present.has(userId),
				changedAt: times.get(userId) ?? now
			});
		}
		await announcePending();
		await askForSync();
		return keptForLater(request, url.pathname);
	}
}

/**
 * The stored quiz pages of a course (downloaded, or seen online), fetched again: they then hold
 * the next attempt, not one already used up.
 */
async function refreshQuizPages(courseId: string | undefined) {
	if (!courseId) return;
	for (const name of [courseCacheName(courseId), QUIZ_CACHE]) {
		if (!(await caches.has(name))) continue;
		const cache = await caches.open(name);
		for (const request of await cache.keys()) {
			const path = new URL(request.url).pathname.replace(/\/__data\.json$/, '');
			if (QUIZ_PAGE.exec(path)?.[1] !== courseId) continue;
			try {
				const response = await fetch(request.url);
				if (response.ok && !response.redirected) await cache.put(request.url, response);
			} catch {
				return;
			}
		}
	}
}

/** Other forms need the server: offline, say so and keep the person on the page they filled. */
async function postOrExplain(request: Request, url: URL): Promise<Response> {
	try {
		const response = await fetch(request);
		// Signing out: the pages stored for this person leave the phone with them.
		if (url.pathname === '/salir' && response.type !== 'error') void forgetDownloads();
		// Signing in (or out) ends on a page, which says who is signed in now.
		else if (request.mode === 'navigate' && response.ok) rememberPerson(response, 'page');
		return response;
	} catch {
		return couldNotSend(request);
	}
}

/** A form that could not be sent: the page keeps it and says so (with JavaScript), else the
 * "no connection" page. */
async function couldNotSend(request: Request): Promise<Response> {
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

async function forgetDownloads() {
	rememberedPerson = undefined;
	await personWrites;
	for (const name of await caches.keys()) {
		if (isPersonalCache(name)) await caches.delete(name);
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

type Outcome = 'sent' | 'keep' | 'stop';

/**
 * Posts one kept item. Kept on the phone: what fails for lack of network, a server error, a
 * redirect, or a sign-in (401: nobody signed in; 403/409: someone else is). Dropped ('sent'):
 * what the server accepted, or refused for good (too old, in the future, not theirs…).
 */
async function post(url: string, body: unknown): Promise<Outcome> {
	let response: Response;
	try {
		response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			// A redirect (e.g. to choose a new password first) is no answer: keep the item.
			redirect: 'manual'
		});
	} catch {
		return 'stop';
	}
	if (response.type === 'opaqueredirect' || response.status >= 500) return 'stop';
	if (response.ok || ![401, 403, 409].includes(response.status)) return 'sent';
	return 'keep';
}

/**
 * Sends what the phone kept, oldest first, each with the phone's clock at sending time so the
 * server can correct a phone whose clock is wrong: lesson marks, then quiz answers (after which
 * the course's stored quiz pages are refreshed with the next prepared attempt), then attendance.
 */
function sendPending(): Promise<void> {
	sending ??= (async () => {
		try {
			const oldest = Date.now() - MARK_MAX_AGE_DAYS * 24 * 60 * 60 * 1000;
			const marks = (await pending()).sort((a, b) => a.completedAt.localeCompare(b.completedAt));
			for (const mark of marks) {
				// The server would refuse it now; a mark nobody can send must not stay forever.
				if (Date.parse(mark.completedAt) < oldest) {
					await forget(mark.key);
					continue;
				}
				const outcome = await post(SYNC_URL, {
					...mark,
					key: undefined,
					sentAt: new Date().toISOString()
				});
				if (outcome === 'stop') return;
				if (outcome === 'sent') await forget(mark.key);
			}

			const answers = (await pendingAnswers()).sort((a, b) =>
				a.answeredAt.localeCompare(b.answeredAt)
			);
			const graded = new Set<string>();
			let stopped = false;
			for (const kept of answers) {
				if (Date.parse(kept.answeredAt) < oldest) {
					await forgetAnswers(kept.key);
					continue;
				}
				const outcome = await post(QUIZ_SYNC_URL, {
					userId: kept.userId,
					courseId: kept.courseId,
					attemptId: kept.key,
					answers: kept.answers,
					answeredAt: kept.answeredAt,
					sentAt: new Date().toISOString()
				});
				if (outcome === 'stop') {
					stopped = true;
					break;
				}
				if (outcome === 'sent') {
					await forgetAnswers(kept.key);
					graded.add(kept.courseId);
				}
			}
			for (const courseId of graded) await refreshQuizPages(courseId);
			if (stopped) return;

			const groups = new Map<string, PendingTick[]>();
			for (const tick of await pendingTicks()) {
				if (Date.parse(tick.changedAt) < oldest) {
					await forgetTick(tick);
					continue;
				}
				const group = `${tick.facilitatorId}/${tick.cohortId}/${tick.sessionId}`;
				groups.set(group, [...(groups.get(group) ?? []), tick]);
			}
			for (const ticks of groups.values()) {
				const [first] = ticks;
				const outcome = await post(attendanceSyncUrl(first.cohortId, first.sessionId), {
					facilitatorId: first.facilitatorId,
					changes: ticks.map((t) => ({
						userId: t.userId,
						present: t.present,
						changedAt: t.changedAt
					})),
					sentAt: new Date().toISOString()
				});
				if (outcome === 'stop') return;
				if (outcome === 'sent') for (const tick of ticks) await forgetTick(tick);
			}
		} finally {
			sending = null;
			await announcePending();
		}
	})();
	return sending;
}

async function announcePending() {
	const [count, attempts, ticks] = await Promise.all([
		pending().then(
			(l) => l.length,
			() => 0
		),
		pendingAnswers().catch(() => []),
		pendingTicks().then(
			(l) => l.length,
			() => 0
		)
	]);
	for (const client of await sw.clients.matchAll({ type: 'window' })) {
		client.postMessage({
			type: 'pending',
			count,
			quizzes: attempts.length,
			// Whose quiz of which module waits, never the answers: a quiz page hides its form then
			// (whatever attempt it shows: a page stored earlier may hold an older one).
			quizzesWaiting: attempts.map((a) => waitingQuizKey(a.userId, a.courseId, a.moduleId)),
			ticks
		});
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
