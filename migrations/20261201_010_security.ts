// Issue 12: how each class membership came about (so a facilitator may reset only the passwords
// of people their class created or who joined it by its code), who created an account, class
// invitations for people added by username, and the notice a person sees after someone else
// reset their password. Frozen: later changes go in new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time, so they see the database untyped (Kysely<any>), as Kysely recommends. */
import type { Kysely } from 'kysely';

/** A generated account and its membership are written in the same transaction, seconds apart. */
const SAME_MOMENT_MS = 60_000;

export async function up(db: Kysely<any>): Promise<void> {
	// 'code' (joined with the class code), 'created' (account made for this class by its
	// facilitator) or 'username' (added by username: no password resets by the class).
	await db.schema
		.alterTable('cohort_members')
		.addColumn('origin', 'text', (c) => c.notNull().defaultTo('code'))
		.execute();
	// No foreign key: SQLite cannot drop a column that has one (see down), and only participants'
	// accounts, which create nobody, can be deleted from the app.
	await db.schema.alterTable('users').addColumn('created_by', 'text').execute();
	await db.schema.alterTable('users').addColumn('password_reset_at', 'text').execute();
	await db.schema.alterTable('users').addColumn('password_reset_by', 'text').execute();

	await db.schema
		.createTable('class_invitations')
		.addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('invited_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('class_invitations_pk', ['cohort_id', 'user_id'])
		.execute();
	await db.schema
		.createIndex('class_invitations_user')
		.on('class_invitations')
		.column('user_id')
		.execute();

	// Existing memberships: nobody added them (added_by null) means they used the code. Added by
	// someone: a generated account when the account was created in the same moment it joined
	// and is still a participant (its creator is then recorded); otherwise, or when unsure, it
	// counts as "added by username", which allows no password reset.
	const added = await db
		.selectFrom('cohort_members')
		.innerJoin('users', 'users.id', 'cohort_members.user_id')
		.select([
			'cohort_members.cohort_id',
			'cohort_members.user_id',
			'cohort_members.joined_at',
			'cohort_members.added_by',
			'users.created_at',
			'users.role'
		])
		.where('cohort_members.added_by', 'is not', null)
		.execute();
	for (const row of added) {
		const gap = Date.parse(row.joined_at) - Date.parse(row.created_at);
		const created = row.role === 'participant' && gap >= 0 && gap < SAME_MOMENT_MS;
		await db
			.updateTable('cohort_members')
			.set({ origin: created ? 'created' : 'username' })
			.where('cohort_id', '=', row.cohort_id)
			.where('user_id', '=', row.user_id)
			.execute();
		if (created) {
			await db
				.updateTable('users')
				.set({ created_by: row.added_by })
				.where('id', '=', row.user_id)
				.where('created_by', 'is', null)
				.execute();
		}
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('class_invitations').execute();
	await db.schema.alterTable('users').dropColumn('password_reset_by').execute();
	await db.schema.alterTable('users').dropColumn('password_reset_at').execute();
	await db.schema.alterTable('users').dropColumn('created_by').execute();
	await db.schema.alterTable('cohort_members').dropColumn('origin').execute();
}
