// The versions page's per-file diff: a version against the one before, lines with context and the
// changed words marked, added and removed files, images compared by content.
import { describe, expect, it } from 'vitest';
import * as studio from '../../src/lib/server/content/studio';
import { fileDiff, versionDiff } from '../../src/lib/server/content/version-diff';
import { courseFiles, newDb, newUser } from './helpers';

describe('the diff between a version and the one before', () => {
	it('marks the changed words of a changed line, and added files', async () => {
		const db = await newDb();
		const admin = { id: (await newUser(db, 'admin')).id, role: 'admin' as const };
		const prefix = 'content/courses/curso-demo/';
		const texts = Object.fromEntries(
			Object.entries(courseFiles()).map(([p, t]) => [p.slice(prefix.length), t])
		);
		await studio.importCourse(db, admin, {
			id: 'curso-demo',
			files: { texts, media: {} },
			publishNow: true
		});
		const first = await versionDiff(db, 'curso-demo', 1);
		expect(first.from).toBeNull();
		expect(first.files.every((f) => f.status === 'added')).toBe(true);

		await studio.ensureDraft(db, admin, 'curso-demo');
		const path = '01-primero/01-hola.md';
		const file = (await studio.draftFile(db, 'curso-demo', path))!;
		const changed = file.text.replace(/\n\n([^\n]+)\n?$/, '\n\nLa meta es juntar $350 este año.\n');
		expect(changed).not.toBe(file.text);
		await studio.saveFile(db, admin, {
			courseId: 'curso-demo',
			path,
			text: changed,
			baseRevision: file.revision
		});
		await studio.addToOutline(db, admin, {
			courseId: 'curso-demo',
			title: 'Ahorro',
			moduleId: 'primero'
		});
		const diff = await versionDiff(db, 'curso-demo', 2);
		expect(diff.from).toBe(1);
		expect(diff.files.map((f) => [f.path, f.status])).toEqual([
			['01-primero/01-hola.md', 'changed'],
			['01-primero/03-ahorro.md', 'added']
		]);
		const hola = diff.files[0];
		expect(hola.added).toBe(1);
		expect(hola.removed).toBe(1);
		const add = hola.lines.find((l) => l.kind === 'add')!;
		expect(
			add.segments
				.filter((s) => s.change === 'add')
				.map((s) => s.text)
				.join('')
		).toContain('$350');
		expect(diff.media).toEqual([]);
	});

	it('shows context around changes and a gap between distant ones', () => {
		const before = Array.from({ length: 20 }, (_, i) => `línea ${i + 1}`).join('\n');
		const after = before.replace('línea 2\n', 'línea dos\n').replace('línea 18', 'línea dieciocho');
		const d = fileDiff('x.md', before, after);
		expect(d.lines.some((l) => l.kind === 'gap')).toBe(true);
		expect(d.lines.filter((l) => l.kind === 'same').length).toBeGreaterThan(0);
		const del = d.lines.find((l) => l.kind === 'del')!;
		expect(del.line).toBe(2);
		expect(del.segments).toEqual([{ text: 'línea ' }, { text: '2', change: 'del' }]);
	});
});
