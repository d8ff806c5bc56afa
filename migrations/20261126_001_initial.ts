// People, sessions, learning progress, quiz attempts, certificates, course state and the audit
// log. Frozen: later changes go in new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time, so they see the database untyped (Kysely<any>), as Kysely recommends. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('username', 'text', (c) => c.notNull().unique())
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('email', 'text')
		.addColumn('phone', 'text')
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull().defaultTo('participant'))
		.addColumn('locale', 'text')
		.addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('disabled_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('secret_hash', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('last_verified_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('enrollments')
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('course_id', 'text', (c) => c.notNull())
		.addColumn('enrolled_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('enrollments_pk', ['user_id', 'course_id'])
		.execute();
	await db.schema.createIndex('enrollments_course').on('enrollments').column('course_id').execute();

	await db.schema
		.createTable('lesson_progress')
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('course_id', 'text', (c) => c.notNull())
		.addColumn('lesson_id', 'text', (c) => c.notNull())
		.addColumn('completed_at', 'text', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('recorded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addPrimaryKeyConstraint('lesson_progress_pk', ['user_id', 'course_id', 'lesson_id'])
		.execute();
	await db.schema
		.createIndex('lesson_progress_course')
		.on('lesson_progress')
		.columns(['course_id', 'completed_at'])
		.execute();

	await db.schema
		.createTable('quiz_attempts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('course_id', 'text', (c) => c.notNull())
		.addColumn('module_id', 'text', (c) => c.notNull())
		.addColumn('content_version', 'integer', (c) => c.notNull())
		.addColumn('layout', 'text', (c) => c.notNull())
		.addColumn('answers', 'text')
		.addColumn('score', 'integer')
		.addColumn('passed', 'integer')
		.addColumn('started_at', 'text', (c) => c.notNull())
		.addColumn('submitted_at', 'text')
		.execute();
	await db.schema
		.createIndex('quiz_attempts_user_quiz')
		.on('quiz_attempts')
		.columns(['user_id', 'course_id', 'module_id'])
		.execute();

	await db.schema
		.createTable('certificates')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('code', 'text', (c) => c.notNull().unique())
		.addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('course_id', 'text', (c) => c.notNull())
		.addColumn('name_printed', 'text', (c) => c.notNull())
		.addColumn('course_title', 'text', (c) => c.notNull())
		.addColumn('hours', 'integer', (c) => c.notNull())
		.addColumn('issued_at', 'text', (c) => c.notNull())
		.addColumn('revoked_at', 'text')
		.addColumn('revoked_reason', 'text')
		.addColumn('replaced_by', 'text')
		.execute();
	await db.schema
		.createIndex('certificates_user_course')
		.on('certificates')
		.columns(['user_id', 'course_id'])
		.execute();

	await db.schema
		.createTable('course_state')
		.addColumn('course_id', 'text', (c) => c.primaryKey())
		.addColumn('published', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('target_type', 'text', (c) => c.notNull())
		.addColumn('target_id', 'text', (c) => c.notNull())
		.addColumn('details', 'text')
		.execute();
	await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'audit_log',
		'course_state',
		'certificates',
		'quiz_attempts',
		'lesson_progress',
		'enrollments',
		'sessions',
		'users'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
