// The one place where pages and actions ask "who may do this?".
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import type { Role } from '../db/schema';
import type { SessionUser } from './session';

// An author (`autor`) writes course drafts and nothing more: as a learner they are a participant,
// and no facilitator or admin page opens to them. Admins may do what authors do.
const RANK: Record<Role, number> = { participant: 0, autor: 0, facilitator: 1, admin: 2 };

export function hasRole(user: Pick<SessionUser, 'role'>, role: Role): boolean {
	if (role === 'autor') return user.role === 'autor' || user.role === 'admin';
	return RANK[user.role] >= RANK[role];
}

/** May write course drafts and send them to review (authors and admins). */
export function canAuthor(user: Pick<SessionUser, 'role'>): boolean {
	return hasRole(user, 'autor');
}

/** May publish, restore, import and delete courses (admins only). */
export function canPublish(user: Pick<SessionUser, 'role'>): boolean {
	return user.role === 'admin';
}

/** The signed-in person, or a redirect to /entrar that brings them back afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/entrar?volver=${encodeURIComponent(back)}`);
	}
	return user;
}

/** A signed-in person with at least `role` (admins may do what facilitators do); else 403. */
export function requireRole(event: Pick<RequestEvent, 'locals' | 'url'>, role: Role): SessionUser {
	const user = requireUser(event);
	if (!hasRole(user, role)) error(403, { message: 'forbidden' });
	return user;
}

/** Any origin of our own will do: only whether the parsed URL stays on it matters. */
const HOME = 'http://microaula.invalid';

/**
 * Only same-site paths are accepted as a place to go back to (after signing in, changing the
 * language…). The value is parsed the way a browser would parse it (`new URL`, which drops tabs
 * and line breaks and reads `\` as `/`), and kept only when it stays on our origin; what comes
 * back is the parsed path, so no header ever carries a control character.
 */
export function safeReturnPath(value: string | null | undefined): string {
	if (!value || !value.startsWith('/')) return '/';
	let url: URL;
	try {
		url = new URL(value, HOME);
	} catch {
		return '/';
	}
	if (url.origin !== HOME) return '/';
	const path = url.pathname + url.search + url.hash;
	// `/.//evil.example` parses to the path `//evil.example`, which a browser would read as a host.
	if (path.startsWith('//') || path.startsWith('/\\')) return '/';
	return path;
}

/**
 * The address a request came from, for the rate limits. Behind a proxy (ADDRESS_HEADER) a request
 * without that header did not come through the proxy: adapter-node throws, which was a 500 with a
 * stack trace; it is a 400 with the usual message instead.
 */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
	try {
		return event.getClientAddress();
	} catch {
		error(400, { message: m.fac_bad_request() });
	}
}
