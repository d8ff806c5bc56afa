// Enrolments and lesson progress: the only code that reads or writes those tables.
import { sql } from 'kysely';
import { inTransaction, reusableQuery, type Db } from '../db';
import type { ProgressSource } from '../db/schema';
import type { CourseRecord } from './rules';

export async function enrol(
	db: Db,
	userId: string,
	courseId: string,
	now = new Date()
): Promise<void> {
	await db
		.insertInto('enrollments')
		.values({ user_id: userId, course_id: courseId, enrolled_at: now.toISOString() })
		.onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
		.execute();
}

export async function isEnrolled(db: Db, userId: string, courseId: string): Promise<boolean> {
	const row = await db
		.selectFrom('enrollments')
		.select('course_id')
		.where('user_id', '=', userId)
		.where('course_id', '=', courseId)
		.executeTakeFirst();
	return row !== undefined;
}

/** When the person enrolled in the course, or null when they have not. */
export async function enrolmentTime(
	db: Db,
	userId: string,
	courseId: string
): Promise<Date | null> {
	const row = await db
		.selectFrom('enrollments')
		.select('enrolled_at')
		.where('user_id', '=', userId)
		.where('course_id', '=', courseId)
		.executeTakeFirst();
	return row ? new Date(row.enrolled_at) : null;
}

export async function enrolledCourseIds(db: Db, userId: string): Promise<string[]> {
	const rows = await db
		.selectFrom('enrollments')
		.select('course_id')
		.where('user_id', '=', userId)
		.orderBy('enrolled_at', 'desc')
		.execute();
	return rows.map((r) => r.course_id);
}

/**
 * Marks a lesson done, enrolling the person if needed. Idempotent: marking it again keeps the
 * first completion time, so a lesson is never counted twice. True when this call counted it.
 */
export async function markLessonDone(
	db: Db,
	input: {
		userId: string;
		courseId: string;
		lessonId: string;
		source?: ProgressSource;
		recordedBy?: string | null;
		at?: Date;
	}
): Promise<boolean> {
	const at = (input.at ?? new Date()).toISOString();
	return await inTransaction(db, async (trx) => {
		await enrol(trx, input.userId, input.courseId, new Date(at));
		const result = await trx
			.insertInto('lesson_progress')
			.values({
				user_id: input.userId,
				course_id: input.courseId,
				lesson_id: input.lessonId,
				completed_at: at,
				source: input.source ?? 'self',
				recorded_by: input.recordedBy ?? null
			})
			.onConflict((oc) => oc.columns(['user_id', 'course_id', 'lesson_id']).doNothing())
			.executeTakeFirst();
		return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
	});
}

export async function doneLessonIds(
	db: Db,
	userId: string,
	courseId: string
): Promise<Set<string>> {
	const rows = await db
		.selectFrom('lesson_progress')
		.select('lesson_id')
		.where('user_id', '=', userId)
		.where('course_id', '=', courseId)
		.execute();
	return new Set(rows.map((r) => r.lesson_id));
}

export async function passedQuizIds(
	db: Db,
	userId: string,
	courseId: string
): Promise<Set<string>> {
	const rows = await db
		.selectFrom('quiz_attempts')
		.select('module_id')
		.distinct()
		.where('user_id', '=', userId)
		.where('course_id', '=', courseId)
		.where('passed', '=', 1)
		.execute();
	return new Set(rows.map((r) => r.module_id));
}

/** The person's lessons done and quizzes passed in a course, as rows of one query. */
function recordRows(db: Db, userId: string, courseId: string) {
	return db
		.selectFrom('lesson_progress')
		.select([sql.lit<string>('lesson').as('kind'), 'lesson_id as id'])
		.where('user_id', '=', userId)
		.where('course_id', '=', courseId)
		.unionAll(
			db
				.selectFrom('quiz_attempts')
				.select([sql.lit<string>('quiz').as('kind'), 'module_id as id'])
				.where('user_id', '=', userId)
				.where('course_id', '=', courseId)
				.where('passed', '=', 1)
		);
}

const recordQuery = reusableQuery(recordRows);

function toRecord(rows: { kind: string; id: string }[]): CourseRecord {
	const doneLessons = new Set<string>();
	const passedQuizzes = new Set<string>();
	for (const row of rows) {
		if (row.kind === 'lesson') doneLessons.add(row.id);
		else if (row.kind === 'quiz') passedQuizzes.add(row.id);
	}
	return { doneLessons, passedQuizzes };
}

export async function courseRecord(
	db: Db,
	userId: string,
	courseId: string
): Promise<CourseRecord> {
	return toRecord(await recordQuery(db, userId, courseId));
}

export interface RecordAndAccess {
	record: CourseRecord;
	enrolled: boolean;
	/** An administrator unpublished the course (course_state, see content/publishing.ts). */
	unpublished: boolean;
}

const recordAndAccessQuery = reusableQuery((db: Db, userId: string, courseId: string) =>
	recordRows(db, userId, courseId)
		.unionAll(
			db
				.selectFrom('enrollments')
				.select([sql.lit<string>('enrolled').as('kind'), 'course_id as id'])
				.where('user_id', '=', userId)
				.where('course_id', '=', courseId)
		)
		.unionAll(
			db
				.selectFrom('course_state')
				.select([sql.lit<string>('unpublished').as('kind'), 'course_id as id'])
				.where('course_id', '=', courseId)
				.where('published', '=', 0)
		)
);

/**
 * What a lesson page needs of the person in one query: their record in the course, and what
 * decides whether they may open it (enrolled; the course unpublished). A lesson page is the most
 * frequent answer of all, so this replaces four small queries.
 */
export async function courseRecordAndAccess(
	db: Db,
	userId: string,
	courseId: string
): Promise<RecordAndAccess> {
	const rows = await recordAndAccessQuery(db, userId, courseId);
	return {
		record: toRecord(rows),
		enrolled: rows.some((r) => r.kind === 'enrolled'),
		unpublished: rows.some((r) => r.kind === 'unpublished')
	};
}
