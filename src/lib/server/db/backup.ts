// Online backup and restore of the SQLite database file, through SQLite's own backup API: the
// copy is consistent even while the server keeps writing. (On PostgreSQL use pg_dump/pg_restore.)
import SQLite from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

export interface BackupReport {
	pages: number;
	integrity: string;
	rows: Record<string, number>;
}

function rowCounts(db: SQLite.Database): Record<string, number> {
	const tables = db
		.prepare(
			`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`
		)
		.all() as { name: string }[];
	return Object.fromEntries(
		tables.map(({ name }) => [
			name,
			(
				db.prepare(`select count(*) as n from "${name.replaceAll('"', '""')}"`).get() as {
					n: number;
				}
			).n
		])
	);
}

export function integrityCheck(path: string): string {
	const db = new SQLite(path, { readonly: true, fileMustExist: true });
	try {
		return (db.pragma('integrity_check') as { integrity_check: string }[])
			.map((r) => r.integrity_check)
			.join('; ');
	} finally {
		db.close();
	}
}

/** Copies the live database at `source` into a new file `destination` (which must not exist). */
export async function backupSqlite(source: string, destination: string): Promise<BackupReport> {
	if (existsSync(destination)) throw new Error(`${destination} already exists`);
	mkdirSync(dirname(destination), { recursive: true });
	const db = new SQLite(source, { fileMustExist: true });
	let pages = 0;
	try {
		db.pragma('busy_timeout = 5000');
		const result = await db.backup(destination);
		pages = result.totalPages;
	} finally {
		db.close();
	}
	const copy = new SQLite(destination, { fileMustExist: true });
	try {
		// A backup is a single file: no write-ahead log beside it.
		copy.pragma('journal_mode = DELETE');
		return { pages, integrity: integrityCheckOf(copy), rows: rowCounts(copy) };
	} finally {
		copy.close();
	}
}

function integrityCheckOf(db: SQLite.Database): string {
	return (db.pragma('integrity_check') as { integrity_check: string }[])
		.map((r) => r.integrity_check)
		.join('; ');
}

/**
 * Replaces the database at `target` with the backup at `backup`. Stop the server first: a server
 * still running would keep writing to the database it had open.
 */
export async function restoreSqlite(backup: string, target: string): Promise<BackupReport> {
	const integrity = integrityCheck(backup);
	if (integrity !== 'ok') throw new Error(`the backup is damaged: ${integrity}`);
	for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
	mkdirSync(dirname(target), { recursive: true });
	const source = new SQLite(backup, { readonly: true, fileMustExist: true });
	let pages = 0;
	try {
		pages = (await source.backup(target)).totalPages;
	} finally {
		source.close();
	}
	const restored = new SQLite(target, { fileMustExist: true });
	try {
		restored.pragma('journal_mode = WAL');
		return { pages, integrity: integrityCheckOf(restored), rows: rowCounts(restored) };
	} finally {
		restored.close();
	}
}
