import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupSqlite, integrityCheck, restoreSqlite } from '../../src/lib/server/db/backup';
import { migrateToLatest, openSqlite, type Db } from '../../src/lib/server/db';
import { markLessonDone } from '../../src/lib/server/learning/progress';
import { newUser } from './helpers';

async function snapshot(db: Db) {
	return {
		users: await db.selectFrom('users').select(['id', 'username']).orderBy('id').execute(),
		progress: await db
			.selectFrom('lesson_progress')
			.select(['user_id', 'lesson_id', 'completed_at'])
			.orderBy('user_id')
			.orderBy('lesson_id')
			.execute()
	};
}

describe('backup and restore (SQLite)', () => {
	const dirs: string[] = [];
	afterEach(() => {
		for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
	});

	it('a backup taken while the server writes restores to exactly what it held', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'microaula-backup-'));
		dirs.push(dir);
		const live = join(dir, 'live.sqlite');
		const copy = join(dir, 'copia.sqlite');
		let db = openSqlite(live);
		await migrateToLatest(db);
		const ana = await newUser(db);
		await markLessonDone(db, { userId: ana.id, courseId: 'c', lessonId: 'l1' });
		await markLessonDone(db, { userId: ana.id, courseId: 'c', lessonId: 'l2' });

		const report = await backupSqlite(live, copy);
		expect(report.integrity).toBe('ok');
		expect(report.rows.lesson_progress).toBe(2);
		const atBackup = await snapshot(db);
		await expect(backupSqlite(live, copy)).rejects.toThrow(/already exists/);

		// Life goes on after the backup…
		await newUser(db);
		await markLessonDone(db, { userId: ana.id, courseId: 'c', lessonId: 'l3' });
		await db.deleteFrom('lesson_progress').where('lesson_id', '=', 'l1').execute();
		expect(await snapshot(db)).not.toEqual(atBackup);
		await db.destroy();

		// …then the server is stopped and the backup put back.
		const restored = await restoreSqlite(copy, live);
		expect(restored.integrity).toBe('ok');
		expect(integrityCheck(live)).toBe('ok');
		db = openSqlite(live);
		expect(await snapshot(db)).toEqual(atBackup);
		await db.destroy();
	});
});
