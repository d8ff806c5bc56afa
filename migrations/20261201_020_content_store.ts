// Courses as versioned data (issue 13): each course has versions (draft, review, published,
// archived), each version its files (Markdown text with a revision counter for optimistic locking)
// and its media (links by path to blobs stored once by SHA-256); rendered HTML of published
// versions, shared by every server; and one row bumped on every change of published content, which
// each server polls cheaply. Frozen: later changes go in new migrations.
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time, so they see the database untyped (Kysely<any>), as Kysely recommends. */
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	// SQLite calls binary columns `blob`, PostgreSQL `bytea`; both hand back a Node Buffer.
	const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';

	await db.schema
		.createTable('content_courses')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		// SHA-256 over the files of content/courses/<id> as this installation last took them in.
		.addColumn('seed_hash', 'text')
		.addColumn('seed_version', 'integer')
		.addColumn('deleted_at', 'text')
		.execute();

	await db.schema
		.createTable('content_versions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('course_id', 'text', (c) =>
			c.notNull().references('content_courses.id').onDelete('cascade')
		)
		.addColumn('number', 'integer', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('note', 'text')
		.addColumn('based_on', 'integer')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('published_at', 'text')
		.addColumn('published_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addUniqueConstraint('content_versions_number', ['course_id', 'number'])
		.execute();
	await db.schema
		.createIndex('content_versions_status')
		.on('content_versions')
		.columns(['status', 'course_id'])
		.execute();

	await db.schema
		.createTable('content_files')
		.addColumn('version_id', 'text', (c) =>
			c.notNull().references('content_versions.id').onDelete('cascade')
		)
		.addColumn('path', 'text', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addPrimaryKeyConstraint('content_files_pk', ['version_id', 'path'])
		.execute();

	// Earlier texts of draft files, so a conflicting save can show what the author started from.
	await db.schema
		.createTable('content_file_revisions')
		.addColumn('version_id', 'text', (c) =>
			c.notNull().references('content_versions.id').onDelete('cascade')
		)
		.addColumn('path', 'text', (c) => c.notNull())
		.addColumn('revision', 'integer', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('saved_at', 'text', (c) => c.notNull())
		.addColumn('saved_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addPrimaryKeyConstraint('content_file_revisions_pk', ['version_id', 'path', 'revision'])
		.execute();

	await db.schema
		.createTable('content_blobs')
		.addColumn('hash', 'text', (c) => c.primaryKey())
		.addColumn('bytes', binary, (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('content_media')
		.addColumn('version_id', 'text', (c) =>
			c.notNull().references('content_versions.id').onDelete('cascade')
		)
		// Relative to the course folder: media/<name>.webp
		.addColumn('path', 'text', (c) => c.notNull())
		.addColumn('hash', 'text', (c) => c.notNull().references('content_blobs.hash'))
		.addColumn('alt', 'text')
		.addPrimaryKeyConstraint('content_media_pk', ['version_id', 'path'])
		.execute();

	await db.schema
		.createTable('content_rendered')
		.addColumn('version_id', 'text', (c) =>
			c.notNull().references('content_versions.id').onDelete('cascade')
		)
		.addColumn('path', 'text', (c) => c.notNull())
		.addColumn('html', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('content_rendered_pk', ['version_id', 'path'])
		.execute();

	await db.schema
		.createTable('content_sequence')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('value', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();
	await db
		.insertInto('content_sequence')
		.values({ id: 1, value: 0, updated_at: new Date().toISOString() })
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'content_sequence',
		'content_rendered',
		'content_media',
		'content_blobs',
		'content_file_revisions',
		'content_files',
		'content_versions',
		'content_courses'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
