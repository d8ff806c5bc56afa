// The studio's editing pages, with and without JavaScript at 360 px: the demo administrator edits a
// Finanzas lesson (preview, a check error, the fix), adds a lesson with an uploaded photo (shown in
// the preview from the draft) and a quiz question (refused first, kept, then added), publishes with
// a note and reads the version's diff; a participant signed in elsewhere, with a lesson done
// before, sees the new text and lesson without a restart and keeps their progress, then the old
// text again once the previous version is restored. Two saves from the same revision: the second sees both texts
// and nothing is overwritten. An expired session gets its text back. An `autor` edits, saves and
// sends to review, is not offered publishing, and gets 403 when posting it.
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { createUser } from '../../src/lib/server/auth/users';
import * as studio from '../../src/lib/server/content/studio';
import { serverDatabase, signIn, signUp, skipCourseQuestions, uniqueName } from './helpers';

const LESSON = '/cursos/finanzas/tus-metas-financieras';
const FILE = '01-metas-y-presupuesto/01-tus-metas-financieras.md';
const OLD_FIGURE = 'Quiero juntar $300 para una refrigeradora';
const NEW_FIGURE = 'Quiero juntar $350 para una refrigeradora';

/** The editor's text box, filled the way a person would leave it. */
async function write(page: Page, text: string) {
	await page.getByLabel('Texto (Markdown)').fill(text);
}

