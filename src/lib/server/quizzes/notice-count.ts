// The rule for "results of answers sent from a phone that their owner has not opened yet", as an
// expression: the session lookup counts them alongside the person, so the layout reads the notices
// themselves only when there are some (most pages, lesson pages above all, have none to show).
// Kept apart from offline.ts, which the session module cannot import without a cycle.
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema';

/** How long a notice about answers sent from a phone stays if its result is never opened. */
export const NOTICE_DAYS = 14;

/** The oldest submission time whose notice still shows, as stored (ISO text). */
export function noticeCutoff(now = new Date()): string {
	return new Date(now.getTime() - NOTICE_DAYS * 24 * 60 * 60 * 1000).toISOString();
}

export function offlineNoticeCount(eb: ExpressionBuilder<Database, 'users'>, cutoff: string) {
	return eb
		.selectFrom('quiz_attempts')
		.select((inner) => inner.fn.countAll<number>().as('n'))
		.whereRef('quiz_attempts.user_id', '=', 'users.id')
		.where('quiz_attempts.offline_notice', '=', 1)
		.where('quiz_attempts.submitted_at', '>=', cutoff);
}
