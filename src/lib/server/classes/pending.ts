// The rule for "invitations waiting for this person's answer" (an invitation from a class that
// is still open), as an expression: the session lookup selects it alongside the person, so the
// banner every page may show costs no query of its own. Kept apart from cohorts.ts, which the
// session module cannot import without a cycle (cohorts → users → session).
import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema';

export function pendingInvitationCount(eb: ExpressionBuilder<Database, 'users'>) {
	return eb
		.selectFrom('class_invitations')
		.innerJoin('cohorts', 'cohorts.id', 'class_invitations.cohort_id')
		.select((inner) => inner.fn.countAll<number>().as('n'))
		.whereRef('class_invitations.user_id', '=', 'users.id')
		.where('cohorts.closed_at', 'is', null);
}
