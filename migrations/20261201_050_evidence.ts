// Issue 17, evidence for the programme: the self-declared profile a participant consents to (every
// field may be null = "Prefiero no decir"), the practice surveys of each course (at enrolment, at
// completion, three months after the certificate) and the pre-course knowledge check. Reported only
// in groups. Frozen: later changes go in new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time, so they see the database untyped (Kysely<any>), as Kysely recommends. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// The person said "ahora no" to the profile: not asked again (they can still fill it in from
	// /cuenta). A column rather than a table: one timestamp per person, deleted with the account.
	await db.schema.alterTable('users').addColumn('profile_skipped_at', 'text').execute();

	await db.schema
		.createTable('participant_profiles')
		.addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
		.addColumn('consented_at', 'text', (c) => c.notNull())
		// The facilitator who recorded it in class with the person's consent ticked; null when the
		// person answered themselves. No foreign key, like users.created_by: SQLite cannot drop
		// such a column later, and a facilitator leaving must not erase the fact it was recorded.
		.addColumn('recorded_by', 'text')
		.addColumn('gender', 'text')
		.addColumn('age_band', 'text')
		.addColumn('province', 'text')
		.addColumn('born_abroad', 'integer')
		.addColumn('runs_business', 'integer')
		.addColumn('business_kind', 'text')
		.addColumn('business_people', 'text')
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('survey_responses')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('course_id', 'text', (c) => c.notNull())
		.addColumn('wave', 'text', (c) => c.notNull())
		.addColumn('answered_at', 'text', (c) => c.notNull())
		// 1 when the person chose "ahora no": the wave is not asked again and has no answers.
		.addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
		.addUniqueConstraint('survey_responses_once', ['user_id', 'course_id', 'wave'])
		.execute();
	await db.schema
		.createIndex('survey_responses_course_wave')
		.on('survey_responses')
		.columns(['course_id', 'wave', 'answered_at'])
		.execute();

	await db.schema
		.createTable('survey_answers')
		.addColumn('response_id', 'text', (c) =>
			c.notNull().references('survey_responses.id').onDelete('cascade')
		)
		.addColumn('question_id', 'text', (c) => c.notNull())
		.addColumn('option_id', 'text', (c) => c.notNull())
		.addColumn('is_practice', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('survey_answers_pk', ['response_id', 'question_id'])
		.execute();
	await db.schema
		.createIndex('survey_answers_question')
		.on('survey_answers')
		.columns(['question_id', 'is_practice'])
		.execute();

	// The pre-course check, one per person and course. Not a quiz_attempts row: that table's
	// every reader (progress, certificates, admin and class statistics, hardest questions) would
	// then need a filter, and a pre check draws from several modules' banks at once.
	await db.schema
		.createTable('knowledge_checks')
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('course_id', 'text', (c) => c.notNull())
		// 0–100; null when skipped.
		.addColumn('score', 'integer')
		.addColumn('passed', 'integer')
		.addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('answered_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('knowledge_checks_pk', ['user_id', 'course_id'])
		.execute();
	await db.schema
		.createIndex('knowledge_checks_course')
		.on('knowledge_checks')
		.columns(['course_id', 'answered_at'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('knowledge_checks').execute();
	await db.schema.dropTable('survey_answers').execute();
	await db.schema.dropTable('survey_responses').execute();
	await db.schema.dropTable('participant_profiles').execute();
	await db.schema.alterTable('users').dropColumn('profile_skipped_at').execute();
}
