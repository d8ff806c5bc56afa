import { expect, test } from '@playwright/test';
import { signUp, uniqueName } from './helpers';

test('sign-up errors are explained field by field and the form is refilled', async ({ page }) => {
	await page.goto('/registro');
	await page.getByLabel('Usuario').fill('con espacios');
	await page.getByLabel('Contraseña').fill('corta');
	await page.getByLabel('Correo electrónico').fill('sin-arroba');
	await page.getByRole('button', { name: 'Crear mi cuenta' }).click();
	await expect(page.getByText('Revisa los campos marcados.')).toBeVisible();
	await expect(page.getByText('Usa entre 3 y 32 letras')).toBeVisible();
	await expect(page.getByText('La contraseña necesita al menos 8 caracteres.')).toBeVisible();
	await expect(page.getByText('Ese correo no parece correcto')).toBeVisible();
	await expect(page.getByLabel('Usuario')).toHaveValue('con espacios');
	await expect(page.getByLabel('Correo electrónico')).toHaveValue('sin-arroba');

	await page.getByLabel('Tu nombre').fill('');
	await page.getByRole('button', { name: 'Crear mi cuenta' }).click();
	await expect(page.locator('#displayName-error')).toHaveText('Este campo es obligatorio.');
});

test('over-long fields that skip the browser limits are refused by the server', async ({
	page
}) => {
	await page.goto('/registro');
	const response = await page.request.post('/registro', {
		form: { displayName: 'x'.repeat(81), username: 'y'.repeat(40), password: 'clave-segura-1' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(400);
	const html = await response.text();
	expect(html).toContain('Es demasiado largo.');
	expect(html).toContain('value="' + 'x'.repeat(81) + '"');
});

test('a taken username is refused with the form refilled', async ({ page }) => {
	await page.goto('/registro');
	await page.getByLabel('Tu nombre').fill('Otra Ana');
	await page.getByLabel('Usuario').fill('demo-participante');
	await page.getByLabel('Contraseña').fill('clave-segura-1');
	await page.getByRole('button', { name: 'Crear mi cuenta' }).click();
	await expect(page.getByText('Ese usuario ya existe. Elige otro.')).toBeVisible();
	await expect(page.getByLabel('Tu nombre')).toHaveValue('Otra Ana');
});

test('a wrong password gets a clear message and keeps the username', async ({ page }) => {
	await page.goto('/entrar');
	await page.getByLabel('Usuario').fill('demo-participante');
	await page.getByLabel('Contraseña').fill('no-es-esta');
	await page.getByRole('button', { name: 'Entrar' }).click();
	await expect(page.getByRole('alert')).toHaveText(/El usuario o la contraseña no son correctos/);
	await expect(page.getByLabel('Usuario')).toHaveValue('demo-participante');
});

test('unknown courses and lessons get a friendly 404 in Spanish', async ({ page }) => {
	const missingCourse = await page.goto('/cursos/no-existe');
	expect(missingCourse?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'No encontramos esta página' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Ver los cursos' })).toBeVisible();

	await signUp(page);
	const missingLesson = await page.goto(`/cursos/finanzas/${uniqueName('no-existe')}`);
	expect(missingLesson?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'No encontramos esta página' })).toBeVisible();
});
