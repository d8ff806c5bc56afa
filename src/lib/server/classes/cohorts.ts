// Classes (cohorts): who runs them, who is in them, and how people join. A facilitator manages
// only their own classes; an administrator manages all of them. Every function that changes a
// class takes the cohort returned by `managedCohort`, so that rule is checked in one place.
// People come in three ways, recorded on the membership: with the class code, with an account
// the class created for them, or by accepting an invitation sent to their username (a class can
// never pull an existing account in by itself, and never a facilitator's or an admin's).
import { inTransaction, type Db } from '../db';
import type { CohortRow, MemberOrigin, Role } from '../db/schema';
import { writeAudit } from '../audit';
import { findUserByUsername } from '../auth/users';
import {
	blockedFor,
	clearFailures,
	recordFailure,
	limitedAddress,
	SIGNIN_ACCOUNT,
	SIGNIN_ADDRESS,
	type LimitKey
} from '../auth/rate-limit';
import { enrol } from '../learning/progress';
import { randomId } from '../random';
import { generateJoinCode, normalizeJoinCode } from './codes';

export interface Manager {
	id: string;
	role: Role;
}

export function canManage(user: Manager, cohort: Pick<CohortRow, 'facilitator_id'>): boolean {
	return (
		user.role === 'admin' || (user.role === 'facilitator' && cohort.facilitator_id === user.id)
	);
}

export type ManagedCohort =
	{ ok: true; cohort: CohortRow } | { ok: false; reason: 'not-found' | 'forbidden' };

export async function managedCohort(
	db: Db,
	user: Manager,
	cohortId: string
): Promise<ManagedCohort> {
	const cohort = await db
		.selectFrom('cohorts')
		.selectAll()
		.where('id', '=', cohortId)
		.executeTakeFirst();
	if (!cohort) return { ok: false, reason: 'not-found' };
	if (!canManage(user, cohort)) return { ok: false, reason: 'forbidden' };
	return { ok: true, cohort };
}

export interface CohortListItem {
	id: string;
	courseId: string;
	name: string;
	place: string | null;
	startsOn: string;
	endsOn: string;
	closed: boolean;
	members: number;
}

export async function listCohorts(db: Db, user: Manager): Promise<CohortListItem[]> {
	let query = db
		.selectFrom('cohorts')
		.leftJoin('cohort_members', 'cohort_members.cohort_id', 'cohorts.id')
		.select((eb) => [
			'cohorts.id',
			'cohorts.course_id',
			'cohorts.name',
			'cohorts.place',
			'cohorts.starts_on',
			'cohorts.ends_on',
			'cohorts.closed_at',
			eb.fn.count<number>('cohort_members.user_id').as('members')
		])
		.groupBy([
			'cohorts.id',
			'cohorts.course_id',
			'cohorts.name',
			'cohorts.place',
			'cohorts.starts_on',
			'cohorts.ends_on',
			'cohorts.closed_at'
		])
		.orderBy('cohorts.starts_on', 'desc');
	if (user.role !== 'admin') query = query.where('cohorts.facilitator_id', '=', user.id);
	const rows = await query.execute();
	return rows.map((r) => ({
		id: r.id,
		courseId: r.course_id,
		name: r.name,
		place: r.place,
		startsOn: r.starts_on,
		endsOn: r.ends_on,
		closed: r.closed_at !== null,
		members: Number(r.members)
	}));
}

export interface NewCohort {
	courseId: string;
	name: string;
	place: string | null;
	startsOn: string;
	endsOn: string;
}

export async function createCohort(
	db: Db,
	facilitatorId: string,
	input: NewCohort
): Promise<CohortRow> {
	for (let tries = 0; ; tries++) {
		const row = await db
			.insertInto('cohorts')
			.values({
				id: randomId(),
				course_id: input.courseId,
				facilitator_id: facilitatorId,
				name: input.name,
				place: input.place,
				starts_on: input.startsOn,
				ends_on: input.endsOn,
				join_code: generateJoinCode(),
				join_enabled: 1,
				closed_at: null,
				created_at: new Date().toISOString()
			})
			.onConflict((oc) => oc.column('join_code').doNothing())
			.returningAll()
			.executeTakeFirst();
		if (row) return row;
		if (tries > 10) throw new Error('no free join code');
	}
}

export async function setJoinEnabled(db: Db, cohort: CohortRow, enabled: boolean): Promise<void> {
	await db
		.updateTable('cohorts')
		.set({ join_enabled: enabled ? 1 : 0 })
		.where('id', '=', cohort.id)
		.execute();
}

export async function regenerateJoinCode(db: Db, cohort: CohortRow): Promise<string> {
	for (let tries = 0; tries < 10; tries++) {
		const code = generateJoinCode();
		const taken = await db
			.selectFrom('cohorts')
			.select('id')
			.where('join_code', '=', code)
			.executeTakeFirst();
		if (taken) continue;
		await db
			.updateTable('cohorts')
			.set({ join_code: code, join_enabled: 1 })
			.where('id', '=', cohort.id)
			.execute();
		return code;
	}
	throw new Error('no free join code');
}

