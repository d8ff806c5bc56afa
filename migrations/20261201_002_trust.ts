// Sign-in rate limits shared by every app server, and at most one valid certificate per person and
// course (so two simultaneous "issue" requests cannot make two). Frozen: later changes go in new
// migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time, so they see the database untyped (Kysely<any>), as Kysely recommends. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('rate_limits')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('failures', 'integer', (c) => c.notNull())
		.addColumn('last_failed_at', 'text', (c) => c.notNull())
		.addColumn('blocked_until', 'text')
		.execute();
	await db.schema
		.createIndex('rate_limits_last_failed_at')
		.on('rate_limits')
		.column('last_failed_at')
		.execute();

	await db.schema
		.createIndex('certificates_one_valid')
		.on('certificates')
		.columns(['user_id', 'course_id'])
		.unique()
		.where(sql.ref('revoked_at'), 'is', null)
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('certificates_one_valid').execute();
	await db.schema.dropTable('rate_limits').execute();
}
