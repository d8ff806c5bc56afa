// Publishing from /admin/cursos/<course>/versiones, with and without JavaScript: an administrator
// publishes a draft with a note and the lesson changes at once; restoring the previous version
// brings the old text back. An `autor` (and a facilitator) who posts the same forms gets 403 and
// nothing is published. Each test makes its own course, so no other journey sees its changes.
import { expect, test } from '@playwright/test';
import { SESSION_COOKIE, createSession } from '../../src/lib/server/auth/session';
import { createUser } from '../../src/lib/server/auth/users';
import * as studio from '../../src/lib/server/content/studio';
import { serverDatabase, signIn, uniqueName } from './helpers';

const lesson = (title: string, text: string) =>
	`---\ntitle: ${title}\nminutes: 3\n---\n\n${text}\n`;
const quiz = `---\ntitle: Prueba\n---\n\n## ¿Cuánto es 2 + 2? {#q-suma}\n- [ ] 3\n- [x] 4\n\n> Dos más dos son cuatro.\n`;

async function newCourse(textV1: string) {
	const db = serverDatabase();
	const id = uniqueName('estudio').replace(/[^a-z0-9-]/g, '');
	const result = await studio.importCourse(db, null, {
		id,
		publishNow: true,
		files: {
			texts: {
				'course.md': `---\ntitle: Curso ${id}\nsummary: Para probar el estudio.\nhours: 1\nversion: 1\nlevel: básico\npassScore: 70\n---\n\nIntro.\n`,
				'01-inicio/module.md': `---\ntitle: Inicio\nsummary: El comienzo.\n---\n`,
				'01-inicio/01-leccion.md': lesson('Lección', textV1),
				'01-inicio/quiz.md': quiz
			},
			media: {}
		}
	});
	expect(result.ok).toBe(true);
	const password = 'clave-segura-1';
	const admin = (await createUser(db, {
		username: uniqueName('admin'),
		displayName: 'Admin Estudio',
		password,
		role: 'admin'
	}))!;
	const actor = { id: admin.id, role: 'admin' as const };
	await studio.ensureDraft(db, actor, id);
	const file = (await studio.filesOf(db, id, 2)).files.find(
		(f) => f.path === '01-inicio/01-leccion.md'
	)!;
	return { db, id, admin, password, actor, file };
}

test('an administrator publishes a draft with a note, then restores the previous version', async ({
	page
}) => {
	const { db, id, admin, password, actor, file } = await newCourse('El precio era 3 dólares.');
	try {
		await studio.saveFile(db, actor, {
			courseId: id,
			path: file.path,
			text: lesson('Lección', 'El precio corregido es 4 dólares.'),
			baseRevision: file.revision
		});
		await signIn(page, admin.username, password);
		// The course was imported by this test process: the server picks it up on its next check.
		await expect(async () => {
			await page.goto(`/cursos/${id}/leccion`);
			await expect(page.getByText('El precio era 3 dólares.')).toBeVisible({ timeout: 500 });
		}).toPass({ timeout: 15_000 });

		await page.goto(`/admin/cursos/${id}/versiones`);
		await expect(page.getByRole('heading', { name: /Borrador abierto: versión 2/ })).toBeVisible();
		await page.getByLabel('Nota de esta versión').fill('Corrige el precio');
		await page.getByRole('button', { name: 'Publicar esta versión' }).click();
		await expect(page.getByText('Publicada la versión 2', { exact: false })).toBeVisible();
		await expect(page.getByText('Corrige el precio')).toBeVisible();

		await page.goto(`/cursos/${id}/leccion`);
		await expect(page.getByText('El precio corregido es 4 dólares.')).toBeVisible();

		await page.goto(`/admin/cursos/${id}/versiones`);
		await page.getByRole('button', { name: 'Restaurar la versión 1 y publicarla' }).click();
		await expect(page.getByText('La versión 1 se restauró como versión 3')).toBeVisible();
		await page.goto(`/cursos/${id}/leccion`);
		await expect(page.getByText('El precio era 3 dólares.')).toBeVisible();
	} finally {
		await db.destroy();
	}
});

test('an autor or a facilitator posting publish or restore gets 403 and nothing changes', async ({
	request
}, testInfo) => {
	test.skip(testInfo.project.name !== 'con-js', 'plain HTTP requests: one project is enough');
	const { db, id, actor, file } = await newCourse('Texto publicado.');
	try {
		await studio.saveFile(db, actor, {
			courseId: id,
			path: file.path,
			text: lesson('Lección', '<script>alert(1)</script> Texto sin revisar.'),
			baseRevision: file.revision
		});
		const base = new URL(testInfo.project.use.baseURL!).origin;
		for (const role of ['autor', 'facilitator'] as const) {
			const user = (await createUser(db, {
				username: uniqueName(role),
				displayName: role,
				password: 'clave-segura-1',
				role
			}))!;
			const { token } = await createSession(db, user.id);
			const headers = { cookie: `${SESSION_COOKIE}=${token}`, origin: base, accept: 'text/html' };
			const publish = await request.post(`/admin/cursos/${id}/versiones?/publicar`, {
				headers,
				form: { note: 'Publicado por quien no puede' },
				maxRedirects: 0
			});
			expect(publish.status()).toBe(403);
			const restore = await request.post(`/admin/cursos/${id}/versiones?/restaurar`, {
				headers,
				form: { version: '1', publicar: '1' },
				maxRedirects: 0
			});
			expect(restore.status()).toBe(403);
			// The domain refuses too, whatever route calls it.
			await expect(studio.publish(db, { id: user.id, role }, id, 'x')).rejects.toBeInstanceOf(
				studio.ContentForbiddenError
			);
		}
		const versions = await studio.listVersions(db, id);
		expect(versions.map((v) => [v.number, v.status])).toEqual([
			[2, 'draft'],
			[1, 'published']
		]);
	} finally {
		await db.destroy();
	}
});
