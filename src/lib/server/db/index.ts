// The database handle: Kysely over better-sqlite3 (WAL, foreign keys, busy timeout) by default, or
// over PostgreSQL when DATABASE_URL says postgres://…; and the migration runner shared by the
// server start-up and `npm run db:migrate`.
import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
	CompiledQuery,
	Kysely,
	Migrator,
	PostgresDialect,
	SqliteDialect,
	sql,
	type Compilable
} from 'kysely';
import pg from 'pg';
import { migrations } from '../../../../migrations';
import { reportPoolUse } from '../metrics';
import type { Database } from './schema';

export type Db = Kysely<Database>;
export type DatabaseKind = 'sqlite' | 'postgres';

const kinds = new WeakMap<object, DatabaseKind>();
const schemas = new WeakMap<object, string>();

export function openSqlite(path: string): Db {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const db = new Kysely<Database>({
		dialect: new SqliteDialect({ database: withStatementCache(sqlite) })
	});
	kinds.set(db, 'sqlite');
	return db;
}

/** Prepared statements kept per connection; the app has a few hundred distinct queries. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * better-sqlite3 compiles SQL on every `prepare()`, and Kysely prepares each query it runs. The
 * same SQL text always gives an equivalent statement, so keep them (least recently used out):
 * a lesson page's queries are then compiled once per process instead of once per request.
 * Safe because better-sqlite3 is synchronous and Kysely never iterates two results of one
 * statement at once (no streaming queries here).
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
	const cache = new Map<string, SQLite.Statement>();
	const prepare = sqlite.prepare.bind(sqlite);
	sqlite.prepare = ((source: string) => {
		let statement = cache.get(source);
		if (statement) {
			cache.delete(source);
		} else {
			statement = prepare(source);
			if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
		}
		cache.set(source, statement);
		return statement;
	}) as SQLite.Database['prepare'];
	return sqlite;
}

export interface PostgresOptions {
	/** Tables live in this schema (tests give each database its own). */
	schema?: string;
	/** Connections in the pool; PG_POOL_MAX, else 10. */
	max?: number;
	/** Let the process exit while idle connections are still open (tests, scripts). */
	allowExitOnIdle?: boolean;
}

export function openPostgres(url: string, options: PostgresOptions = {}): Db {
	const pool = new pg.Pool({
		connectionString: url,
		max: options.max ?? (Number(process.env.PG_POOL_MAX) || 10),
		allowExitOnIdle: options.allowExitOnIdle ?? false,
		...(options.schema ? { options: `-c search_path=${options.schema}` } : {})
	});
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	kinds.set(db, 'postgres');
	reportPoolUse(() => ({
		total: pool.totalCount,
		idle: pool.idleCount,
		waiting: pool.waitingCount
	}));
	if (options.schema) schemas.set(db, options.schema);
	return db;
}

export function isPostgresUrl(url: string | undefined): url is string {
	return !!url && /^postgres(ql)?:\/\//.test(url);
}

/** The database named by the environment: DATABASE_URL (postgres://…), else DATABASE_PATH. */
export function openDatabase(env = process.env): Db {
	if (isPostgresUrl(env.DATABASE_URL)) return openPostgres(env.DATABASE_URL);
	return openSqlite(env.DATABASE_PATH ?? 'data/microaula.sqlite');
}

export function databaseKind(db: Db): DatabaseKind {
	return kinds.get(db) ?? 'sqlite';
}

export async function migrateToLatest(db: Db): Promise<string[]> {
	const migrator = new Migrator({
		db,
		provider: { getMigrations: async () => migrations },
		// Kysely otherwise finds its bookkeeping tables in whichever schema has them first.
		...(schemas.has(db) ? { migrationTableSchema: schemas.get(db) } : {})
	});
	const { error, results } = await migrator.migrateToLatest();
	if (error) throw error;
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Copies SQLite's write-ahead log into the database file and empties it, so rows just deleted
 * (an account) do not linger in the `-wal` file. Nothing to do on PostgreSQL, or inside a
 * transaction (the caller's commit comes first).
 */
export async function checkpointWal(db: Db): Promise<void> {
	if (databaseKind(db) !== 'sqlite' || db.isTransaction) return;
	await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
}

/** True when the database answers a trivial query (the load balancer's health check). */
export async function isHealthy(db: Db): Promise<boolean> {
	try {
		await sql`select 1`.execute(db);
		return true;
	} catch {
		return false;
	}
}

let shared: Db | undefined;

/** The application's database, opened on first use (see openDatabase). */
export function db(): Db {
	shared ??= openDatabase();
	return shared;
}

export async function closeDb(): Promise<void> {
	const open = shared;
	shared = undefined;
	await open?.destroy();
}

/**
 * A query of the most frequent answers (the session lookup, a lesson page's record), its SQL
 * built and compiled once per database instead of on every call: Kysely otherwise rebuilds the
 * same operation tree, freezes it and prints it to SQL each time, which was about as much CPU as
 * running the query. `build` is called once with a placeholder for each argument; the arguments
 * must go into the query only as values compared or inserted (never transformed or inlined as
 * SQL), so each call just puts its own values where the placeholders were.
 */
export function reusableQuery<A extends string[], R>(
	build: (db: Db, ...args: A) => Compilable<R>
): (db: Db, ...args: A) => Promise<R[]> {
	const compiled = new WeakMap<
		Db,
		{ sql: string; slots: ({ arg: number } | { value: unknown })[] }
	>();
	return async (db, ...args) => {
		let query = compiled.get(db);
		if (!query) {
			const placeholders = args.map((_, i) => `\u0000Arg${i}\u0000`) as A;
			const { sql: text, parameters } = build(db, ...placeholders).compile();
			placeholders.forEach((placeholder, i) => {
				if (!parameters.includes(placeholder) || text.includes(placeholder))
					throw new Error(`reusableQuery: argument ${i} is not passed as a plain value`);
			});
			query = {
				sql: text,
				slots: parameters.map((value) => {
					const arg = placeholders.indexOf(value as string);
					return arg >= 0 ? { arg } : { value };
				})
			};
			compiled.set(db, query);
		}
		const parameters = query.slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.value));
		return (await db.executeQuery<R>(CompiledQuery.raw(query.sql, parameters))).rows;
	};
}

/** Runs `fn` in a transaction, joining the caller's when there is one already. */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
	return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
