// What the studio's pages share: who may author (as a domain Actor), and domain refusals turned
// into the answers a form expects (403 for what this person may not do, fail() with the message
// for a request that cannot apply), keeping the fields the author typed.
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { requireRole } from '../auth/guard';
import { ContentForbiddenError, ContentStudioError, type Actor } from './studio';

/** A signed-in author or administrator (else sign-in or 403). */
export function requireAuthor(event: Pick<RequestEvent, 'locals' | 'url'>): Actor {
	const user = requireRole(event, 'autor');
	return { id: user.id, role: user.role };
}

/** Runs one domain call; refusals become 403 or fail(status, { message, ...keep }). */
export async function runStudio<T, K extends object = Record<never, never>>(
	fn: () => Promise<T>,
	keep: K = {} as K
) {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof ContentForbiddenError) error(403, { message: 'forbidden' });
		if (e instanceof ContentStudioError) return fail(e.status, { message: e.message, ...keep });
		throw e;
	}
}
