import { expect, test, type Page } from '@playwright/test';
import { findUserByUsername } from '../../src/lib/server/auth/users';
import {
	realCourse,
	serverDatabase,
	signIn,
	signOut,
	signUp,
	skipCourseQuestions
} from './helpers';

// A service worker needs JavaScript: the offline journeys run in the `con-js` project only.
const needsServiceWorker = () =>
	test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'service workers need JavaScript');

async function serviceWorkerReady(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		// The first page becomes controlled once the worker claims it.
		if (!navigator.serviceWorker.controller) {
			await new Promise((resolve) =>
				navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
			);
		}
	});
}

test.describe('with a service worker', () => {
	needsServiceWorker();

	test('download a course, read and mark two lessons offline, and the server counts them once online', async ({
		page,
		context
	}) => {
		const course = await realCourse('finanzas');
		const [first, second] = course.lessons;
		const username = await signUp(page);
		await page.goto(`/cursos/${course.id}`);
		await page.getByRole('button', { name: 'Empezar este curso' }).click();
		await skipCourseQuestions(page);
		await expect(page.getByRole('heading', { level: 1, name: first.title })).toBeVisible();
		await page.goto(`/cursos/${course.id}`);
		await serviceWorkerReady(page);

		await page.getByRole('button', { name: 'Descargar para usar sin conexión' }).click();
		await expect(page.getByText(/La descarga usa unos \d+ KB de tus datos\./)).toBeVisible();
		await page.getByRole('button', { name: 'Descargar ahora' }).click();
		await expect(page.getByText(/Descargado en este teléfono \(\d+ KB\)/)).toBeVisible();

		await context.setOffline(true);
		const markedFrom = Date.now();
		await page.goto('/cursos');
		await expect(page.getByText('Estás sin conexión.')).toBeVisible();
		await page.getByRole('link', { name: course.title }).click();
		await expect(page.getByRole('heading', { level: 1, name: course.title })).toBeVisible();
		await page.getByRole('link', { name: new RegExp(first.title) }).click();
		await expect(page.getByRole('heading', { level: 1, name: first.title })).toBeVisible();
		await page.getByRole('button', { name: 'Terminé esta lección: seguir' }).click();
		await expect(page.getByRole('heading', { level: 1, name: second.title })).toBeVisible();
		await expect(page.getByText('Lecciones terminadas: 1.', { exact: false })).toBeVisible();
		// A lesson page opened the ordinary way (a full page load) comes from the phone too.
		await page.reload();
		await expect(page.getByRole('heading', { level: 1, name: second.title })).toBeVisible();
		await page.getByRole('button', { name: 'Terminé esta lección: seguir' }).click();
		// A longer first module goes on to its third lesson, which was downloaded too.
		if (course.modules[0].lessons.length > 2) {
			await expect(
				page.getByRole('heading', { level: 1, name: course.lessons[2].title })
			).toBeVisible();
			await page.goto(`/cursos/${course.id}/evaluacion/${first.moduleId}`);
		}
		// The module's quiz was downloaded with an attempt prepared for it (offline-quizzes.test.ts
		// answers it): the page opens and says it can be answered offline.
		await expect(
			page.getByRole('heading', { level: 1, name: `Evaluación: ${course.modules[0].quiz!.title}` })
		).toBeVisible();
		await expect(page.getByText('Puedes responder aunque no tengas conexión')).toBeVisible();
		await expect(page.getByText('Lecciones terminadas: 2.', { exact: false })).toBeVisible();
		const markedUntil = Date.now();

		await context.setOffline(false);
		await expect(page.getByText('Estás sin conexión.')).toBeHidden();
		await expect(page.getByText('Guardado en este teléfono')).toBeHidden();
		// Sent in the background once the phone is online again: the course page shows them done.
		await expect(async () => {
			await page.goto(`/cursos/${course.id}`);
			for (const lesson of [first, second]) {
				await expect(page.getByRole('link', { name: new RegExp(lesson.title) })).toContainText(
					'✓',
					{
						timeout: 500
					}
				);
			}
		}).toPass();

		// Counted once each, as offline marks, at the time they were made on the phone.
		const db = serverDatabase();
		const user = await findUserByUsername(db, username);
		const rows = await db
			.selectFrom('lesson_progress')
			.select(['lesson_id', 'source', 'completed_at'])
			.where('user_id', '=', user!.id)
			.where('course_id', '=', course.id)
			.execute();
		await db.destroy();
		expect(rows.map((r) => r.lesson_id).sort()).toEqual([first.id, second.id].sort());
		for (const row of rows) {
			expect(row.source).toBe('offline-sync');
			const at = Date.parse(row.completed_at);
			expect(at).toBeGreaterThanOrEqual(markedFrom - 2000);
			expect(at).toBeLessThanOrEqual(markedUntil + 2000);
		}

		// The download can be removed to free space.
		await page.getByRole('button', { name: 'Quitar del teléfono' }).click();
		await expect(
			page.getByRole('button', { name: 'Descargar para usar sin conexión' })
		).toBeVisible();
		expect(
			await page.evaluate(async () =>
				(await caches.keys()).filter((name) => name.startsWith('microaula-curso-'))
			)
		).toEqual([]);
	});

	// Both open the same lesson on this phone. Reloaded, the second person's lesson page is a
	// revalidation of the first person's copy (and the page itself is the same for both:
	// shared.ts); not reloaded, everything after the second person signs in comes by client-side
	// navigations, whose data, not a page, says who is signed in.
	for (const reload of [true, false]) {
		test(`a phone that changes hands: a lesson the second person marks offline counts for them, not the first (${reload ? 'pages reloaded' : 'client-side navigations'})`, async ({
			page,
			context
		}) => {
			const course = await realCourse('finanzas');
			const first = course.lessons[0];
			const start = async () => {
				await page.goto(`/cursos/${course.id}`);
				await page.getByRole('button', { name: 'Empezar este curso' }).click();
				await skipCourseQuestions(page);
				await expect(page.getByRole('heading', { level: 1, name: first.title })).toBeVisible();
				if (reload) await page.reload();
			};
			const beto = await signUp(page, 'Beto Segundo');
			await serviceWorkerReady(page);
			await start();
			await signOut(page);
			const ana = await signUp(page, 'Ana Primera');
			await start();
			await signOut(page);
			await signIn(page, beto);
			await page.getByRole('link', { name: 'Continuar' }).first().click();
			await expect(page.getByRole('heading', { level: 1, name: first.title })).toBeVisible();
			if (reload) await page.reload();

			await context.setOffline(true);
			await page.getByRole('button', { name: 'Terminé esta lección: seguir' }).click();
			await expect(page.getByText('Estás sin conexión.')).toBeVisible();
			await context.setOffline(false);
			await page.goto('/mis-cursos');

			const db = serverDatabase();
			const marks = async (username: string) => {
				const user = await findUserByUsername(db, username);
				return db
					.selectFrom('lesson_progress')
					.select(['lesson_id', 'source'])
					.where('user_id', '=', user!.id)
					.execute();
			};
			try {
				await expect
					.poll(() => marks(beto))
					.toEqual([{ lesson_id: first.id, source: 'offline-sync' }]);
				expect(await marks(ana)).toEqual([]);
			} finally {
				await db.destroy();
			}
		});
	}

	test('offline, a page that needs the network says so in Spanish', async ({ page, context }) => {
		await signUp(page);
		await serviceWorkerReady(page);
		await context.setOffline(true);
		for (const path of [
			'/mis-cursos',
			'/verificar',
			'/cursos/finanzas/evaluacion/metas-y-presupuesto'
		]) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1, name: 'Sin conexión' })).toBeVisible();
			await expect(page.getByText('Esta página necesita internet')).toBeVisible();
			await expect(page.getByText('Estás sin conexión.')).toBeVisible();
		}
		// A form sent without network keeps the person on the page, with a message.
		await context.setOffline(false);
		await page.goto('/verificar');
		await page.getByLabel('Código').fill('MA-2222-3333-44');
		await context.setOffline(true);
		await page.getByRole('button', { name: 'Verificar' }).click();
		await expect(page.getByRole('alert')).toContainText('Sin conexión: no se pudo enviar.');
		await expect(page.getByLabel('Código')).toHaveValue('MA-2222-3333-44');
	});
});

test('quizzes say they can be answered offline once the course is downloaded', async ({
	page,
	javaScriptEnabled
}) => {
	const course = await realCourse('finanzas');
	await signUp(page);
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	await page.goto(`/cursos/${course.id}`);
	await expect(
		page.getByRole('link', { name: new RegExp(`Evaluación: ${course.modules[0].quiz!.title}`) })
	).toContainText('también sin conexión, si descargas el curso');
	await page.goto(`/cursos/${course.id}/evaluacion/${course.modules[0].id}`);
	if (!javaScriptEnabled) {
		await expect(
			page.getByText('Para enviar la evaluación necesitas conexión a internet.')
		).toBeVisible();
		return;
	}
	// With a service worker in charge, the quiz can be answered offline and says so instead.
	await serviceWorkerReady(page);
	await page.reload();
	await expect(page.getByText('Puedes responder aunque no tengas conexión')).toBeVisible();
});