test('the administrator edits a Finanzas lesson, sees preview and a check error, publishes; a participant sees it, then the restored version', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	const db = serverDatabase();
	try {
		const before = (await studio.listVersions(db, 'finanzas')).find(
			(v) => v.status === 'published'
		)!;

		const project = test.info().project.name;
		const newTitle = `Ahorro diario ${project}`;
		const newId = `ahorro-diario-${project}`;
		const NEW_LESSON = `/cursos/finanzas/${newId}`;
		const NEW_TEXT = 'Si guardas $2 cada día, en 30 días juntas $60.';

		const learner = await browser.newContext();
		const reader = await learner.newPage();
		await signUp(reader, 'Lucía Lectora');
		await reader.goto('/cursos/finanzas');
		await reader.getByRole('button', { name: 'Empezar este curso' }).click();
		await skipCourseQuestions(reader);
		await expect(reader).toHaveURL(LESSON);
		await expect(reader.getByText(OLD_FIGURE)).toBeVisible();
		// Progress made before any of the changes below.
		await reader.getByRole('button', { name: 'Terminé esta lección: seguir' }).click();
		await expect(reader).not.toHaveURL(LESSON);

		await signIn(page, 'demo-admin', 'microaula-demo');
		await page.goto('/admin/cursos/finanzas/versiones');
		await page.getByRole('link', { name: 'Editar el curso' }).click();
		await expect(page).toHaveURL(/\/admin\/cursos\/finanzas\/editar$/);
		const open = page.getByRole('button', { name: 'Abrir un borrador' });
		if (await open.isVisible()) await open.click();
		await page.getByRole('link', { name: 'Tus metas financieras' }).click();
		await expect(page).toHaveURL(new RegExp(`/editar/${FILE}$`));

		const original = await page.getByLabel('Texto (Markdown)').inputValue();
		expect(original).toContain(OLD_FIGURE);
		const changed = original.replace(OLD_FIGURE, NEW_FIGURE);
		// A broken frontmatter: the preview still renders, and the check names the error and line.
		await write(page, changed.replace('title: Tus metas financieras', 'title: [Tus metas'));
		await page.getByRole('button', { name: 'Vista previa' }).click();
		await expect(page.getByTestId('preview')).toContainText(NEW_FIGURE);
		await expect(page.getByTestId('problems')).toContainText(/Error · línea \d+/);
		await expect(page.getByText(/min de lectura \(a 80 palabras por minuto\)/)).toBeVisible();
		await expect(page.getByText(/Legibilidad INFLESZ: \d+/)).toBeVisible();
		await expect(page.getByText(/Peso de la página: [\d.]+ KB/)).toBeVisible();
		// The text typed is still in the box after the preview.
		await expect(page.getByLabel('Texto (Markdown)')).toHaveValue(/title: \[Tus metas/);

		await write(page, changed);
		await page.getByRole('button', { name: 'Vista previa' }).click();
		await expect(page.getByTestId('preview')).toContainText(NEW_FIGURE);
		await expect(page.getByText(/Error · línea/)).toHaveCount(0);
		await page.getByRole('button', { name: 'Guardar borrador' }).click();
		await expect(page.getByText('Borrador guardado.')).toBeVisible();
		// Participants see nothing of a draft.
		await reader.goto(LESSON);
		await expect(reader.getByText(OLD_FIGURE)).toBeVisible();

		// A new lesson from the outline: its id comes from the title.
		await page.goto('/admin/cursos/finanzas/editar');
		await page.getByLabel('Lección nueva (título)').first().fill(newTitle);
		await page.getByRole('button', { name: 'Agregar', exact: true }).first().click();
		await expect(page.getByText(`Se agregó «${newTitle}» al borrador.`)).toBeVisible();
		await page.getByRole('link', { name: 'Abrirlo' }).click();
		await expect(page).toHaveURL(
			new RegExp(`/editar/01-metas-y-presupuesto/\\d{2}-${newId}\\.md$`)
		);
		const blank = await page.getByLabel('Texto (Markdown)').inputValue();
		await write(page, blank.replace('Escribe aquí la lección.', NEW_TEXT));
		const photo = await sharp({
			create: { width: 1200, height: 900, channels: 3, background: '#c84' }
		})
			.jpeg()
			.toBuffer();
		await page.getByLabel('Foto o dibujo').setInputFiles({
			name: `Alcancia ${project}.jpg`,
			mimeType: 'image/jpeg',
			buffer: photo
		});
		await page.getByLabel('Qué se ve en la imagen').fill('Una alcancía con monedas');
		await page.getByRole('button', { name: 'Subir la imagen' }).click();
		await expect(page.getByText(/Imagen agregada al final del texto/)).toBeVisible();
		// The preview shows the photo from the draft, before anything is published.
		await page.getByRole('button', { name: 'Vista previa' }).click();
		const img = page.getByTestId('preview').getByRole('img', { name: 'Una alcancía con monedas' });
		await expect(img).toBeVisible();
		const src = (await img.getAttribute('src'))!;
		expect(src).toMatch(new RegExp(`^/admin/cursos/finanzas/medios/alcancia-${project}\\.webp`));
		const served = await page.request.get(src);
		expect(served.status()).toBe(200);
		expect(served.headers()['content-type']).toBe('image/webp');
		await page.getByRole('button', { name: 'Guardar borrador' }).click();
		await expect(page.getByText('Borrador guardado.')).toBeVisible();

		// A quiz question, one form per question: a refused post keeps what was typed.
		await page.goto('/admin/cursos/finanzas/editar/01-metas-y-presupuesto/quiz.md');
		await expect(page.getByTestId('pass-mark')).toHaveText(
			'Con 6 preguntas y 70 % se necesitan 5 de 6.'
		);
		const bank = await page.getByRole('heading', { name: /^Pregunta \d+ · / }).count();
		expect(bank).toBeGreaterThan(10);
		const stem = `¿Cuánto juntas en 30 días si guardas $2 cada día? (${project})`;
		const add = page.getByRole('region', { name: 'Agregar una pregunta' });
		await add.getByLabel('Pregunta', { exact: true }).fill(stem);
		for (const [i, text] of ['$60', '$32', '$30', '$62'].entries()) {
			await add.getByLabel(`Opción ${i + 1}`, { exact: true }).fill(text);
		}
		await add.getByLabel('La opción 1 es correcta').check();
		await add.getByLabel('La opción 2 es correcta').check();
		await add
			.getByLabel('Explicación: por qué es la respuesta')
			.fill('Son 30 días por $2 cada día: 30 × $2 = $60.');
		await add.getByRole('button', { name: 'Agregar la pregunta' }).click();
		const again = page.getByRole('region', { name: 'Agregar una pregunta' });
		await expect(again.getByRole('alert')).toContainText('Marcaste más de una opción correcta');
		await expect(again.getByLabel('Pregunta', { exact: true })).toHaveValue(stem);
		await again.getByLabel('La opción 2 es correcta').uncheck();
		await again.getByRole('button', { name: 'Agregar la pregunta' }).click();
		await expect(page.getByText('Pregunta agregada al borrador.')).toBeVisible();
		await expect(
			page.getByRole('heading', { name: `Pregunta ${bank + 1} · Una respuesta` })
		).toBeVisible();
		// The same quiz as Markdown: the question written in the quiz format, with a stable id.
		await page.getByRole('link', { name: 'Markdown', exact: true }).click();
		await expect(page.getByLabel('Texto (Markdown)')).toHaveValue(
			new RegExp(`## ${stem.replace(/[?()$¿]/g, '\\$&')} \\{#q-[a-z0-9]{6}\\}\\n- \\[x\\] \\$60\\n`)
		);

		await page.goto('/admin/cursos/finanzas/versiones');
		await page.getByLabel('Nota de esta versión').fill('Meta de $350');
		await page.getByRole('button', { name: 'Publicar esta versión' }).click();
		await expect(page.getByText(/Publicada la versión \d+/)).toBeVisible();
		const published = (await studio.listVersions(db, 'finanzas')).find(
			(v) => v.status === 'published'
		)!;
		expect(
			(await studio.exportCourse(db, 'finanzas')).texts['01-metas-y-presupuesto/quiz.md']
		).toContain(stem);
		// The history says what changed, word by word.
		await page
			.getByRole('link', { name: `Ver los cambios de la versión ${published.number}` })
			.click();
		await expect(
			page.getByRole('heading', { name: `Cambios de la versión ${published.number}` })
		).toBeVisible();
		await expect(page.locator('#cambios ins').filter({ hasText: '350' }).first()).toBeVisible();

		// Every server process reloads the catalogue within 2 s of a publish: read until it shows.
		await expect(async () => {
			await reader.goto(LESSON);
			await expect(reader.getByText(NEW_FIGURE)).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 15_000 });
		// Their earlier progress is intact, and the new lesson is there with its photo.
		await expect(reader.getByText('Ya terminaste esta lección.')).toBeVisible();
		await reader.goto(NEW_LESSON);
		await expect(reader.getByText(NEW_TEXT)).toBeVisible();
		await expect(reader.getByRole('img', { name: 'Una alcancía con monedas' })).toBeVisible();

		await page.goto('/admin/cursos/finanzas/versiones');
		await page
			.getByRole('button', { name: `Restaurar la versión ${before.number} y publicarla` })
			.click();
		await expect(page.getByText(`La versión ${before.number} se restauró`)).toBeVisible();
		await expect(async () => {
			await reader.goto(LESSON);
			await expect(reader.getByText(OLD_FIGURE)).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 15_000 });
		await expect(reader.getByText('Ya terminaste esta lección.')).toBeVisible();
		expect((await reader.goto(NEW_LESSON))?.status()).toBe(404);
		await learner.close();
	} finally {
		await db.destroy();
	}
});

