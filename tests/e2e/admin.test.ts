import { expect, test, type Page } from '@playwright/test';
import {
	insertCertificate,
	newFacilitator,
	realCourse,
	serverDatabase,
	signIn,
	signUp,
	trySignIn
} from './helpers';

const ADMIN_PAGES = [
	'/admin',
	'/admin/cursos',
	'/admin/cursos/finanzas',
	'/admin/personas',
	'/admin/certificados',
	'/admin/auditoria'
];

async function signInAdmin(page: Page) {
	await signIn(page, 'demo-admin', 'microaula-demo');
}

/** A certificate that belongs to no account (as after its owner deleted theirs). */
async function certificateFor(name: string): Promise<string> {
	const db = serverDatabase();
	try {
		return await insertCertificate(db, null, await realCourse('finanzas'), name);
	} finally {
		await db.destroy();
	}
}

test('an unpublished course leaves the catalogue but stays with people already enrolled', async ({
	page,
	browser
}) => {
	const course = await realCourse('trabajo-seguro');
	const learner = await browser.newContext();
	const learnerPage = await learner.newPage();
	await signUp(learnerPage);
	await learnerPage.goto(`/cursos/${course.id}`);
	await learnerPage.getByRole('button', { name: 'Empezar este curso' }).click();

	await signInAdmin(page);
	await page.goto('/admin/cursos');
	await page.getByRole('button', { name: `Ocultar: ${course.title}` }).click();
	await expect(page.getByRole('status')).toContainText(`«${course.title}» está oculto`);
	try {
		await learnerPage.goto('/cursos');
		await expect(learnerPage.getByRole('link', { name: course.title })).toHaveCount(0);
		await learnerPage.goto('/mis-cursos');
		await expect(learnerPage.getByRole('link', { name: course.title })).toBeVisible();
		await learnerPage.goto(`/cursos/${course.id}/${course.lessons[0].id}`);
		await expect(
			learnerPage.getByRole('heading', { level: 1, name: course.lessons[0].title })
		).toBeVisible();

		const stranger = await browser.newContext();
		const strangerPage = await stranger.newPage();
		expect((await strangerPage.goto(`/cursos/${course.id}`))?.status()).toBe(404);
		await stranger.close();

		// Nor can a facilitator open a new class for it: its join code would let anyone in.
		const facilitator = await browser.newContext();
		const facilitatorPage = await facilitator.newPage();
		await signIn(facilitatorPage, 'demo-facilitadora', 'microaula-demo');
		const db = serverDatabase();
		const classes = async () =>
			Number(
				(
					await db
						.selectFrom('cohorts')
						.select((eb) => eb.fn.countAll().as('n'))
						.where('course_id', '=', course.id)
						.executeTakeFirstOrThrow()
				).n
			);
		const before = await classes();
		const refused = await facilitatorPage.request.post('/facilitar?/crear', {
			form: {
				courseId: course.id,
				name: 'Clase de un curso oculto',
				startsOn: '2026-12-01',
				endsOn: '2026-12-31'
			},
			headers: { origin: new URL(facilitatorPage.url()).origin, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(refused.status()).toBe(400);
		expect(await classes()).toBe(before);
		await db.destroy();
		await facilitator.close();
	} finally {
		await page.goto('/admin/cursos');
		await page.getByRole('button', { name: `Publicar: ${course.title}` }).click();
		await expect(page.getByRole('status')).toContainText('está publicado');
	}
	await learner.close();
	await page.goto('/admin/auditoria?accion=course.unpublish');
	await expect(
		page.locator('.entry strong', { hasText: 'course.unpublish' }).first()
	).toBeVisible();
});

test('change a role, and disable an account to end its session', async ({ page, browser }) => {
	const person = await browser.newContext();
	const personPage = await person.newPage();
	const username = await signUp(personPage, 'Persona Cambiante');

	await signInAdmin(page);
	await page.goto(`/admin/personas?q=${username}`);
	await page.getByRole('link', { name: 'Persona Cambiante' }).click();
	await page.getByLabel('Rol').selectOption('facilitator');
	await page.getByRole('button', { name: 'Cambiar rol' }).click();
	await expect(page.getByRole('status')).toContainText('Rol cambiado');

	// The role change ended the old session; signing in again shows the facilitator's pages.
	await personPage.goto('/mis-cursos');
	await expect(personPage).toHaveURL(/\/entrar/);
	await signIn(personPage, username);
	await expect(personPage.getByRole('link', { name: 'Mis clases' })).toBeVisible();

	await page.getByRole('button', { name: 'Desactivar la cuenta' }).click();
	await expect(page.getByRole('status')).toContainText('Cuenta desactivada');
	await personPage.goto('/mis-cursos');
	await expect(personPage).toHaveURL(/\/entrar/);
	await trySignIn(personPage, username);
	await expect(personPage.getByRole('alert')).toContainText('Esta cuenta está desactivada');
	await person.close();
});

test('revoke a certificate and the public page says so', async ({ page }) => {
	const code = await certificateFor('Certificada Prueba');
	await page.goto(`/verificar/${code}`);
	await expect(page.getByText('Certificado válido')).toBeVisible();

	await signInAdmin(page);
	await page.goto(`/admin/certificados?q=${code}`);
	await page.getByRole('link', { name: code }).click();
	await page.getByLabel('Motivo').fill('Emitido por error');
	await page.getByRole('button', { name: 'Revocar' }).click();
	await expect(page.getByRole('status')).toContainText('Certificado revocado');

	await page.goto(`/verificar/${code}`);
	await expect(page.getByText('Certificado revocado')).toBeVisible();
});

test('find the hardest question of a module', async ({ page }) => {
	const course = await realCourse('crea-tu-negocio');
	await signInAdmin(page);
	await page.goto('/admin');
	await expect(page.getByText('Participantes').first()).toBeVisible();
	await page.getByRole('link', { name: course.title }).click();
	const first = page.locator('section').first();
	await expect(first.getByRole('heading', { name: 'Preguntas que más se fallan' })).toBeVisible();
	const hardest = (await first.locator('ol.hardest li').first().innerText()).split(' — ')[0].trim();
	expect(course.modules[0].quiz!.questions.map((q) => q.text)).toContain(hardest);
});

test('participants and facilitators get 403 on every admin page and action', async ({
	page,
	browser
}) => {
	await signUp(page);
	const facilitator = await browser.newContext();
	const facilitatorPage = await facilitator.newPage();
	await signIn(facilitatorPage, await newFacilitator());
	for (const p of [page, facilitatorPage]) {
		for (const path of ADMIN_PAGES) expect((await p.goto(path))?.status(), path).toBe(403);
		const origin = new URL(p.url()).origin;
		for (const [path, form] of [
			['/admin/cursos?/publicar', { courseId: 'finanzas', published: '0' }],
			['/admin/personas/x?/rol', { role: 'admin' }],
			['/admin/personas/x?/estado', { disabled: '1' }],
			['/admin/personas/x?/contrasena', {}],
			['/admin/certificados/MA-AAAA-AAAA-AA?/revocar', { reason: 'x' }],
			['/admin/certificados/MA-AAAA-AAAA-AA?/reemitir', { name: 'x' }]
		] as const) {
			const response = await p.request.post(path, {
				form,
				headers: { origin, accept: 'text/html' },
				maxRedirects: 0
			});
			expect(response.status(), path).toBe(403);
		}
	}
	await facilitator.close();
	await page.goto('/cursos');
	await expect(
		page.getByRole('link', { name: 'Finanzas para tu hogar y tu negocio' })
	).toBeVisible();
});

test('bad admin input: unknown ids, no reason, unknown role, paging past the end', async ({
	page
}) => {
	await signInAdmin(page);
	expect((await page.goto('/admin/personas/no-existe'))?.status()).toBe(404);
	expect((await page.goto('/admin/certificados/MA-AAAA-AAAA-AA'))?.status()).toBe(404);
	expect((await page.goto('/admin/cursos/no-existe'))?.status()).toBe(404);
	expect((await page.goto('/admin/personas?pagina=999'))?.status()).toBe(404);
	expect((await page.goto('/admin/personas?pagina=abc'))?.status()).toBe(400);

	await page.goto('/admin/personas?q=demo-participante');
	await page.getByRole('link', { name: 'Ana Participante' }).click();
	await expect(page).toHaveURL(/\/admin\/personas\/[a-z0-9]+$/);
	const personUrl = page.url();
	const origin = new URL(personUrl).origin;
	const badRole = await page.request.post(`${personUrl}?/rol`, {
		form: { role: 'emperador' },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(badRole.status()).toBe(400);
	expect(await badRole.text()).toContain('Ese rol no existe');

	const code = await certificateFor('Sin Motivo');
	const noReason = await page.request.post(`/admin/certificados/${code}?/revocar`, {
		form: { reason: '  ' },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(noReason.status()).toBe(400);
	await page.goto(`/verificar/${code}`);
	await expect(page.getByText('Certificado válido')).toBeVisible();

	// The last admin cannot demote themself. Other tests make administrators of their own; this
	// one needs demo-admin to be the only active one, so it disables theirs first.
	const db = serverDatabase();
	await db
		.updateTable('users')
		.set({ disabled_at: new Date().toISOString() })
		.where('role', '=', 'admin')
		.where('username', '!=', 'demo-admin')
		.where('disabled_at', 'is', null)
		.execute();
	await db.destroy();
	await page.goto('/admin/personas?q=demo-admin');
	await page.getByRole('link', { name: 'Admin Microaula' }).click();
	await page.getByLabel('Rol').selectOption('participant');
	await page.getByRole('button', { name: 'Cambiar rol' }).click();
	await expect(page.getByRole('status')).toContainText('última cuenta de administración');
});
