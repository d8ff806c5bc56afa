// Issue 17: people taken out of a class stay counted in the class's evidence figures, so that a
// facilitator cannot remove someone and read what moved (that one person's answers). Only who
// and when; the account, progress and profile stay where they were.
// Frozen: later changes go in new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time, so they see the database untyped (Kysely<any>), as Kysely recommends. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('cohort_former_members')
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('removed_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('cohort_former_members_pk', ['cohort_id', 'user_id'])
		.execute();
	await db.schema
		.createIndex('cohort_former_members_user')
		.on('cohort_former_members')
		.column('user_id')
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('cohort_former_members').execute();
}
