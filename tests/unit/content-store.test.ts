// The content store and the studio's domain API against a real database (SQLite, and PostgreSQL
// when TEST_DATABASE_URL is set): versions, optimistic locking, publishing that refuses errors,
// restore, the seed of content/ and the updates a release brings, import/export round trips,
// hostile zips, the `autor` role, and the catalogue every server reloads after a publish.
import { cp, mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import {
	allCourses,
	findCourse,
	loadCatalogue,
	publishedHtml,
	publishedMedia,
	quizOfVersion,
	refreshCatalogue
} from '../../src/lib/server/content';
import { checkVersion, renderVersion } from '../../src/lib/server/content/course-version';
import { splitFrontmatter } from '../../src/lib/server/content/format/frontmatter';
import { parseQuiz } from '../../src/lib/server/content/format/quiz-format';
import {
	importSeed,
	pendingSeedUpdates,
	readSeed,
	takeSeedUpdateAsDraft
} from '../../src/lib/server/content/seed';
import * as store from '../../src/lib/server/content/store/repository';
import * as studio from '../../src/lib/server/content/studio';
import {
	ContentImportError,
	readCourseSource,
	readCourseZip,
	writeCourse,
	zipCourse
} from '../../src/lib/server/content/transfer';
import type { Db } from '../../src/lib/server/db';
import { courseFiles, newDb, newUser } from './helpers';

const tmp: string[] = [];
async function tempDir() {
	const dir = await mkdtemp(join(tmpdir(), 'microaula-content-'));
	tmp.push(dir);
	return dir;
}
afterAll(async () => {
	for (const dir of tmp) await rm(dir, { recursive: true, force: true });
});

/** The helpers' fixture course as stored files (paths relative to the course folder). */
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
	const admin = await newUser(db, 'admin');
	const autor = await newUser(db, 'autor');
	const adminActor = { id: admin.id, role: 'admin' as const };
	const autorActor = { id: autor.id, role: 'autor' as const };
	return { db, admin: adminActor, autor: autorActor };
}

/** Saves the draft's course.md (version `version`) as `change` makes it from the saved text. */
async function saveCourseMd(
	db: Db,
	actor: { id: string; role: 'admin' | 'autor' },
	courseId: string,
	version: number,
	change: (text: string) => string
) {
	const file = (await studio.filesOf(db, courseId, version)).files.find(
		(f) => f.path === 'course.md'
	)!;
	return studio.saveFile(db, actor, {
		courseId,
		path: 'course.md',
		text: change(file.text),
		baseRevision: file.revision
	});
}

/** The fixture course imported and published as version 1. */
async function publishDemo(db: Db, admin: { id: string; role: 'admin' }) {
	const imported = await studio.importCourse(db, admin, {
		id: 'curso-demo',
		files: demoFiles(),
		publishNow: true
	});
	expect(imported).toMatchObject({ ok: true, published: true });
	return imported;
}

