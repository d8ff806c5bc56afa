// A participant deletes their own account. Their personal data and progress go (the foreign keys
// cascade from `users`); each valid certificate they earned is kept verifiable or revoked, as
// they chose. A kept certificate loses its link to the account but keeps the printed name (that
// is what makes it worth keeping); a revoked one, and any revoked before, loses the name too.
import { inTransaction, type Db } from '../db';
import { writeAudit } from '../audit';
import { deleteCounters } from '../auth/rate-limit';
import { signInCounters } from './personal-data';

/** Why a revoked certificate is revoked, as the admin pages show it. */
export const REVOKED_ON_DELETION = 'account-deleted';

export type DeleteAccountResult =
	| { ok: true; kept: number; revoked: number }
	| { ok: false; reason: 'not-found' | 'not-participant' | 'runs-classes' };

export async function deleteAccount(
	db: Db,
	input: { userId: string; revokeCodes: readonly string[]; now?: Date }
): Promise<DeleteAccountResult> {
	const at = (input.now ?? new Date()).toISOString();
	return inTransaction(db, async (trx) => {
		const user = await trx
			.selectFrom('users')
			.select(['username', 'role'])
			.where('id', '=', input.userId)
			.executeTakeFirst();
		if (!user) return { ok: false, reason: 'not-found' };
		// Facilitators' and administrators' accounts hold other people's records (classes,
		// attendance they took): an administrator removes those, not a button.
		if (user.role !== 'participant') return { ok: false, reason: 'not-participant' };
		const classes = await trx
			.selectFrom('cohorts')
			.select('id')
			.where('facilitator_id', '=', input.userId)
			.executeTakeFirst();
		if (classes) return { ok: false, reason: 'runs-classes' };

		const certificates = await trx
			.selectFrom('certificates')
			.select(['id', 'code', 'revoked_at'])
			.where('user_id', '=', input.userId)
			.execute();
		const revoke = new Set(input.revokeCodes);
		const toRevoke = certificates.filter((c) => c.revoked_at === null && revoke.has(c.code));
		const kept = certificates.filter((c) => c.revoked_at === null && !revoke.has(c.code));
		const nameless = certificates.filter((c) => c.revoked_at !== null || revoke.has(c.code));

		if (toRevoke.length) {
			await trx
				.updateTable('certificates')
				.set({ revoked_at: at, revoked_reason: REVOKED_ON_DELETION })
				.where(
					'id',
					'in',
					toRevoke.map((c) => c.id)
				)
				.execute();
		}
		if (nameless.length) {
			await trx
				.updateTable('certificates')
				.set({ name_printed: '' })
				.where(
					'id',
					'in',
					nameless.map((c) => c.id)
				)
				.execute();
			// A re-issue's audit entry may carry the printed name.
			await trx
				.updateTable('audit_log')
				.set({ details: null })
				.where('target_type', '=', 'certificate')
				.where(
					'target_id',
					'in',
					nameless.map((c) => c.code)
				)
				.execute();
		}
		await trx
			.updateTable('audit_log')
			.set({ details: null })
			.where('target_type', '=', 'user')
			.where('target_id', '=', input.userId)
			.execute();
		const counters = await signInCounters(trx, user.username, input.userId);
		await deleteCounters(
			trx,
			counters.map((c) => c.key)
		);
		// Sessions, enrolments, progress, attempts, class memberships and attendance cascade;
		// certificates and audit entries keep their rows with the account link set to null.
		await trx.deleteFrom('users').where('id', '=', input.userId).execute();
		await writeAudit(
			trx,
			{
				actorId: null,
				action: 'user.delete_self',
				targetType: 'user',
				targetId: input.userId,
				details: { certificatesKept: kept.length, certificatesRevoked: toRevoke.length }
			},
			new Date(at)
		);
		return { ok: true, kept: kept.length, revoked: toRevoke.length };
	});
}
