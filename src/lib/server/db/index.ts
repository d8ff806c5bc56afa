// The database handle: Kysely over better-sqlite3 (WAL, foreign keys, busy timeout), and the
// migration runner shared by the server start-up and `npm run db:migrate`.
import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrations } from '../../../../migrations';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export function openSqlite(path: string): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

export async function migrateToLatest(db: Db): Promise<string[]> {
	const migrator = new Migrator({
		db,
		provider: { getMigrations: async () => migrations }
	});
	const { error, results } = await migrator.migrateToLatest();
	if (error) throw error;
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

let shared: Db | undefined;

/** The application's database, opened on first use from DATABASE_PATH. */
export function db(): Db {
	shared ??= openSqlite(process.env.DATABASE_PATH ?? 'data/microaula.sqlite');
	return shared;
}

export async function closeDb(): Promise<void> {
	await shared?.destroy();
	shared = undefined;
}

/** Runs `fn` in a transaction, joining the caller's when there is one already. */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
	return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
