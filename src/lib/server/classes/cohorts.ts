// Classes (cohorts): who runs them, who is in them, and how people join. A facilitator manages
// only their own classes; an administrator manages all of them. Every function that changes a
// class takes the cohort returned by `managedCohort`, so that rule is checked in one place.
import { inTransaction, type Db } from '../db';
import type { CohortRow, Role } from '../db/schema';
import { findUserByUsername } from '../auth/users';
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
	| { ok: false; reason: 'format' | 'unknown' | 'disabled' | 'closed' | 'finished' };

/** Joins a class with its code, enrolling the person in the class's course. */
export async function joinByCode(
	db: Db,
	userId: string,
	typed: string,
	now = new Date()
): Promise<JoinResult> {
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
	if (!already) await addMember(db, cohort, userId, null);
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

export async function addMember(
	db: Db,
	cohort: CohortRow,
	userId: string,
	addedBy: string | null
): Promise<void> {
	await inTransaction(db, async (trx) => {
		await trx
			.insertInto('cohort_members')
			.values({
				cohort_id: cohort.id,
				user_id: userId,
				joined_at: new Date().toISOString(),
				added_by: addedBy
			})
			.onConflict((oc) => oc.columns(['cohort_id', 'user_id']).doNothing())
			.execute();
		await enrol(trx, userId, cohort.course_id);
	});
}

export type AddByUsername =
	{ ok: true; displayName: string } | { ok: false; reason: 'unknown-user' | 'already' };

export async function addMemberByUsername(
	db: Db,
	cohort: CohortRow,
	username: string,
	addedBy: string
): Promise<AddByUsername> {
	const user = await findUserByUsername(db, username);
	if (!user || user.disabled_at) return { ok: false, reason: 'unknown-user' };
	if (await isMember(db, cohort.id, user.id)) return { ok: false, reason: 'already' };
	await addMember(db, cohort, user.id, addedBy);
	return { ok: true, displayName: user.display_name };
}

/** Takes a person out of a class; their account, progress and certificates stay. */
export async function removeMember(db: Db, cohort: CohortRow, userId: string): Promise<boolean> {
	const result = await db
		.deleteFrom('cohort_members')
		.where('cohort_id', '=', cohort.id)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
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
