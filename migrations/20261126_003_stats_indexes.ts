// Indexes for the administrators' figures: activity by time, and per-course progress by person
// (measured with `npm run bench:stats`: 10,000 participants, 200,000 progress rows).
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the database untyped, as Kysely recommends. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createIndex('lesson_progress_completed')
		.on('lesson_progress')
		.columns(['completed_at', 'user_id'])
		.execute();
	await db.schema
		.createIndex('lesson_progress_course_user')
		.on('lesson_progress')
		.columns(['course_id', 'user_id', 'lesson_id'])
		.execute();
	await db.schema
		.createIndex('quiz_attempts_submitted')
		.on('quiz_attempts')
		.columns(['submitted_at', 'user_id'])
		.execute();
	await db.schema
		.createIndex('quiz_attempts_course')
		.on('quiz_attempts')
		.columns(['course_id', 'module_id', 'passed'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const index of [
		'quiz_attempts_course',
		'quiz_attempts_submitted',
		'lesson_progress_course_user',
		'lesson_progress_completed'
	]) {
		await db.schema.dropIndex(index).execute();
	}
}