/** A small course of its own, published, with an open draft (no other journey sees it). */
async function ownCourse() {
	const db = serverDatabase();
	const id = uniqueName('editor').replace(/[^a-z0-9-]/g, '');
	const lesson = `---\ntitle: Lección\nminutes: 3\n---\n\nEl precio era 3 dólares.\n`;
	const result = await studio.importCourse(db, null, {
		id,
		publishNow: true,
		files: {
			texts: {
				'course.md': `---\ntitle: Curso ${id}\nsummary: Para probar el editor.\nhours: 1\nversion: 1\nlevel: básico\npassScore: 70\n---\n\nIntro.\n`,
				'01-inicio/module.md': `---\ntitle: Inicio\nsummary: El comienzo.\n---\n`,
				'01-inicio/01-leccion.md': lesson,
				'01-inicio/quiz.md': `---\ntitle: Prueba\n---\n\n## ¿Cuánto es 2 + 2? {#q-suma}\n- [ ] 3\n- [x] 4\n\n> Dos más dos son cuatro.\n`
			},
			media: {}
		}
	});
	expect(result.ok).toBe(true);
	return { db, id, path: '01-inicio/01-leccion.md', lesson };
}

async function person(role: 'admin' | 'autor') {
	const db = serverDatabase();
	const user = (await createUser(db, {
		username: uniqueName(role),
		displayName: `Estudio ${role}`,
		password: 'clave-segura-1',
		role
	}))!;
	await db.destroy();
	return user;
}

test('two saves from the same revision: the second sees both texts and nothing is overwritten', async ({
	page,
	browser
}) => {
	const { db, id, path, lesson } = await ownCourse();
	try {
		const admin = await person('admin');
		await studio.ensureDraft(db, { id: admin.id, role: 'admin' }, id);
		const other = await browser.newContext();
		const second = await other.newPage();
		await signIn(page, admin.username);
		await signIn(second, admin.username);
		const url = `/admin/cursos/${id}/editar/${path}`;
		await page.goto(url);
		await second.goto(url);

		await write(page, lesson.replace('3 dólares', '4 dólares (primera persona)'));
		await page.getByRole('button', { name: 'Guardar borrador' }).click();
		await expect(page.getByText('Borrador guardado.')).toBeVisible();

		const mine = lesson.replace('3 dólares', '5 dólares (segunda persona)');
		await write(second, mine);
		await second.getByRole('button', { name: 'Guardar borrador' }).click();
		await expect(
			second.getByRole('heading', { name: 'Dos personas editaron este archivo' })
		).toBeVisible();
		await expect(second.getByTestId('theirs')).toContainText('4 dólares (primera persona)');
		await expect(second.getByTestId('yours')).toContainText('5 dólares (segunda persona)');
		await expect(second.getByLabel('Texto (Markdown)')).toHaveValue(mine);
		expect((await studio.draftFile(db, id, path))?.text).toContain('primera persona');

		// Having seen both, saving again is deliberate and goes through.
		await second.getByRole('button', { name: 'Guardar borrador' }).click();
		await expect(second.getByText('Borrador guardado.')).toBeVisible();
		expect((await studio.draftFile(db, id, path))?.text).toContain('segunda persona');
		await other.close();
	} finally {
		await db.destroy();
	}
});