export async function setClosed(db: Db, cohort: CohortRow, closed: boolean): Promise<void> {
	await db
		.updateTable('cohorts')
		.set({ closed_at: closed ? new Date().toISOString() : null })
		.where('id', '=', cohort.id)
		.execute();
}

/** YYYY-MM-DD in Ecuador, where the classes take place. */
export function todayInEcuador(now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Guayaquil' }).format(now);
}

export type JoinResult =
	| { ok: true; cohort: CohortRow; already: boolean }
	| { ok: false; reason: 'format' | 'unknown' | 'disabled' | 'closed' | 'finished' }
	| { ok: false; reason: 'blocked'; retryAfterMs: number };

/** Wrong codes count like wrong passwords: per account and address, and per address. */
export function joinKeys(userId: string, at: string): LimitKey[] {
	const address = limitedAddress(at);
	return [
		{ key: `join:account:${userId}|${address}`, policy: SIGNIN_ACCOUNT },
		{ key: `join:address:${address}`, policy: SIGNIN_ADDRESS }
	];
}

/**
 * `joinByCode` behind the same growing waits as signing in: a code is about 30 bits, so
 * unlimited guessing would find some class. Only unknown codes count; while blocked, the code is
 * not even looked up.
 */
export async function joinByCodeLimited(
	db: Db,
	input: { userId: string; code: string; address: string; now?: Date }
): Promise<JoinResult> {
	const now = input.now ?? new Date();
	const keys = joinKeys(input.userId, input.address);
	const wait = await blockedFor(db, keys, now);
	if (wait > 0) return { ok: false, reason: 'blocked', retryAfterMs: wait };
	const result = await joinByCode(db, input.userId, input.code, now);
	if (!result.ok && result.reason === 'unknown') {
		const waitNow = await recordFailure(db, keys, now);
		if (waitNow > 0) return { ok: false, reason: 'blocked', retryAfterMs: waitNow };
	}
	if (result.ok) await clearFailures(db, keys.slice(0, 1));
	return result;
}

/** Joins a class with its code, enrolling the person in the class's course. */
export async function joinByCode(
	db: Db,
	userId: string,
	typed: string,
	now = new Date()
): Promise<Exclude<JoinResult, { reason: 'blocked' }>> {
	const code = normalizeJoinCode(typed);
	if (!code) return { ok: false, reason: 'format' };
	const cohort = await db
		.selectFrom('cohorts')
		.selectAll()
		.where('join_code', '=', code)
		.executeTakeFirst();
	if (!cohort) return { ok: false, reason: 'unknown' };
	if (cohort.closed_at !== null) return { ok: false, reason: 'closed' };
	if (cohort.ends_on < todayInEcuador(now)) return { ok: false, reason: 'finished' };
	if (cohort.join_enabled !== 1) return { ok: false, reason: 'disabled' };
	const already = await isMember(db, cohort.id, userId);
	if (!already) await addMember(db, cohort, userId, null, 'code');
	return { ok: true, cohort, already };
}

