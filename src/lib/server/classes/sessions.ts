// In-person sessions of a class and who attended them.
import { inTransaction, type Db } from '../db';
import type { ClassSessionRow, CohortRow } from '../db/schema';
import { randomId } from '../random';
import { writeAudit } from '../audit';
import { markTime, parseTime } from '../learning/offline-sync';

export async function createClassSession(
	db: Db,
	cohort: CohortRow,
	input: { date: string; time: string | null; topic: string; moduleId: string | null }
): Promise<ClassSessionRow> {
	return db
		.insertInto('class_sessions')
		.values({
			id: randomId(),
			cohort_id: cohort.id,
			date: input.date,
			time: input.time,
			topic: input.topic,
			module_id: input.moduleId,
			created_at: new Date().toISOString()
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

export async function classSessions(db: Db, cohortId: string) {
	const rows = await db
		.selectFrom('class_sessions')
		.leftJoin('attendance', (join) =>
			join.onRef('attendance.session_id', '=', 'class_sessions.id').on('attendance.present', '=', 1)
		)
		.select((eb) => [
			'class_sessions.id',
			'class_sessions.date',
			'class_sessions.time',
			'class_sessions.topic',
			'class_sessions.module_id',
			eb.fn.count<number>('attendance.user_id').as('present')
		])
		.where('class_sessions.cohort_id', '=', cohortId)
		.groupBy([
			'class_sessions.id',
			'class_sessions.date',
			'class_sessions.time',
			'class_sessions.topic',
			'class_sessions.module_id'
		])
		.orderBy('class_sessions.date')
		.orderBy('class_sessions.time')
		.execute();
	return rows.map((r) => ({ ...r, present: Number(r.present) }));
}

export async function findClassSession(db: Db, cohortId: string, sessionId: string) {
	return db
		.selectFrom('class_sessions')
		.selectAll()
		.where('id', '=', sessionId)
		.where('cohort_id', '=', cohortId)
		.executeTakeFirst();
}

export async function attendanceOf(db: Db, sessionId: string): Promise<Map<string, boolean>> {
	const rows = await db
		.selectFrom('attendance')
		.select(['user_id', 'present'])
		.where('session_id', '=', sessionId)
		.execute();
	return new Map(rows.map((r) => [r.user_id, r.present === 1]));
}

export type SaveAttendance = { ok: true } | { ok: false; reason: 'not-member' };

/**
 * Records who was present: everyone in `presentIds` present, every other member absent. Someone
 * who is not in the class makes the whole save fail, and nothing is written.
 */
export async function saveAttendance(
	db: Db,
	cohort: CohortRow,
	sessionId: string,
	presentIds: string[],
	recordedBy: string
): Promise<SaveAttendance> {
	return inTransaction(db, async (trx) => {
		const memberIds = (
			await trx
				.selectFrom('cohort_members')
				.select('user_id')
				.where('cohort_id', '=', cohort.id)
				.execute()
		).map((r) => r.user_id);
		const members = new Set(memberIds);
		if (presentIds.some((id) => !members.has(id))) return { ok: false, reason: 'not-member' };
		const present = new Set(presentIds);
		const at = new Date().toISOString();
		for (const userId of memberIds) {
			await writeTick(trx, { sessionId, userId, present: present.has(userId), at, recordedBy });
		}
		return { ok: true };
	});
}

/** Share of the sessions held so far (attendance taken) that a person attended, in whole percent. */
export function attendanceRate(attended: number, held: number): number | null {
	return held === 0 ? null : Math.round((100 * attended) / held);
}

/** One tick a facilitator made on a phone without connection. */
export interface AttendanceChange {
	userId: string;
	present: boolean;
	/** When the box was ticked, by the phone's clock (ISO). */
	changedAt: string;
}

export interface AttendanceMerge {
	applied: string[];
	/** Someone changed this person's mark later than the phone did: theirs stays. */
	superseded: string[];
	/** No longer (or never) in the class: nothing written for them. */
	refused: string[];
	/** Unreadable times: nothing written for them. */
	invalid: string[];
}

/**
 * Attendance ticked offline, arriving now. For each person the last change wins, by the time it
 * was made (the phone's clock, corrected by what it read when sending, and never in the future),
 * whichever arrives first; a person not in the class is refused and the rest still applies.
 * Every change is written to the audit log with who made it, when, and what became of it.
 */
export async function mergeAttendance(
	db: Db,
	cohort: CohortRow,
	sessionId: string,
	changes: AttendanceChange[],
	recordedBy: string,
	options: { sentAt?: string | null; now?: Date } = {}
): Promise<AttendanceMerge> {
	const now = options.now ?? new Date();
	const sentAt = options.sentAt ? parseTime(options.sentAt) : null;
	const result: AttendanceMerge = { applied: [], superseded: [], refused: [], invalid: [] };
	// Within one batch too, the latest change per person is the one that counts.
	const latest = new Map<string, { present: boolean; at: Date; changedAt: string }>();
	for (const change of changes) {
		const phoneTime = parseTime(change.changedAt);
		if (!phoneTime) {
			result.invalid.push(change.userId);
			continue;
		}
		let at = markTime(phoneTime, sentAt, now);
		if (at.getTime() > now.getTime()) at = now;
		const seen = latest.get(change.userId);
		if (!seen || seen.at.getTime() <= at.getTime()) {
			latest.set(change.userId, { present: change.present, at, changedAt: change.changedAt });
		}
	}
	return inTransaction(db, async (trx) => {
		const members = new Set(
			(
				await trx
					.selectFrom('cohort_members')
					.select('user_id')
					.where('cohort_id', '=', cohort.id)
					.execute()
			).map((r) => r.user_id)
		);
		const existing = new Map(
			(
				await trx
					.selectFrom('attendance')
					.select(['user_id', 'recorded_at'])
					.where('session_id', '=', sessionId)
					.execute()
			).map((r) => [r.user_id, r.recorded_at])
		);
		for (const [userId, change] of latest) {
			const at = change.at.toISOString();
			let outcome: 'applied' | 'superseded' | 'refused';
			if (!members.has(userId)) {
				outcome = 'refused';
			} else if ((existing.get(userId) ?? '') > at) {
				outcome = 'superseded';
			} else {
				outcome = 'applied';
				await writeTick(trx, { sessionId, userId, present: change.present, at, recordedBy });
			}
			result[outcome].push(userId);
			await writeAudit(
				trx,
				{
					actorId: recordedBy,
					action: `attendance.offline.${outcome}`,
					targetType: 'class_session',
					targetId: sessionId,
					details: { userId, present: change.present, at, phoneTime: change.changedAt }
				},
				now
			);
		}
		return result;
	});
}

/**
 * People whose offline ticks for this session were refused because they had left the class, until
 * this facilitator saves the attendance of the session again (they have seen the notice and acted;
 * an administrator's save does not hide it from them).
 */
export async function refusedOfflineAttendance(db: Db, sessionId: string, facilitatorId: string) {
	const lastSaved = await db
		.selectFrom('attendance')
		.select((eb) => eb.fn.max('recorded_at').as('at'))
		.where('session_id', '=', sessionId)
		.where('recorded_by', '=', facilitatorId)
		.executeTakeFirst();
	const rows = await db
		.selectFrom('audit_log')
		.select(['details', 'at'])
		.where('target_type', '=', 'class_session')
		.where('target_id', '=', sessionId)
		.where('action', '=', 'attendance.offline.refused')
		.where('actor_id', '=', facilitatorId)
		.$if(Boolean(lastSaved?.at), (q) => q.where('at', '>=', lastSaved!.at!))
		.orderBy('at', 'desc')
		.limit(50)
		.execute();
	const ids = [
		...new Set(rows.map((r) => (JSON.parse(r.details ?? '{}') as { userId?: string }).userId))
	].filter((id): id is string => typeof id === 'string');
	if (ids.length === 0) return [];
	const people = await db
		.selectFrom('users')
		.select(['id', 'display_name'])
		.where('id', 'in', ids)
		.execute();
	return people.map((p) => ({ id: p.id, name: p.display_name }));
}

/** One person's attendance at one session, replacing what was there. */
async function writeTick(
	db: Db,
	tick: { sessionId: string; userId: string; present: boolean; at: string; recordedBy: string }
): Promise<void> {
	const value = tick.present ? 1 : 0;
	await db
		.insertInto('attendance')
		.values({
			session_id: tick.sessionId,
			user_id: tick.userId,
			present: value,
			recorded_at: tick.at,
			recorded_by: tick.recordedBy
		})
		.onConflict((oc) =>
			oc
				.columns(['session_id', 'user_id'])
				.doUpdateSet({ present: value, recorded_at: tick.at, recorded_by: tick.recordedBy })
		)
		.execute();
}
