// Issue 16: quizzes answered offline. An attempt can be prepared in advance for a downloaded
// course, answered on the phone at `answered_at` (the phone's time, corrected and clamped),
// graded when it arrives, and shown to its owner once as a notice. Answers that arrive for an
// attempt already submitted (a second phone) are kept as their own row, not counted.
// Frozen: later changes go in new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time, so they see the database untyped (Kysely<any>), as Kysely recommends. */
import type { Kysely } from 'kysely';

const COLUMNS = [
	'prepared_offline',
	'answered_at',
	'not_counted_reason',
	'duplicate_of',
	'offline_notice'
] as const;

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('quiz_attempts')
		.addColumn('prepared_offline', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.alterTable('quiz_attempts').addColumn('answered_at', 'text').execute();
	// null: counts as any attempt. 'already-submitted': kept in the history, never counted.
	await db.schema.alterTable('quiz_attempts').addColumn('not_counted_reason', 'text').execute();
	// The attempt whose questions a not-counted row answered (no foreign key: SQLite could not
	// drop the column in `down`).
	await db.schema.alterTable('quiz_attempts').addColumn('duplicate_of', 'text').execute();
	// 1 until the owner has opened the result of an attempt graded after it arrived from a phone.
	await db.schema
		.alterTable('quiz_attempts')
		.addColumn('offline_notice', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema
		.createIndex('quiz_attempts_offline_notice')
		.on('quiz_attempts')
		.columns(['user_id', 'offline_notice'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('quiz_attempts_offline_notice').execute();
	// Rows that never counted leave with the columns that say so.
	await db.deleteFrom('quiz_attempts').where('not_counted_reason', 'is not', null).execute();
	for (const column of [...COLUMNS].reverse()) {
		await db.schema.alterTable('quiz_attempts').dropColumn(column).execute();
	}
}
