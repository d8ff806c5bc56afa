// The studio editor's domain functions against a real database: the panel beside a lesson (preview,
// figures, content:check problems of the unsaved text), renaming by title, adding modules and
// lessons to the outline, and the `autor` role allowed to do all of it.
import { describe, expect, it } from 'vitest';
import * as studio from '../../src/lib/server/content/studio';
import { courseFiles, newDb, newUser } from './helpers';

function demoFiles(id = 'curso-demo') {
	const prefix = `content/courses/${id}/`;
	return {
		texts: Object.fromEntries(
			Object.entries(courseFiles(id)).map(([p, t]) => [p.slice(prefix.length), t])
		),
		media: {} as Record<string, Uint8Array>
	};
}

async function setup() {
	const db = await newDb();
	const admin = { id: (await newUser(db, 'admin')).id, role: 'admin' as const };
	const autor = { id: (await newUser(db, 'autor')).id, role: 'autor' as const };
	const participant = { id: (await newUser(db, 'participant')).id, role: 'participant' as const };
	await studio.importCourse(db, admin, { id: 'curso-demo', files: demoFiles(), publishNow: true });
	await studio.ensureDraft(db, autor, 'curso-demo');
	return { db, admin, autor, participant };
}

describe('the lesson editor panel', () => {
	it('renders the unsaved text, counts words and reading time, and lists its check problems with lines', async () => {
		const { db } = await setup();
		const path = '01-primero/01-hola.md';
		const good = `---\ntitle: Hola\nminutes: 2\n---\n\nRosa vende pan. Gana 40 dólares al día.\n\n<script>alert(1)</script>\n`;
		const report = await studio.draftFileReport(db, 'curso-demo', path, good);
		expect(report.html).toContain('Gana 40 dólares al día.');
		expect(report.html).not.toContain('<script');
		expect(report.readability.words).toBe(8);
		expect(report.readability.readingMinutes).toBe(1);
		expect(report.readability.inflesz).toBeGreaterThan(55);
		expect(report.bytes).toBe(Buffer.byteLength(report.html));
		expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
		// content:check's reading-load warnings come with it: 8 words is far below a lesson's length.
		expect(report.problems).toContainEqual(
			expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/8 palabras/) })
		);

		const broken = `---\ntitle: [Hola\nminutes: 2\n---\n\nTexto.\n`;
		const bad = await studio.draftFileReport(db, 'curso-demo', path, broken);
		const errors = bad.problems.filter((p) => p.severity === 'error');
		expect(errors.length).toBeGreaterThan(0);
		expect(errors.every((p) => p.file === path && p.line >= 1)).toBe(true);
		// Nothing was saved: the draft still has the old text.
		expect((await studio.draftFile(db, 'curso-demo', path))?.text).toContain('title: Hola');
	});
});

describe('the outline', () => {
	it('renames by title, adds a module and a lesson with fresh ids, and an autor may do it', async () => {
		const { db, autor, participant } = await setup();
		const renamed = await studio.setTitle(db, autor, {
			courseId: 'curso-demo',
			path: '01-primero/02-costos.md',
			title: 'Costos: "fijos" y variables'
		});
		expect(renamed.ok).toBe(true);
		const text = (await studio.draftFile(db, 'curso-demo', '01-primero/02-costos.md'))!.text;
		expect(text).toMatch(/^---\ntitle: "Costos: \\"fijos\\" y variables"\n/);

		await studio.addToOutline(db, autor, { courseId: 'curso-demo', title: 'Ahorro en familia' });
		await studio.addToOutline(db, autor, {
			courseId: 'curso-demo',
			title: 'Hola',
			moduleId: 'primero'
		});
		const outline = await studio.draftOutline(db, 'curso-demo');
		expect(outline.map((m) => m.dir)).toEqual(['01-primero', '02-segundo', '03-ahorro-en-familia']);
		expect(outline[0].lessons.map((l) => l.file)).toEqual([
			'01-hola.md',
			'02-costos.md',
			'03-hola-2.md'
		]);
		expect(outline[2].lessons.map((l) => l.id)).toEqual(['primera-leccion']);

		await expect(
			studio.addToOutline(db, participant, { courseId: 'curso-demo', title: 'X' })
		).rejects.toBeInstanceOf(studio.ContentForbiddenError);
		await expect(
			studio.setTitle(db, autor, {
				courseId: 'curso-demo',
				path: '01-primero/module.md',
				title: ' '
			})
		).rejects.toBeInstanceOf(studio.ContentStudioError);
	});
});

describe('removing from the outline', () => {
	it('removes a lesson or a whole module from the draft only', async () => {
		const { db, autor } = await setup();
		expect(
			await studio.removeFromOutline(db, autor, 'curso-demo', '01-primero/02-costos.md')
		).toEqual({ removed: 1 });
		expect(await studio.removeFromOutline(db, autor, 'curso-demo', '02-segundo')).toEqual({
			removed: 3
		});
		const outline = await studio.draftOutline(db, 'curso-demo');
		expect(outline.map((m) => [m.id, m.lessons.map((l) => l.id)])).toEqual([['primero', ['hola']]]);
		// The published version is untouched.
		const published = await studio.filesOf(db, 'curso-demo', 1);
		expect(published.files.map((f) => f.path)).toContain('02-segundo/quiz.md');
		await expect(
			studio.removeFromOutline(db, autor, 'curso-demo', '02-segundo')
		).rejects.toBeInstanceOf(studio.ContentStudioError);
	});
});
