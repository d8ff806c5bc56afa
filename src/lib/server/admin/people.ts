// People, as administrators manage them: search, roles, disabling, password resets. Every change
// is written to the audit log in the same transaction, and the last active admin stays an admin.
import { sql } from 'kysely';
import { inTransaction, type Db } from '../db';
import { containing, fetchPage, type Page } from '../db/query';
import type { Role } from '../db/schema';
import { writeAudit } from '../audit';
import { invalidateUserSessions } from '../auth/session';
import { resetPasswordBy } from '../auth/users';
import { generateInitialPassword } from '../classes/codes';

export interface PersonRow {
	id: string;
	username: string;
	displayName: string;
	email: string | null;
	phone: string | null;
	role: Role;
	disabled: boolean;
	createdAt: string;
}

/** Finds people by username, name, e-mail or phone (case-insensitive, portable LIKE). */
export async function searchPeople(db: Db, query: string, page: number): Promise<Page<PersonRow>> {
	const q = query.trim().toLowerCase();
	let base = db.selectFrom('users');
	if (q) {
		base = base.where((eb) =>
			eb.or(
				['username', 'display_name', 'email', 'phone'].map((col) =>
					eb(sql`lower(${sql.ref(col)})`, 'like', containing(q))
				)
			)
		);
	}
	const result = await fetchPage(base, page, (query) =>
		query.selectAll().orderBy('display_name').orderBy('id')
	);
	return {
		...result,
		items: result.items.map((r) => ({
			id: r.id,
			username: r.username,
			displayName: r.display_name,
			email: r.email,
			phone: r.phone,
			role: r.role,
			disabled: r.disabled_at !== null,
			createdAt: r.created_at
		}))
	};
}

async function activeAdmins(db: Db): Promise<number> {
	const row = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('role', '=', 'admin')
		.where('disabled_at', 'is', null)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

function accountState(db: Db, userId: string) {
	return db
		.selectFrom('users')
		.select(['role', 'disabled_at'])
		.where('id', '=', userId)
		.executeTakeFirst();
}

/** Whether taking this account away from the admins would leave none active. */
async function isLastActiveAdmin(db: Db, user: { role: Role; disabled_at: string | null }) {
	return user.role === 'admin' && user.disabled_at === null && (await activeAdmins(db)) <= 1;
}

export type ChangeResult = { ok: true } | { ok: false; reason: 'not-found' | 'last-admin' };

/** Changes a role; the person's sessions end, so the new role applies from their next sign-in. */
export async function changeRole(
	db: Db,
	actorId: string,
	userId: string,
	role: Role
): Promise<ChangeResult> {
	return inTransaction(db, async (trx) => {
		const user = await accountState(trx, userId);
		if (!user) return { ok: false, reason: 'not-found' };
		if (user.role === role) return { ok: true };
		if (await isLastActiveAdmin(trx, user)) return { ok: false, reason: 'last-admin' };
		await trx.updateTable('users').set({ role }).where('id', '=', userId).execute();
		await invalidateUserSessions(trx, userId);
		await writeAudit(trx, {
			actorId,
			action: 'user.role',
			targetType: 'user',
			targetId: userId,
			details: { from: user.role, to: role }
		});
		return { ok: true };
	});
}

/** Disables (ending every session at once) or re-enables an account. */
export async function setDisabled(
	db: Db,
	actorId: string,
	userId: string,
	disabled: boolean
): Promise<ChangeResult> {
	return inTransaction(db, async (trx) => {
		const user = await accountState(trx, userId);
		if (!user) return { ok: false, reason: 'not-found' };
		if (disabled && (await isLastActiveAdmin(trx, user)))
			return { ok: false, reason: 'last-admin' };
		await trx
			.updateTable('users')
			.set({ disabled_at: disabled ? new Date().toISOString() : null })
			.where('id', '=', userId)
			.execute();
		if (disabled) await invalidateUserSessions(trx, userId);
		await writeAudit(trx, {
			actorId,
			action: disabled ? 'user.disable' : 'user.enable',
			targetType: 'user',
			targetId: userId
		});
		return { ok: true };
	});
}

/** A temporary password, shown once to the admin; the person chooses their own at next sign-in. */
export async function resetPassword(
	db: Db,
	actorId: string,
	userId: string
): Promise<string | null> {
	return inTransaction(db, async (trx) => {
		const user = await trx
			.selectFrom('users')
			.select('id')
			.where('id', '=', userId)
			.executeTakeFirst();
		if (!user) return null;
		const password = generateInitialPassword();
		await resetPasswordBy(trx, { userId, actorId, password });
		return password;
	});
}

export async function personDetail(db: Db, userId: string) {
	const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
	if (!user) return null;
	const [enrolments, classes, certificates] = await Promise.all([
		db
			.selectFrom('enrollments')
			.select(['course_id', 'enrolled_at'])
			.where('user_id', '=', userId)
			.orderBy('enrolled_at')
			.execute(),
		db
			.selectFrom('cohort_members')
			.innerJoin('cohorts', 'cohorts.id', 'cohort_members.cohort_id')
			.select(['cohorts.id', 'cohorts.name', 'cohorts.course_id'])
			.where('cohort_members.user_id', '=', userId)
			.execute(),
		db
			.selectFrom('certificates')
			.selectAll()
			.where('user_id', '=', userId)
			.orderBy('issued_at')
			.execute()
	]);
	return { user, enrolments, classes, certificates };
}