describe('versions, drafts and publishing', () => {
	it('publishes a draft, refuses one with check errors (listing them), and keeps history', async () => {
		const { db, admin, autor } = await setup();
		const imported = await publishDemo(db, admin);
		expect(imported).toMatchObject({ ok: true, created: true, published: true });
		await loadCatalogue(db);
		expect(findCourse('curso-demo')?.lessons.map((l) => l.id)).toEqual([
			'hola',
			'costos',
			'precios'
		]);

		const draft = await studio.ensureDraft(db, autor, 'curso-demo');
		expect(draft).toMatchObject({ number: 2, status: 'draft', basedOn: 1 });
		// The same draft again, not a second one.
		expect((await studio.ensureDraft(db, admin, 'curso-demo')).id).toBe(draft.id);

		const lesson = (await studio.filesOf(db, 'curso-demo', 2)).files.find(
			(f) => f.path === '01-primero/01-hola.md'
		)!;
		const broken = await studio.saveFile(db, autor, {
			courseId: 'curso-demo',
			path: lesson.path,
			text: '---\ntitle: Hola\n---\n\n# Título prohibido\n',
			baseRevision: lesson.revision
		});
		expect(broken).toEqual({ ok: true, revision: 2 });
		await expect(studio.publish(db, autor, 'curso-demo', 'no')).rejects.toThrow(
			studio.ContentForbiddenError
		);
		const refused = await studio.publish(db, admin, 'curso-demo', 'Con errores');
		expect(refused.ok).toBe(false);
		if (refused.ok || refused.reason !== 'problems') throw new Error('expected problems');
		expect(refused.problems.map((p) => p.message).join('\n')).toMatch(/falta el campo «minutes»/);
		expect(refused.problems.map((p) => p.message).join('\n')).toMatch(/no uses «# »/);

		const fixed = await studio.saveFile(db, autor, {
			courseId: 'curso-demo',
			path: lesson.path,
			text: '---\ntitle: Hola de nuevo\nminutes: 4\n---\n\nUn texto **nuevo** para todos.\n',
			baseRevision: 2
		});
		expect(fixed).toEqual({ ok: true, revision: 3 });
		await studio.submitForReview(db, autor, 'curso-demo', 'Listo');
		expect((await studio.getDraft(db, 'curso-demo'))?.status).toBe('review');
		const published = await studio.publish(db, admin, 'curso-demo', 'Texto nuevo en Hola');
		expect(published).toMatchObject({ ok: true, version: { number: 2, status: 'published' } });
		// This server shows it at once; the rendered page is in the database for the others.
		const course = findCourse('curso-demo')!;
		expect(course.lessons[0].title).toBe('Hola de nuevo');
		expect(publishedHtml('curso-demo', course.lessons[0].file)).toContain('<strong>nuevo</strong>');
		const v2 = await store.findVersion(db, 'curso-demo', 2);
		expect((await store.renderedOf(db, v2!.id)).get('01-primero/01-hola.md')).toContain('nuevo');

		expect((await studio.listVersions(db, 'curso-demo')).map((v) => [v.number, v.status])).toEqual([
			[2, 'published'],
			[1, 'archived']
		]);
		const audit = await db.selectFrom('audit_log').select(['action', 'actor_id']).execute();
		expect(audit).toContainEqual({ action: 'content.publish', actor_id: admin.id });
		expect(audit).toContainEqual({ action: 'content.import', actor_id: admin.id });

		// Restore version 1 and publish it: the old text is back, as version 3.
		const restored = await studio.restoreVersion(db, admin, 'curso-demo', 1, { publishNow: true });
		expect(restored).toMatchObject({ ok: true, version: { number: 3, basedOn: 1 } });
		expect(findCourse('curso-demo')!.lessons[0].title).toBe('Hola');
		expect(
			(await db.selectFrom('audit_log').select('action').execute()).map((r) => r.action)
		).toContain('content.restore');
		await expect(studio.restoreVersion(db, autor, 'curso-demo', 2)).rejects.toThrow(
			studio.ContentForbiddenError
		);
	});

	it('publishes what the administrator reviewed: an edit after review is a draft again, and a stale page is refused', async () => {
		const { db, admin, autor } = await setup();
		await publishDemo(db, admin);
		await studio.ensureDraft(db, autor, 'curso-demo');
		const path = '01-primero/01-hola.md';
		const lesson = () =>
			studio.filesOf(db, 'curso-demo', 2).then(({ files }) => files.find((f) => f.path === path)!);
		const reviewedText = '---\ntitle: Hola\nminutes: 4\n---\n\nLo que se revisó.\n';
		await studio.saveFile(db, autor, {
			courseId: 'curso-demo',
			path,
			text: reviewedText,
			baseRevision: (await lesson()).revision
		});
		await studio.submitForReview(db, autor, 'curso-demo', 'Listo');
		const seen = (await studio.getDraft(db, 'curso-demo'))!;
		expect(seen.status).toBe('review');

		// The author slips a change in after sending it: it is a draft again...
		await studio.saveFile(db, autor, {
			courseId: 'curso-demo',
			path,
			text: '---\ntitle: Hola\nminutes: 4\n---\n\nUn cambio que nadie revisó.\n',
			baseRevision: (await lesson()).revision
		});
		const changed = (await studio.getDraft(db, 'curso-demo'))!;
		expect(changed.status).toBe('draft');
		expect(changed.updatedAt).not.toBe(seen.updatedAt);

		// ...and the administrator's page, opened before that change, cannot publish it.
		await expect(
			studio.publish(db, admin, 'curso-demo', 'Revisado', seen.updatedAt)
		).rejects.toThrow(/cambió después de que abriste esta página/);
		expect((await studio.listVersions(db, 'curso-demo')).map((v) => [v.number, v.status])).toEqual([
			[2, 'draft'],
			[1, 'published']
		]);
		// An edit landing while a publish renders is caught the same way: the version is marked
		// published only if it still carries the time its files were read at.
		const draftRow = (await store.openDraft(db, 'curso-demo'))!;
		expect(
			await store.setVersionStatus(db, draftRow.id, 'published', { ifUpdatedAt: seen.updatedAt })
		).toBe(false);
		expect((await store.openDraft(db, 'curso-demo'))?.status).toBe('draft');
		// Reading it again, they publish what they now see.
		expect(
			await studio.publish(db, admin, 'curso-demo', 'Revisado otra vez', changed.updatedAt)
		).toMatchObject({ ok: true, version: { number: 2, status: 'published' } });
		// A save that found the draft just before it went live does not turn it back into a draft.
		await store.touchVersion(db, draftRow.id);
		expect((await store.findVersionById(db, draftRow.id))?.status).toBe('published');
	});

	it('never overwrites a file someone saved since: the conflict returns theirs, yours and base', async () => {
		const { db, admin, autor } = await setup();
		await publishDemo(db, admin);
		await studio.ensureDraft(db, autor, 'curso-demo');
		const path = '01-primero/02-costos.md';
		const base = (await studio.filesOf(db, 'curso-demo', 2)).files.find((f) => f.path === path)!;
		const first = await studio.saveFile(db, admin, {
			courseId: 'curso-demo',
			path,
			text: base.text.replace('Un párrafo', 'El párrafo de Ana'),
			baseRevision: base.revision
		});
		expect(first).toEqual({ ok: true, revision: 2 });
		const second = await studio.saveFile(db, autor, {
			courseId: 'curso-demo',
			path,
			text: base.text.replace('Un párrafo', 'El párrafo de Luis'),
			baseRevision: base.revision
		});
		expect(second).toMatchObject({
			ok: false,
			reason: 'conflict',
			theirs: { revision: 2 },
			base: base.text
		});
		if (second.ok) throw new Error('expected a conflict');
		expect(second.theirs?.text).toContain('Ana');
		expect(second.yours).toContain('Luis');
		const now = (await studio.filesOf(db, 'curso-demo', 2)).files.find((f) => f.path === path)!;
		expect(now.text).toContain('Ana');

		// A new file: baseRevision 0; a second "new" save of the same path is a conflict too.
		const fresh = {
			courseId: 'curso-demo',
			path: '01-primero/03-nueva.md',
			text: 'x',
			baseRevision: 0
		};
		expect(await studio.saveFile(db, autor, fresh)).toEqual({ ok: true, revision: 1 });
		expect(await studio.saveFile(db, admin, { ...fresh, text: 'y' })).toMatchObject({
			ok: false,
			reason: 'conflict'
		});
		// Over-long text and paths out of the course are refused, nothing written.
		await expect(
			studio.saveFile(db, autor, { ...fresh, text: 'a'.repeat(100_001), baseRevision: 1 })
		).rejects.toThrow(/caracteres/);
		await expect(
			studio.saveFile(db, autor, { ...fresh, path: '../otro/course.md' })
		).rejects.toThrow(/sale de la carpeta/);
		// Participants and facilitators cannot write at all.
		await expect(
			studio.saveFile(db, { id: 'x', role: 'facilitator' }, { ...fresh, baseRevision: 1 })
		).rejects.toThrow(studio.ContentForbiddenError);
	});

	it('reorders modules as renames that keep ids, stores identical images once, counts affected people', async () => {
		const { db, admin } = await setup();
		await publishDemo(db, admin);
		await studio.ensureDraft(db, admin, 'curso-demo');
		const files = (await studio.filesOf(db, 'curso-demo', 2)).files.map((f) => f.path);
		await studio.renameFiles(
			db,
			admin,
			'curso-demo',
			files.map((p) => [
				p,
				p.startsWith('01-')
					? p.replace('01-primero', '02-primero')
					: p.replace('02-segundo', '01-segundo')
			])
		);
		const svg = new TextEncoder().encode(
			'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 5"></svg>'
		);
		await studio.putMedia(db, admin, {
			courseId: 'curso-demo',
			name: 'a.svg',
			bytes: svg,
			alt: 'A'
		});
		await studio.putMedia(db, admin, {
			courseId: 'curso-demo',
			name: 'b.svg',
			bytes: svg,
			alt: 'B'
		});
		expect(
			Number(
				(
					await db
						.selectFrom('content_blobs')
						.select((eb) => eb.fn.countAll().as('n'))
						.executeTakeFirst()
				)?.n
			)
		).toBe(1);
		const lessonPath = '01-segundo/01-precios.md';
		const lesson = (await studio.filesOf(db, 'curso-demo', 2)).files.find(
			(f) => f.path === lessonPath
		)!;
		await studio.saveFile(db, admin, {
			courseId: 'curso-demo',
			path: lessonPath,
			text: lesson.text + '\n![Un gráfico pequeño](../media/a.svg)\n',
			baseRevision: lesson.revision
		});
		expect(await studio.publish(db, admin, 'curso-demo', 'Orden nuevo')).toMatchObject({
			ok: true
		});
		const course = findCourse('curso-demo')!;
		expect(course.modules.map((m) => m.id)).toEqual(['segundo', 'primero']);
		expect(course.lessons.map((l) => l.id)).toEqual(['precios', 'hola', 'costos']);
		const html = publishedHtml('curso-demo', course.lessons[0].file)!;
		expect(html).toContain('src="/media/curso-demo/a.svg" width="10" height="5"');
		// Bytes come back identical from the database (Buffer handling of both drivers).
		expect([...publishedMedia('curso-demo', 'a.svg')!.bytes]).toEqual([...svg]);

		const person = await newUser(db);
		await db
			.insertInto('lesson_progress')
			.values({
				user_id: person.id,
				course_id: 'curso-demo',
				lesson_id: 'hola',
				completed_at: new Date().toISOString(),
				source: 'self',
				recorded_by: null
			})
			.execute();
		expect(
			await studio.affectedPeople(db, 'curso-demo', { lessonIds: ['hola', 'costos'] })
		).toEqual({
			lessons: { hola: 1 },
			questions: {}
		});
	});

	it('grades an attempt against the quiz version it was drawn from', async () => {
		const { db, admin } = await setup();
		await publishDemo(db, admin);
		await loadCatalogue(db);
		await studio.ensureDraft(db, admin, 'curso-demo');
		const quizPath = '01-primero/quiz.md';
		const quiz = (await studio.filesOf(db, 'curso-demo', 2)).files.find(
			(f) => f.path === quizPath
		)!;
		await studio.saveFile(db, admin, {
			courseId: 'curso-demo',
			path: quizPath,
			text: quiz.text.replace('- [ ] 3\n- [x] 4', '- [ ] 3\n- [x] 4\n- [ ] 5'),
			baseRevision: quiz.revision
		});
		await studio.publish(db, admin, 'curso-demo', 'Una opción más');
		const old = await quizOfVersion(db, 'curso-demo', 'primero', 1);
		const now = await quizOfVersion(db, 'curso-demo', 'primero', 2);
		expect(old?.questions[0].type === 'single' && old.questions[0].options.length).toBe(2);
		expect(now?.questions[0].type === 'single' && now.questions[0].options.length).toBe(3);
	});
});

describe('stable question ids', () => {
	it('takes an explicit {#q-...} id with or without a type, derives one when absent', () => {
		const text = `---\ntitle: Q\n---\n\n## ¿Dos más dos? {#q-7f3a}\n- [ ] 3\n- [x] 4\n\n> Cuatro.\n\n## Marca los pares. {multiple #q-par2}\n- [x] 2\n- [x] 4\n- [ ] 3\n\n> Pares.\n\n## Sin id\n- [x] Sí\n- [ ] No\n\n> Porque sí.\n`;
		const { quiz, problems } = parseQuiz('quiz.md', text, {
			courseId: 'c',
			moduleId: 'm',
			defaultPassScore: 70
		});
		expect(problems).toEqual([]);
		expect(quiz!.questions.map((q) => [q.id, q.type])).toEqual([
			['q-7f3a', 'single'],
			['q-par2', 'multiple'],
			[expect.stringMatching(/^q[0-9a-f]{8}$/), 'single']
		]);
		const bad = parseQuiz(
			'quiz.md',
			text.replace('{#q-par2}', '{#Q!}').replace('#q-par2', '#q-7f3a'),
			{
				courseId: 'c',
				moduleId: 'm',
				defaultPassScore: 70
			}
		);
		expect(bad.problems.map((p) => p.message).join('\n')).toMatch(/pregunta repetida/);
	});
});

describe('the seed of content/ and releases', () => {
	it('imports every seed course once as published version 1, and offers a changed seed as a draft', async () => {
		const { db, admin } = await setup();
		const root = await tempDir();
		await cp('content/courses', join(root, 'courses'), { recursive: true });
		const seeds = await readSeed(root);
		expect(seeds.length).toBeGreaterThanOrEqual(3);
		expect((await importSeed(db, root)).sort()).toEqual(seeds.map((s) => s.id).sort());
		expect(await importSeed(db, root)).toEqual([]);
		await loadCatalogue(db);
		expect(
			allCourses()
				.map((c) => c.id)
				.sort()
		).toEqual(seeds.map((s) => s.id).sort());
		expect(await pendingSeedUpdates(db, root)).toEqual([]);

		// A release changes a lesson and adds one; the installation keeps its own version.
		const id = seeds[0].id;
		const seed = seeds[0];
		const lessonPath = Object.keys(seed.files.texts).find(
			(p) => /\/01-[^/]+\.md$/.test(p) && !p.endsWith('module.md')
		)!;
		const dir = join(root, 'courses', id);
		await writeFile(
			join(dir, lessonPath),
			seed.files.texts[lessonPath].replace(/\n\n([^\n]+)/, '\n\nTexto de la nueva edición. $1')
		);
		await writeFile(join(dir, lessonPath.replace(/\/01-[^/]+$/, '/99-extra.md')), 'x');
		const pending = await pendingSeedUpdates(db, root);
		expect(pending).toEqual([
			{
				courseId: id,
				added: [lessonPath.replace(/\/01-[^/]+$/, '/99-extra.md')],
				changed: [lessonPath],
				removed: []
			}
		]);
		const published = (await store.publishedVersion(db, id))!;
		const taken = await takeSeedUpdateAsDraft(db, id, admin, root);
		expect(taken).toMatchObject({ ok: true, version: { number: 2, status: 'draft' } });
		expect((await store.publishedVersion(db, id))!.id).toBe(published.id);
		expect(await pendingSeedUpdates(db, root)).toEqual([]);
		await expect(takeSeedUpdateAsDraft(db, id, { id: 'x', role: 'autor' }, root)).resolves.toEqual({
			ok: false,
			reason: 'no-update'
		});
	}, 60_000);

	it('shows a course published on one server on another after its cheap check', async () => {
		const { db, admin } = await setup();
		await loadCatalogue(db);
		expect(findCourse('otro-curso')).toBeUndefined();
		// "Another server": publish straight through the store functions, then this server checks.
		await studio.importCourse(db, admin, {
			id: 'otro-curso',
			files: demoFiles('otro-curso'),
			publishNow: true
		});
		await refreshCatalogue(db, true);
		expect(findCourse('otro-curso')?.title).toBe('Curso de prueba');
	});

	it("lists each course for the studio under its draft's title, read from the database", async () => {
		const { db, admin } = await setup();
		await publishDemo(db, admin);
		expect((await studio.listCourses(db)).map((c) => [c.id, c.title])).toEqual([
			['curso-demo', 'Curso de prueba']
		]);
		await studio.ensureDraft(db, admin, 'curso-demo');
		await saveCourseMd(db, admin, 'curso-demo', 2, (text) =>
			text.replace('Curso de prueba', 'Curso de prueba, segunda edición')
		);
		// Not the published title a worker's catalogue holds: the draft's own course.md.
		expect((await studio.listCourses(db))[0]).toMatchObject({
			title: 'Curso de prueba, segunda edición',
			published: 1,
			draft: expect.objectContaining({ number: 2 })
		});
	});
});

describe('import and export', () => {
	it('exports every seed course and imports it back: identical files and identical HTML', async () => {
		const { db, admin } = await setup();
		await importSeed(db);
		for (const seed of await readSeed()) {
			const exported = await studio.exportCourse(db, seed.id);
			const out = await tempDir();
			const folder = await writeCourse(out, seed.id, exported);
			const zip = await writeCourse(join(out, `${seed.id}.zip`), seed.id, exported);
			for (const source of [folder, zip]) {
				const back = await readCourseSource(source);
				expect(back.id).toBe(seed.id);
				expect(back.files.texts).toEqual(seed.files.texts);
				expect(Object.keys(back.files.media)).toEqual(Object.keys(seed.files.media));
				for (const [p, b] of Object.entries(seed.files.media))
					expect([...back.files.media[p]]).toEqual([...b]);
				const db2 = await newDb();
				const imported = await studio.importCourse(db2, null, { ...back, publishNow: true });
				expect(imported.ok).toBe(true);
				const [a, b] = await Promise.all(
					[db, db2].map(async (d) =>
						store.renderedOf(d, (await store.publishedVersion(d, seed.id))!.id)
					)
				);
				expect(b).toEqual(a);
				await db2.destroy();
			}
			const { course } = checkVersion(seed.id, seed.files);
			expect(renderVersion(course!, seed.files).size).toBe(course!.lessons.length + 1);
		}
		expect(admin.role).toBe('admin');
	}, 120_000);

	const refuse = (tree: Record<string, Uint8Array>, pattern: RegExp) => {
		let error: unknown;
		try {
			readCourseZip(zipSync(tree), 'curso');
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(ContentImportError);
		expect((error as Error).message).toMatch(pattern);
	};
	const md = new TextEncoder().encode('---\ntitle: x\n---\n');

	it('refuses hostile zips with a Spanish message', async () => {
		refuse({ 'curso/../../etc/passwd': md, 'curso/course.md': md }, /sale de la carpeta/);
		refuse({ '/etc/cron.d/x': md, 'course.md': md }, /ruta absoluta/);
		// A zip bomb: 40 MB of zeros squeezed into a few KB.
		refuse({ 'curso/course.md': md, 'curso/media/a.webp': new Uint8Array(40 * 1024 * 1024) }, /MB/);
		const many: Record<string, Uint8Array> = { 'curso/course.md': md };
		for (let i = 0; i < 450; i++) many[`curso/01-m/${String(i).padStart(3, '0')}-l.md`] = md;
		refuse(many, /archivos \(máximo/);
		refuse(
			{ 'curso/course.md': new TextEncoder().encode('a'.repeat(150_000)) },
			/caracteres \(máximo/
		);
		refuse({ 'curso/01-m/sub/x.md': md, 'curso/course.md': md }, /no es un archivo de curso/);
		expect(() => readCourseZip(new TextEncoder().encode('no soy un zip'), 'x')).toThrow(
			/no es un zip/
		);

		// A bomb that lies about its size (1 000 bytes declared, 40 MB inside): cut off, and refused.
		const liar = zipSync({ 'curso/course.md': md, 'curso/media/a.webp': new Uint8Array(40 << 20) });
		const lv = new DataView(liar.buffer);
		for (let i = 0; i < liar.length - 4; i++) {
			const sig = lv.getUint32(i, true);
			if (sig === 0x04034b50 && lv.getUint32(i + 22, true) > 1e6) lv.setUint32(i + 22, 1000, true);
			if (sig === 0x02014b50 && lv.getUint32(i + 24, true) > 1e6) lv.setUint32(i + 24, 1000, true);
		}
		expect(() => readCourseZip(liar, 'curso')).toThrow(/suma de control/);

		// A symbolic link inside a zip (Unix mode 0120777 in the central directory).
		const zip = zipSync({
			'curso/course.md': md,
			'curso/enlace.md': new TextEncoder().encode('/etc/passwd')
		});
		const view = new DataView(zip.buffer);
		for (let i = zip.length - 22; i >= 0; i--) {
			if (view.getUint32(i, true) !== 0x06054b50) continue;
			let offset = view.getUint32(i + 16, true);
			for (let n = 0; n < view.getUint16(i + 10, true); n++) {
				const nameLength = view.getUint16(offset + 28, true);
				const name = new TextDecoder().decode(zip.subarray(offset + 46, offset + 46 + nameLength));
				if (name.endsWith('enlace.md')) {
					view.setUint8(offset + 5, 3);
					view.setUint32(offset + 38, (0o120777 << 16) >>> 0, true);
				}
				offset +=
					46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
			}
			break;
		}
		expect(() => readCourseZip(zip, 'curso')).toThrow(/enlace simbólico/);
	}, 60_000);

	it('refuses a folder with a symbolic link, and a broken course changes nothing', async () => {
		const { db, admin } = await setup();
		const dir = join(await tempDir(), 'curso-demo');
		for (const [p, t] of Object.entries(demoFiles().texts)) {
			await mkdir(join(dir, p, '..'), { recursive: true });
			await writeFile(join(dir, p), t);
		}
		await symlink('/etc/passwd', join(dir, '01-primero', '03-secreto.md'));
		await expect(readCourseSource(dir)).rejects.toThrow(/enlace simbólico/);
		await rm(join(dir, '01-primero', '03-secreto.md'));
		await writeFile(join(dir, '01-primero', 'quiz.md'), '---\ntitle: [roto\n---\n');
		const { id, files } = await readCourseSource(dir);
		const result = await studio.importCourse(db, admin, { id, files, publishNow: true });
		expect(result).toMatchObject({ ok: false, reason: 'problems' });
		expect(await store.courseIdTaken(db, 'curso-demo')).toBe(false);
		expect(await readFile(join(dir, 'course.md'), 'utf8')).toContain('Curso de prueba');
		expect(zipCourse('x', files).length).toBeGreaterThan(100);
	});
});

describe('the outline as file operations', () => {
	it('reorders modules and moves a lesson to another module, keeping every id', async () => {
		const { db, admin } = await setup();
		await publishDemo(db, admin);
		await studio.ensureDraft(db, admin, 'curso-demo');
		expect(
			(await studio.draftOutline(db, 'curso-demo')).map((m) => [m.id, m.lessons.map((l) => l.id)])
		).toEqual([
			['primero', ['hola', 'costos']],
			['segundo', ['precios']]
		]);
		await studio.reorderOutline(db, admin, 'curso-demo', [
			['segundo', ['costos', 'precios']],
			['primero', ['hola']]
		]);
		const paths = (await studio.filesOf(db, 'curso-demo', 2)).files.map((f) => f.path);
		expect(paths).toEqual([
			'01-segundo/01-costos.md',
			'01-segundo/02-precios.md',
			'01-segundo/module.md',
			'01-segundo/quiz.md',
			'02-primero/01-hola.md',
			'02-primero/module.md',
			'02-primero/quiz.md',
			'course.md'
		]);
		await expect(
			studio.reorderOutline(db, admin, 'curso-demo', [['segundo', ['costos']]])
		).rejects.toThrow(/cada módulo y cada lección/);
		expect(await studio.publish(db, admin, 'curso-demo', 'Orden')).toMatchObject({ ok: true });
	});
});

describe('/estudio course titles', () => {
	it('a course with no versions shows its id', async () => {
		const db = await newDb();
		const admin = await newUser(db, 'admin');
		await store.insertCourse(db, { id: 'vacio', createdBy: admin.id });
		expect(await studio.listCourses(db)).toEqual([
			expect.objectContaining({ id: 'vacio', title: 'vacio', published: null, draft: null })
		]);
		await db.destroy();
	});

	it('shows the draft title, and the id when the draft course.md has no usable frontmatter', async () => {
		const db = await newDb();
		const autor = await newUser(db, 'autor');
		const actor = { id: autor.id, role: 'autor' as const };
		await studio.createCourse(db, actor, { id: 'roto', title: 'Curso roto' });
		expect((await studio.listCourses(db))[0].title).toBe('Curso roto');
		for (const text of ['sin encabezado', '---\ntitle: [\n---\n', '---\ntitle: 5\n---\n']) {
			expect((await saveCourseMd(db, actor, 'roto', 1, () => text)).ok).toBe(true);
			expect((await studio.listCourses(db))[0].title).toBe('roto');
		}
		await db.destroy();
	});

	it('an autor cannot take /estudio down for everyone with YAML that only fails when read', async () => {
		const db = await newDb();
		const autor = await newUser(db, 'autor');
		const actor = { id: autor.id, role: 'autor' as const };
		await studio.createCourse(db, actor, { id: 'bomba', title: 'Bomba' });
		const bombs = [
			// An alias with no anchor: the YAML parses without errors, then toJS() throws.
			'---\ntitle: *nada\n---\n',
			// Too many aliases: toJS() refuses it as a resource exhaustion attack (throws).
			'---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n' +
				'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n' +
				'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\ntitle: Bomba\n---\n'
		];
		for (const text of bombs) {
			expect((await saveCourseMd(db, actor, 'bomba', 1, () => text)).ok).toBe(true);
			expect((await studio.listCourses(db))[0].title).toBe('bomba');
			// The same text read anywhere else (content check, editor) is a problem, not a crash.
			const split = splitFrontmatter('course.md', text);
			expect(split.data).toEqual({});
			expect(split.problems.length).toBeGreaterThan(0);
		}
		await db.destroy();
	});
});
