import {
	error,
	redirect,
	type Handle,
	type HandleServerError,
	type RequestEvent,
	type ServerInit
} from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { sequence } from '@sveltejs/kit/hooks';
import { AsyncLocalStorage } from 'node:async_hooks';
import { extractLocaleFromRequest, overwriteServerAsyncLocalStorage } from '$lib/paraglide/runtime';
import { compressResponse } from '$lib/server/compression';
import { insertDeferredHtml } from '$lib/server/deferred-html';
import { closeDb, db } from '$lib/server/db';
import { refreshCatalogue } from '$lib/server/content';
import { observeRequest } from '$lib/server/metrics';
import { securityHeaders } from '$lib/server/security';
import { sharedPages } from '$lib/server/pages/shared';
import { markPerson } from '$lib/server/pages/person';
import { prepareDatabase } from '$lib/server/startup';
import { canAuthor } from '$lib/server/auth/guard';
import {
	SESSION_COOKIE,
	deleteSessionCookie,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth/session';

export const init: ServerInit = async () => {
	await prepareDatabase(db());
	// adapter-node (and src/cli/serve.js) emit this once the last request has been answered.
	process.once('sveltekit:shutdown' as 'beforeExit', () => {
		void closeDb().then(() => console.log('Base de datos cerrada.'));
	});
};

/** Published content changed on some server? One tiny query at most every ~2 s tells. */
const content: Handle = async ({ event, resolve }) => {
	await refreshCatalogue(db());
	return resolve(event);
};

const auth: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = null;
	event.locals.session = null;
	event.locals.invitations = 0;
	event.locals.offlineNotices = 0;
	if (token) {
		const result = await validateSessionToken(db(), token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			event.locals.invitations = result.invitations;
			event.locals.offlineNotices = result.offlineNotices;
			if (result.refreshed) {
				setSessionCookie(event.cookies, token, event.url.protocol === 'https:');
				event.locals.sessionRenewed = true;
			}
		} else {
			deleteSessionCookie(event.cookies);
		}
	}
	return resolve(event);
};

/** Paths a person who must choose a new password can still reach. */
const OPEN_WHILE_CHANGING_PASSWORD = ['/cuenta/contrasena', '/salir', '/idioma', '/healthz'];

const passwordChange: Handle = ({ event, resolve }) => {
	const path = event.url.pathname;
	if (
		event.locals.user?.mustChangePassword &&
		!OPEN_WHILE_CHANGING_PASSWORD.includes(path) &&
		!path.startsWith('/media/')
	) {
		const back = event.request.method === 'GET' ? path + event.url.search : '/';
		redirect(303, `/cuenta/contrasena?volver=${encodeURIComponent(back)}`);
	}
	return resolve(event);
};

/**
 * Where Paraglide's message functions find the request's locale. Its own middleware keeps it
 * there too, but first copies the request twice (to hand back a URL without a locale prefix, which
 * ours never have: the strategy is cookie, then Accept-Language, then Spanish); two Request
 * objects and their abort signals on every answer were about 4 % of a lesson page's CPU.
 */
const localeStore = new AsyncLocalStorage<{
	locale?: ReturnType<typeof extractLocaleFromRequest>;
	origin?: string;
	messageCalls?: Set<string>;
}>();
overwriteServerAsyncLocalStorage(localeStore);

const i18n: Handle = ({ event, resolve }) => {
	const locale = extractLocaleFromRequest(event.request);
	return localeStore.run({ locale, origin: event.url.origin, messageCalls: new Set() }, () =>
		resolve(event, {
			transformPageChunk: ({ html }) =>
				insertDeferredHtml(html.replace('%paraglide.lang%', locale), event.locals)
		})
	);
};

const headers: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(securityHeaders(event.url.protocol === 'https:'))) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	if (event.locals.user) markPerson(response.headers, event.locals.user.id, event.isDataRequest);
	return response;
};

/**
 * A body that is not a form (text/plain, which SvelteKit lets through to form actions, or a
 * broken multipart upload) makes `request.formData()` throw, which would be a 500 with a stack
 * trace in the log. Every action reads its form through this one place instead: such a body is a
 * 400 with the usual "we did not understand" message. Last in the sequence, because the language
 * middleware may replace the request.
 */
const formBodies: Handle = ({ event, resolve }) => {
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD') {
		const request = event.request;
		const read = request.formData.bind(request);
		request.formData = async () => {
			try {
				return await read();
			} catch {
				error(400, { message: m.fac_bad_request() });
			}
		};
	}
	return resolve(event);
};

const MB = 1024 * 1024;
/** Every form or JSON post but the two below is far smaller than this. */
const MAX_BODY_BYTES = MB;

/** How large a body this request may send (adapter-node's BODY_SIZE_LIMIT, 25 MB, caps them all). */
function bodyLimit(event: RequestEvent): number {
	const route = event.route.id;
	// The studio's editor takes phone photos, from people who may write courses (not from anyone who
	// types a course name into the address: its expired-session answer sends the text back).
	const user = event.locals.user;
	if (route === '/admin/cursos/[course]/editar/[...path]' && user && canAuthor(user)) {
		return Infinity;
	}
	// A class's list of names as a file: the form refuses over 200 KB itself, with its own message.
	if (route === '/facilitar/clases/[id]/cuentas') return 2 * MB;
	return MAX_BODY_BYTES;
}

/**
 * adapter-node's own cap (BODY_SIZE_LIMIT) is 25 MB for every route, because of the studio's
 * uploads. Anywhere else a body that size is only load: a 20 MB "password" on the sign-in form cost
 * the server most of a second to parse before being refused. Here it is refused unparsed: 413 when
 * the declared length is too large, 411 for a body sent without a length (browsers always send
 * one). The body is read and dropped first (cheap next to parsing it), so the client, still
 * sending, reads the answer instead of a cut connection.
 */
const bodyLimits: Handle = async ({ event, resolve }) => {
	const { method, headers, body } = event.request;
	const limit = method === 'GET' || method === 'HEAD' ? Infinity : bodyLimit(event);
	if (limit === Infinity) return resolve(event);
	const length = headers.get('content-length');
	const status =
		length === null && headers.has('transfer-encoding') ? 411 : Number(length) > limit ? 413 : null;
	if (status === null) return resolve(event);
	try {
		const reader = body?.getReader();
		while (reader && !(await reader.read()).done);
	} catch {
		// Past adapter-node's own cap the stream fails: the answer is the same.
	}
	error(status, { message: m.error_body_too_large() });
};

const observe: Handle = async ({ event, resolve }) => {
	const start = performance.now();
	const response = await resolve(event);
	observeRequest(
		event.route.id,
		event.request.method,
		response.status,
		(performance.now() - start) / 1000
	);
	return response;
};

/** Rendered pages compressed in one call (see compression.ts); anything else is left to the server. */
const compression: Handle = async ({ event, resolve }) =>
	compressResponse(event.request, await resolve(event));

export const handle = sequence(
	observe,
	compression,
	headers,
	content,
	auth,
	passwordChange,
	i18n,
	sharedPages,
	bodyLimits,
	formBodies
);

export const handleError: HandleServerError = ({ error, status }) => {
	// Only the server's own failures are worth a stack trace; a client's bad request is not.
	if (status >= 500) console.error(error);
	return { message: status === 404 ? 'not-found' : 'unexpected' };
};