export async function isMember(db: Db, cohortId: string, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('cohort_members')
		.select('user_id')
		.where('cohort_id', '=', cohortId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row !== undefined;
}

/**
 * Puts someone in a class and enrols them in its course. `origin` says how (see MemberOrigin);
 * when unsure, 'username' is the safe one: it gives the class no power over the account.
 */
export async function addMember(
	db: Db,
	cohort: CohortRow,
	userId: string,
	addedBy: string | null,
	origin: MemberOrigin = 'username'
): Promise<void> {
	await inTransaction(db, async (trx) => {
		await trx
			.insertInto('cohort_members')
			.values({
				cohort_id: cohort.id,
				user_id: userId,
				joined_at: new Date().toISOString(),
				added_by: addedBy,
				origin
			})
			.onConflict((oc) => oc.columns(['cohort_id', 'user_id']).doNothing())
			.execute();
		await enrol(trx, userId, cohort.course_id);
	});
}

/** How `userId` came into the class, or undefined when they are not in it. */
export async function membershipOrigin(
	db: Db,
	cohortId: string,
	userId: string
): Promise<MemberOrigin | undefined> {
	const row = await db
		.selectFrom('cohort_members')
		.select('origin')
		.where('cohort_id', '=', cohortId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row?.origin;
}

/**
 * Invites the account with this username to the class. The facilitator learns nothing from the
 * answer: unknown, disabled, staff and already-invited accounts get the same reply as a real
 * invitation (the result is for the tests; the page does not show it).
 */
export async function inviteByUsername(
	db: Db,
	cohort: CohortRow,
	username: string,
	invitedBy: string
): Promise<'invited' | 'ignored'> {
	const user = await findUserByUsername(db, username);
	if (!user || user.disabled_at || user.role !== 'participant') return 'ignored';
	if (await isMember(db, cohort.id, user.id)) return 'ignored';
	return inTransaction(db, async (trx) => {
		const row = await trx
			.insertInto('class_invitations')
			.values({
				cohort_id: cohort.id,
				user_id: user.id,
				invited_by: invitedBy,
				created_at: new Date().toISOString()
			})
			.onConflict((oc) => oc.columns(['cohort_id', 'user_id']).doNothing())
			.returning('user_id')
			.executeTakeFirst();
		if (!row) return 'ignored';
		await writeAudit(trx, {
			actorId: invitedBy,
			action: 'class.invite',
			targetType: 'cohort',
			targetId: cohort.id,
			details: { user: user.id }
		});
		return 'invited';
	});
}

export interface Invitation {
	cohortId: string;
	className: string;
	courseId: string;
	place: string | null;
	invitedBy: string | null;
}

/** The classes that invited this person and are still open. */
export async function pendingInvitations(db: Db, userId: string): Promise<Invitation[]> {
	const rows = await db
		.selectFrom('class_invitations')
		.innerJoin('cohorts', 'cohorts.id', 'class_invitations.cohort_id')
		.leftJoin('users', 'users.id', 'class_invitations.invited_by')
		.select([
			'cohorts.id',
			'cohorts.name',
			'cohorts.course_id',
			'cohorts.place',
			'users.display_name'
		])
		.where('class_invitations.user_id', '=', userId)
		.where('cohorts.closed_at', 'is', null)
		.orderBy('class_invitations.created_at')
		.execute();
	return rows.map((r) => ({
		cohortId: r.id,
		className: r.name,
		courseId: r.course_id,
		place: r.place,
		invitedBy: r.display_name
	}));
}

export type AnswerResult =
	{ ok: true; cohort: CohortRow } | { ok: false; reason: 'not-invited' | 'closed' };

/**
 * The invited person's answer. Accepting puts them in the class as 'username' (the class sees
 * their progress but may not reset their password); declining just forgets the invitation.
 */
export async function answerInvitation(
	db: Db,
	user: { id: string; role: Role },
	cohortId: string,
	accept: boolean
): Promise<AnswerResult> {
	return inTransaction(db, async (trx) => {
		const invitation = await trx
			.selectFrom('class_invitations')
			.innerJoin('cohorts', 'cohorts.id', 'class_invitations.cohort_id')
			.selectAll('cohorts')
			.select('class_invitations.invited_by')
			.where('class_invitations.cohort_id', '=', cohortId)
			.where('class_invitations.user_id', '=', user.id)
			.executeTakeFirst();
		if (!invitation) return { ok: false, reason: 'not-invited' };
		const { invited_by: invitedBy, ...cohort } = invitation;
		await trx
			.deleteFrom('class_invitations')
			.where('cohort_id', '=', cohortId)
			.where('user_id', '=', user.id)
			.execute();
		if (accept && (cohort.closed_at !== null || user.role !== 'participant')) {
			return { ok: false, reason: 'closed' };
		}
		if (accept) await addMember(trx, cohort, user.id, invitedBy, 'username');
		await writeAudit(trx, {
			actorId: user.id,
			action: accept ? 'class.invite.accept' : 'class.invite.decline',
			targetType: 'cohort',
			targetId: cohortId
		});
		return { ok: true, cohort };
	});
}

/**
 * Takes a person out of a class; their account, progress and certificates stay, and so does their
 * place in the class's evidence figures (see cohort_former_members), or removing someone and
 * comparing the figures would tell that person's answers.
 */
export async function removeMember(
	db: Db,
	cohort: CohortRow,
	userId: string,
	now = new Date()
): Promise<boolean> {
	return inTransaction(db, async (trx) => {
		const result = await trx
			.deleteFrom('cohort_members')
			.where('cohort_id', '=', cohort.id)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (Number(result.numDeletedRows) === 0) return false;
		await trx
			.insertInto('cohort_former_members')
			.values({ cohort_id: cohort.id, user_id: userId, removed_at: now.toISOString() })
			.onConflict((oc) =>
				oc.columns(['cohort_id', 'user_id']).doUpdateSet({ removed_at: now.toISOString() })
			)
			.execute();
		return true;
	});
}

export interface Member {
	id: string;
	username: string;
	displayName: string;
	joinedAt: string;
}

export async function members(db: Db, cohortId: string): Promise<Member[]> {
	const rows = await db
		.selectFrom('cohort_members')
		.innerJoin('users', 'users.id', 'cohort_members.user_id')
		.select(['users.id', 'users.username', 'users.display_name', 'cohort_members.joined_at'])
		.where('cohort_members.cohort_id', '=', cohortId)
		.orderBy('users.display_name')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		username: r.username,
		displayName: r.display_name,
		joinedAt: r.joined_at
	}));
}
