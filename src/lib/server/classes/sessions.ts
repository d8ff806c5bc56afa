// In-person sessions of a class and who attended them.
import { inTransaction, type Db } from '../db';
import type { ClassSessionRow, CohortRow } from '../db/schema';
import { randomId } from '../random';

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
			const value = present.has(userId) ? 1 : 0;
			await trx
				.insertInto('attendance')
				.values({
					session_id: sessionId,
					user_id: userId,
					present: value,
					recorded_at: at,
					recorded_by: recordedBy
				})
				.onConflict((oc) =>
					oc
						.columns(['session_id', 'user_id'])
						.doUpdateSet({ present: value, recorded_at: at, recorded_by: recordedBy })
				)
				.execute();
		}
		return { ok: true };
	});
}

/** Share of the sessions held so far (attendance taken) that a person attended, in whole percent. */
export function attendanceRate(attended: number, held: number): number | null {
	return held === 0 ? null : Math.round((100 * attended) / held);
}
