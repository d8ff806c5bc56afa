// Classes (cohorts) run by facilitators: members, in-person sessions and attendance; and the
// per-question results of quiz attempts that administrators use to find the hardest questions.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations see the database untyped, as Kysely recommends. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('cohorts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('course_id', 'text', (c) => c.notNull())
		.addColumn('facilitator_id', 'text', (c) => c.notNull().references('users.id'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('place', 'text')
		.addColumn('starts_on', 'text', (c) => c.notNull())
		.addColumn('ends_on', 'text', (c) => c.notNull())
		.addColumn('join_code', 'text', (c) => c.notNull().unique())
		.addColumn('join_enabled', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('closed_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('cohorts_facilitator')
		.on('cohorts')
		.column('facilitator_id')
		.execute();

	await db.schema
		.createTable('cohort_members')
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('joined_at', 'text', (c) => c.notNull())
		.addColumn('added_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addPrimaryKeyConstraint('cohort_members_pk', ['cohort_id', 'user_id'])
		.execute();
	await db.schema
		.createIndex('cohort_members_user')
		.on('cohort_members')
		.column('user_id')
		.execute();

	await db.schema
		.createTable('class_sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
		.addColumn('date', 'text', (c) => c.notNull())
		.addColumn('time', 'text')
		.addColumn('topic', 'text', (c) => c.notNull())
		.addColumn('module_id', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('class_sessions_cohort')
		.on('class_sessions')
		.columns(['cohort_id', 'date'])
		.execute();

	await db.schema
		.createTable('attendance')
		.addColumn('session_id', 'text', (c) =>
			c.notNull().references('class_sessions.id').onDelete('cascade')
		)
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('present', 'integer', (c) => c.notNull())
		.addColumn('recorded_at', 'text', (c) => c.notNull())
		.addColumn('recorded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addPrimaryKeyConstraint('attendance_pk', ['session_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('quiz_question_results')
		.addColumn('attempt_id', 'text', (c) =>
			c.notNull().references('quiz_attempts.id').onDelete('cascade')
		)
		.addColumn('course_id', 'text', (c) => c.notNull())
		.addColumn('module_id', 'text', (c) => c.notNull())
		.addColumn('question_id', 'text', (c) => c.notNull())
		.addColumn('correct', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('quiz_question_results_pk', ['attempt_id', 'question_id'])
		.execute();
	await db.schema
		.createIndex('quiz_question_results_question')
		.on('quiz_question_results')
		.columns(['course_id', 'module_id', 'question_id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'quiz_question_results',
		'attendance',
		'class_sessions',
		'cohort_members',
		'cohorts'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
