import { expect, test } from '@playwright/test';
import {
	expectNoHorizontalScroll,
	realCourse,
	signIn,
	signOut,
	signUp,
	skipCourseQuestions
} from './helpers';

test('sign up, enrol, read, mark done, come back and continue where I left off', async ({
	page
}) => {
	const course = await realCourse('finanzas');
	const username = await signUp(page, 'Yusmary Pérez');

	await page.getByRole('link', { name: course.title }).first().click();
	await expect(page.getByRole('heading', { level: 1, name: course.title })).toBeVisible();
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	await skipCourseQuestions(page);

	const [first, second, third] = course.lessons;
	await expect(page).toHaveURL(`/cursos/${course.id}/${first.id}`);
	await expect(page.getByRole('heading', { level: 1, name: first.title })).toBeVisible();
	await expect(page.locator('.box-ejemplo').first()).toBeVisible();
	await page.getByRole('button', { name: 'Terminé esta lección: seguir' }).click();

	await expect(page).toHaveURL(`/cursos/${course.id}/${second.id}`);
	await page.getByRole('button', { name: 'Terminé esta lección: seguir' }).click();
	// After the first module's last lesson its quiz comes next; a longer module goes on to lesson 3.
	await expect(page).toHaveURL(
		course.modules[0].lessons.length === 2
			? `/cursos/${course.id}/evaluacion/${first.moduleId}`
			: `/cursos/${course.id}/${third.id}`
	);

	await signOut(page);
	await signIn(page, username);
	await expect(page.getByRole('heading', { name: 'Hola, Yusmary Pérez' })).toBeVisible();
	const percent = Math.floor((100 * 2) / (course.lessons.length + course.modules.length));
	await expect(page.getByText(`${percent} %`).first()).toBeVisible();
	await page.getByRole('link', { name: 'Continuar' }).first().click();
	await expect(page).toHaveURL(`/cursos/${course.id}/${third.id}`);

	await page.goto('/mis-cursos');
	await expect(page.getByRole('link', { name: course.title })).toBeVisible();

	await page.goto(`/cursos/${course.id}`);
	const done = page.getByRole('link', { name: new RegExp(first.title) });
	await expect(done).toContainText('✓');
});

test('previous and next links move between lessons across modules', async ({ page }) => {
	const course = await realCourse('trabajo-seguro');
	await signUp(page);
	const lastOfFirst = course.modules[0].lessons.at(-1)!;
	const firstOfSecond = course.modules[1].lessons[0];
	await page.goto(`/cursos/${course.id}/${lastOfFirst.id}`);
	await page.getByRole('link', { name: new RegExp(`Siguiente.*${firstOfSecond.title}`) }).click();
	await expect(page.getByRole('heading', { level: 1, name: firstOfSecond.title })).toBeVisible();
	await page.getByRole('link', { name: new RegExp(`Anterior.*${lastOfFirst.title}`) }).click();
	await expect(page.getByRole('heading', { level: 1, name: lastOfFirst.title })).toBeVisible();
});

test('a signed-out person opening a lesson signs in and lands back on it', async ({ page }) => {
	const course = await realCourse('crea-tu-negocio');
	const lesson = course.lessons[3];
	await page.goto(`/cursos/${course.id}/${lesson.id}`);
	await expect(page).toHaveURL(/\/entrar\?volver=/);
	await expect(page.getByText('Para ver esta página, entra con tu cuenta.')).toBeVisible();
	await page.getByLabel('Usuario').fill('demo-participante');
	await page.getByLabel('Contraseña').fill('microaula-demo');
	await page.getByRole('button', { name: 'Entrar' }).click();
	await expect(page).toHaveURL(`/cursos/${course.id}/${lesson.id}`);
	await expect(page.getByRole('heading', { level: 1, name: lesson.title })).toBeVisible();
});

test('every main page fits a 360 px screen without sideways scrolling', async ({ page }) => {
	const course = await realCourse('crea-tu-negocio');
	for (const path of [
		'/',
		'/cursos',
		`/cursos/${course.id}`,
		'/entrar',
		'/registro',
		'/verificar'
	]) {
		await page.goto(path);
		await expectNoHorizontalScroll(page);
	}
	await signUp(page);
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	await skipCourseQuestions(page);
	for (const lesson of course.lessons.slice(0, 4)) {
		await page.goto(`/cursos/${course.id}/${lesson.id}`);
		await expect(page.getByRole('heading', { level: 1, name: lesson.title })).toBeVisible();
		await expectNoHorizontalScroll(page);
	}
	for (const path of [
		'/mis-cursos',
		'/cuenta',
		'/cuenta/contrasena',
		'/cuenta/borrar',
		'/unirse'
	]) {
		await page.goto(path);
		await expectNoHorizontalScroll(page);
	}
	await page.goto(`/cursos/${course.id}/evaluacion/${course.modules[0].id}`);
	await expect(page.locator('form fieldset legend').first()).toBeVisible();
	await expectNoHorizontalScroll(page);
});

test('switch the language to English and back', async ({ page }) => {
	await page.goto('/cursos');
	await expect(page.getByRole('heading', { level: 1, name: 'Cursos' })).toBeVisible();
	await page.getByRole('button', { name: 'English' }).click();
	await expect(page).toHaveURL(/\/cursos$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Courses' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await page.getByRole('button', { name: 'Español' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Cursos' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'es');
});

test('English is chosen from the browser languages when there is no choice yet', async ({
	browser
}) => {
	const context = await browser.newContext({
		locale: 'en-US',
		extraHTTPHeaders: { 'accept-language': 'en-US,en;q=0.9' }
	});
	const page = await context.newPage();
	await page.goto('/cursos');
	await expect(page.getByRole('heading', { level: 1, name: 'Courses' })).toBeVisible();
	await context.close();
});