test('a save after the session expired answers 401 with the text, not a redirect', async ({
	request
}, testInfo) => {
	test.skip(testInfo.project.name !== 'con-js', 'plain HTTP requests: one project is enough');
	const { db, id, path } = await ownCourse();
	try {
		const base = new URL(testInfo.project.use.baseURL!).origin;
		const text = 'Un texto largo que escribí durante una hora y que no quiero perder.';
		const response = await request.post(`/admin/cursos/${id}/editar/${path}?/guardar`, {
			headers: { origin: base, accept: 'text/html' },
			form: { text, revision: '1' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(401);
		const html = await response.text();
		expect(html).toContain(text);
		expect(html).toContain('Tu sesión terminó');
	} finally {
		await db.destroy();
	}
});

test('an autor edits, saves and sends to review, is not offered publishing, and gets 403 on publish', async ({
	page
}) => {
	const { db, id, path, lesson } = await ownCourse();
	try {
		const autor = await person('autor');
		await signIn(page, autor.username);
		// Their way in is "Estudio" in the menu (no facilitator or admin pages).
		const menu = page.getByRole('navigation', { name: 'Menú principal' });
		await expect(menu.getByRole('link', { name: 'Mis clases' })).toHaveCount(0);
		await expect(menu.getByRole('link', { name: 'Administrar' })).toHaveCount(0);
		await menu.getByRole('link', { name: 'Estudio' }).click();
		await expect(page).toHaveURL(/\/estudio$/);
		// The title comes from each worker's catalogue, reloaded within 2 s of the course's import.
		const edit = page.getByRole('link', { name: `Editar «Curso ${id}»` });
		await expect(async () => {
			await page.reload();
			await expect(edit).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 15_000 });
		await edit.click();
		await expect(page).toHaveURL(`/admin/cursos/${id}/editar`);
		await page.getByRole('button', { name: 'Abrir un borrador' }).click();
		await expect(page.getByText(/Borrador abierto: versión 2 ·/)).toBeVisible();
		await expect(page.getByRole('link', { name: /Publicar/ })).toHaveCount(0);
		await expect(page.getByRole('link', { name: 'Versiones' })).toHaveCount(0);

		await page.getByRole('link', { name: 'Lección', exact: true }).click();
		await write(page, lesson.replace('3 dólares', '6 dólares'));
		// Images: a text file renamed .jpg is refused in Spanish and the text stays; a photo with
		// its alt text goes in as WebP and its Markdown at the end of the text.
		await page.getByLabel('Foto o dibujo').setInputFiles({
			name: 'foto.jpg',
			mimeType: 'image/jpeg',
			buffer: Buffer.from('<script>alert(1)</script>')
		});
		await page.getByLabel('Qué se ve en la imagen').fill('La tienda de Rosa');
		await page.getByRole('button', { name: 'Subir la imagen' }).click();
		await expect(
			page.getByText('no es una imagen JPEG, PNG o WebP', { exact: false })
		).toBeVisible();
		await expect(page.getByLabel('Texto (Markdown)')).toHaveValue(/6 dólares/);
		const png = await sharp({
			create: { width: 1600, height: 1200, channels: 3, background: '#3a7' }
		})
			.png()
			.toBuffer();
		await page.getByLabel('Foto o dibujo').setInputFiles({
			name: 'Tienda Rosa.png',
			mimeType: 'image/png',
			buffer: png
		});
		await page.getByLabel('Qué se ve en la imagen').fill('La tienda de Rosa');
		await page.getByRole('button', { name: 'Subir la imagen' }).click();
		await expect(page.getByText(/Imagen agregada al final del texto/)).toBeVisible();
		await expect(page.getByLabel('Texto (Markdown)')).toHaveValue(
			/6 dólares[\s\S]*!\[La tienda de Rosa\]\(\.\.\/media\/tienda-rosa\.webp\)/
		);
		await page.getByRole('button', { name: 'Guardar borrador' }).click();
		await expect(page.getByText('Borrador guardado.')).toBeVisible();

		await page.goto(`/admin/cursos/${id}/editar`);
		await page.getByLabel('Nota de esta versión').fill('Precio nuevo');
		await page.getByRole('button', { name: 'Enviar a revisión' }).click();
		await expect(page.getByText('Enviado a revisión.', { exact: false })).toBeVisible();
		expect((await studio.getDraft(db, id))?.status).toBe('review');
		const draft = await studio.filesOf(db, id, 2);
		expect(draft.files.find((f) => f.path === path)?.text).toContain('../media/tienda-rosa.webp');
		expect(draft.media.map((m) => [m.path, m.alt])).toEqual([
			['media/tienda-rosa.webp', 'La tienda de Rosa']
		]);

		const base = new URL(test.info().project.use.baseURL!).origin;
		const versions = await page.request.get(`/admin/cursos/${id}/versiones`, { maxRedirects: 0 });
		expect(versions.status()).toBe(403);
		const publish = await page.request.post(`/admin/cursos/${id}/versiones?/publicar`, {
			headers: { origin: base, accept: 'text/html' },
			form: { note: 'Publicado por un autor' },
			maxRedirects: 0
		});
		expect(publish.status()).toBe(403);
		expect((await studio.listVersions(db, id)).map((v) => [v.number, v.status])).toEqual([
			[2, 'review'],
			[1, 'published']
		]);
	} finally {
		await db.destroy();
	}
});

test('autosave puts the text into the draft; after an expired session the text comes back; CodeMirror writes the same text', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name !== 'con-js', 'autosave and sessionStorage need JavaScript');
	const { db, id, path, lesson } = await ownCourse();
	try {
		const admin = await person('admin');
		await studio.ensureDraft(db, { id: admin.id, role: 'admin' }, id);
		await signIn(page, admin.username);
		const url = `/admin/cursos/${id}/editar/${path}`;
		await page.goto(url);
		await write(page, lesson.replace('3 dólares', '7 dólares (guardado solo)'));
		await expect(page.getByTestId('autosave')).toHaveText(
			'Guardado automáticamente en el borrador.'
		);
		expect((await studio.draftFile(db, id, path))?.text).toContain('7 dólares (guardado solo)');

		// The session ends while writing: the autosave says so and the text stays in this browser.
		await page.context().clearCookies();
		const lost = lesson.replace('3 dólares', '8 dólares (escrito sin sesión)');
		await write(page, lost);
		await expect(page.getByTestId('autosave')).toContainText('Tu sesión terminó');
		expect((await studio.draftFile(db, id, path))?.text).not.toContain('escrito sin sesión');
		await page.goto('/entrar');
		await page.getByLabel('Usuario').fill(admin.username);
		await page.getByLabel('Contraseña').fill('clave-segura-1');
		await page.getByRole('button', { name: 'Entrar' }).click();
		await expect(page).not.toHaveURL(/\/entrar/);
		await page.goto(url);
		await expect(page.getByLabel('Texto (Markdown)')).toHaveValue(/7 dólares/);
		await page.getByRole('button', { name: 'Recuperar mi texto' }).click();
		await expect(page.getByLabel('Texto (Markdown)')).toHaveValue(lost);
		await page.getByRole('button', { name: 'Guardar borrador' }).click();
		await expect(page.getByText('Borrador guardado.')).toBeVisible();
		expect((await studio.draftFile(db, id, path))?.text).toBe(lost);

		// CodeMirror on request: what is typed there is the form's text.
		await page.getByRole('button', { name: 'Usar el editor con colores (CodeMirror)' }).click();
		const cm = page.getByRole('textbox', { name: 'Texto (Markdown)' });
		await expect(page.locator('.cm-editor')).toBeVisible();
		await cm.click();
		await page.keyboard.press('Control+End');
		await page.keyboard.type('Escrito en CodeMirror.');
		await page.getByRole('button', { name: 'Volver al cuadro de texto simple' }).click();
		await expect(page.getByLabel('Texto (Markdown)')).toHaveValue(/Escrito en CodeMirror\.$/);
		// Other journeys count the administrators: this one steps aside.
		await db
			.updateTable('users')
			.set({ disabled_at: new Date().toISOString() })
			.where('id', '=', admin.id)
			.execute();
	} finally {
		await db.destroy();
	}
});
