// A participant deletes their own account. Their personal data and progress go (the foreign keys
// cascade from `users`); each valid certificate they earned is kept verifiable or revoked, as
// they chose. A kept certificate loses its link to the account but keeps the printed name (that
// is what makes it worth keeping); a revoked one, and any revoked before, loses the name too.
import * as v from 'valibot';
import { checkpointWal, inTransaction, type Db } from '../db';
import { writeAudit } from '../audit';
import { deleteCounters } from '../auth/rate-limit';
import { signInCounters } from './personal-data';

/** Why a revoked certificate is revoked, as the admin pages show it. */
export const REVOKED_ON_DELETION = 'account-deleted';

/** What the person chose for one certificate, as the form sends it (`cert-<code>`). */
const choiceSchema = v.picklist(['mantener', 'anular']);

export interface CertificateChoice {
	code: string;
	courseTitle: string;
	name: string;
}

/** The account's valid certificates: the ones with a choice to make before deleting. */
export async function certificatesToDecide(db: Db, userId: string): Promise<CertificateChoice[]> {
	const rows = await db
		.selectFrom('certificates')
		.select(['code', 'course_title', 'name_printed'])
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.orderBy('issued_at')
		.execute();
	return rows.map((c) => ({ code: c.code, courseTitle: c.course_title, name: c.name_printed }));
}

/**
 * Reads a choice for each certificate from the form. `complete` is false when one is missing or
 * unknown: nothing may be deleted on a guess.
 */
export function readCertificateChoices(form: FormData, certificates: CertificateChoice[]) {
	const choices: Record<string, string> = {};
	for (const c of certificates) choices[c.code] = String(form.get(`cert-${c.code}`) ?? '');
	return {
		choices,
		complete: Object.values(choices).every((choice) => v.is(choiceSchema, choice)),
		revokeCodes: certificates.filter((c) => choices[c.code] === 'anular').map((c) => c.code)
	};
}

export type DeleteAccountResult =
	| { ok: true; kept: number; revoked: number }
	| { ok: false; reason: 'not-found' | 'not-participant' | 'runs-classes' };

export async function deleteAccount(
	db: Db,
	input: {
		userId: string;
		revokeCodes: readonly string[];
		/** The administrator who deleted it at the person's request; absent when they did it. */
		actorId?: string;
		now?: Date;
	}
): Promise<DeleteAccountResult> {
	const result = await deleteInTransaction(db, input);
	if (result.ok) await checkpointWal(db);
	return result;
}

async function deleteInTransaction(
	db: Db,
	input: Parameters<typeof deleteAccount>[1]
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
				actorId: input.actorId ?? null,
				action: input.actorId ? 'user.delete' : 'user.delete_self',
				targetType: 'user',
				targetId: input.userId,
				details: { certificatesKept: kept.length, certificatesRevoked: toRevoke.length }
			},
			new Date(at)
		);
		return { ok: true, kept: kept.length, revoked: toRevoke.length };
	});
}
