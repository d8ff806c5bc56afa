// The one place where pages and actions ask "who may do this?".
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
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

/** Only same-site paths are accepted as a place to go back to after signing in. */
export function safeReturnPath(value: string | null | undefined): string {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
		return '/';
	}
	return value;
}
