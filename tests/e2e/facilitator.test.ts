import { expect, test } from '@playwright/test';
import {
	createClass,
	expectNoHorizontalScroll,
	newFacilitator,
	realCourse,
	signIn,
	signOut,
	signUp
} from './helpers';

test('run a class: create it, people join with the code, accounts, attendance, progress, CSV', async ({
	page
}) => {
	test.setTimeout(120_000);
	const course = await realCourse('finanzas');
	const facilitator = await newFacilitator();
	await signIn(page, facilitator);
	const classUrl = await createClass(page, 'Grupo Prueba Martes', course.title);
	await expectNoHorizontalScroll(page);
	const code = (await page.getByLabel('Código de la clase').innerText()).trim();
	expect(code).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
	await expect(
		page.getByRole('img', { name: 'Código QR con el enlace para unirse a la clase' })
	).toBeVisible();
	await signOut(page);

	// A participant joins with the code.
	await signUp(page, 'Luis Joiner');
	await page.goto('/unirse');
	await page.getByLabel('Código de la clase').fill(code.toLowerCase().replace('-', ' '));
	await page.getByRole('button', { name: 'Unirme' }).click();
	await expect(page.getByText('¡Listo! Ya estás en la clase «Grupo Prueba Martes».')).toBeVisible();
	await page.getByRole('link', { name: `Ir al curso: ${course.title}` }).click();
	await expect(page.getByRole('link', { name: 'Continuar' })).toBeVisible();
	await signOut(page);

	// Back as the facilitator: five accounts for people without e-mail.
	await signIn(page, facilitator);
	await page.goto(classUrl + '/cuentas');
	await page
		.getByLabel('Nombres')
		.fill('María José Peña\nMaría José Peña\nÑusta Ávila\nCarlos Ruiz\nAna Lucía Torres');
	await page.getByRole('button', { name: 'Crear las cuentas' }).click();
	await expect(page.getByText('Se crearon 5 cuentas y ya están en la clase.')).toBeVisible();
	const cards = page.locator('.login-card');
	await expect(cards).toHaveCount(5);
	const usernames = await page.locator('.login-card dd.mono:nth-of-type(2)').allInnerTexts();
	expect(usernames[0]).toMatch(/^maria\.jose\.pena\d*$/);
	expect(usernames[1]).toMatch(/^maria\.jose\.pena\d+$/);
	expect(usernames[1]).not.toBe(usernames[0]);
	expect(usernames[2]).toMatch(/^nusta\.avila\d*$/);
	const nustaPassword = (await cards.nth(2).locator('dd.mono').nth(1).innerText()).trim();

	// Attendance at a session.
	await page.goto(classUrl + '/sesiones');
	await page.getByLabel('Fecha').fill(new Date().toISOString().slice(0, 10));
	await page.getByLabel('Hora').fill('18:00');
	await page.getByLabel('Tema').fill('Presupuesto familiar');
	await page.getByRole('button', { name: 'Guardar la sesión' }).click();
	await page.getByLabel('Luis Joiner').check();
	await page.getByLabel('Ñusta Ávila').check();
	await expect(page.getByRole('checkbox')).toHaveCount(6);
	await page.getByRole('button', { name: 'Guardar asistencia' }).click();
	await expect(page.getByText('Asistencia guardada.')).toBeVisible();
	await expect(page.getByLabel('Ñusta Ávila')).toBeChecked();

	// A lesson done in class.
	await page.goto(classUrl);
	await page.getByRole('link', { name: 'Ñusta Ávila' }).click();
	await page.getByRole('button', { name: `La hizo en clase: ${course.lessons[0].title}` }).click();
	await expect(
		page.getByText(`Registrado: «${course.lessons[0].title}» cuenta como hecha en clase.`)
	).toBeVisible();

	// The table shows it.
	await page.goto(classUrl);
	const row = page.getByRole('row', { name: /Ñusta Ávila/ });
	await expect(row).toContainText(`1/${course.modules[0].lessons.length}`);
	await expect(row).toContainText('100 %');
	await page.goto(classUrl + '?filtro=bajo-avance&orden=avance');
	await expect(page.getByRole('row', { name: /Carlos Ruiz/ })).toBeVisible();

	// The CSV has one row per participant, with accents intact.
	const csv = await page.request.get(classUrl + '/registro.csv');
	expect(csv.headers()['content-type']).toContain('text/csv');
	const text = (await csv.text()).replace(/^\uFEFF/, '');
	const lines = text.trim().split(/\r\n/);
	expect(lines).toHaveLength(1 + 6);
	expect(lines[0]).toContain('nombre,usuario,avance_%');
	expect(lines.find((l) => l.startsWith('Ñusta Ávila'))).toContain(',1/1,100,');

	// Someone with a generated account signs in and is asked for their own password.
	await signOut(page);
	await signIn(page, usernames[2], nustaPassword);
	await expect(page).toHaveURL(/\/cuenta\/contrasena/);
});

test('facilitators only see their own classes; participants see none', async ({
	page,
	browser
}) => {
	const course = await realCourse('trabajo-seguro');
	const owner = await newFacilitator();
	await signIn(page, owner);
	const classUrl = await createClass(page, 'Clase privada', course.title);
	const sessionsUrl = classUrl + '/sesiones';

	const other = await browser.newContext();
	const otherPage = await other.newPage();
	await signIn(otherPage, await newFacilitator());
	await expect(otherPage.getByRole('heading', { name: /Hola/ })).toBeVisible();
	expect((await otherPage.goto(classUrl))?.status()).toBe(403);
	expect((await otherPage.goto(classUrl + '/registro.csv'))?.status()).toBe(403);
	await otherPage.goto('/facilitar');
	await expect(otherPage.getByText('Clase privada')).toHaveCount(0);
	const origin = new URL(classUrl).origin;
	const post = await otherPage.request.post(`${sessionsUrl}?/crear`, {
		form: { date: '2026-12-01', topic: 'Intruso' },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(post.status()).toBe(403);
	await other.close();

	const participant = await browser.newContext();
	const participantPage = await participant.newPage();
	await signUp(participantPage);
	expect((await participantPage.goto('/facilitar'))?.status()).toBe(403);
	expect((await participantPage.goto(classUrl))?.status()).toBe(403);
	await participant.close();

	await page.goto(sessionsUrl);
	await expect(page.getByText('Intruso')).toHaveCount(0);
});

test('bad input in class tools gets clear messages and changes nothing', async ({ page }) => {
	const course = await realCourse('crea-tu-negocio');
	await signIn(page, await newFacilitator());
	const classUrl = await createClass(page, 'Clase con errores', course.title);

	await page.goto(classUrl + '/cuentas');
	await page.getByRole('button', { name: 'Crear las cuentas' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'La lista está vacía. Escribe al menos un nombre.'
	);

	const many = Array.from({ length: 201 }, (_, i) => `Persona ${i}`).join('\n');
	await page.getByLabel('Nombres').fill(many);
	await page.getByRole('button', { name: 'Crear las cuentas' }).click();
	await expect(page.getByRole('alert')).toContainText('tiene 201 nombres; el máximo es 200');
	await expect(page.getByLabel('Nombres')).toHaveValue(many);

	await page.getByLabel('O un archivo CSV').setInputFiles({
		name: 'lista.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('apellido,edad\nPérez,30\n')
	});
	await page.getByLabel('Nombres').fill('');
	await page.getByRole('button', { name: 'Crear las cuentas' }).click();
	await expect(page.getByRole('alert')).toContainText('no tiene una columna «nombre»');

	await page.goto(classUrl);
	await expect(page.getByText('Todavía no hay participantes en esta clase.')).toBeVisible();

	await page.goto('/unirse?codigo=ZZZ-ZZZ');
	await page.getByRole('button', { name: 'Unirme' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'No encontramos ninguna clase con ese código'
	);

	// Attendance for someone who is not in the class.
	await page.goto(classUrl + '/sesiones');
	await page.getByLabel('Fecha').fill('2026-12-01');
	await page.getByLabel('Tema').fill('Inicio');
	await page.getByRole('button', { name: 'Guardar la sesión' }).click();
	await expect(page.getByRole('heading', { name: /Asistencia/ })).toBeVisible();
	const response = await page.request.post(page.url() + '?/guardar', {
		form: { present: 'alguien-de-afuera' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(400);
	expect(await response.text()).toContain('Alguien de la lista no está en esta clase');
});

test('a module prints as a handout', async ({ page }) => {
	const course = await realCourse('trabajo-seguro');
	await signIn(page, 'demo-facilitadora', 'microaula-demo');
	await page.goto(`/facilitar/material/${course.id}/${course.modules[0].id}`);
	for (const lesson of course.modules[0].lessons) {
		await expect(page.getByRole('heading', { level: 2, name: lesson.title })).toBeVisible();
	}
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Menú principal' })).toBeHidden();
});

test('the demo class is alive right after start', async ({ page }) => {
	await signIn(page, 'demo-facilitadora', 'microaula-demo');
	await page.goto('/facilitar');
	await page.getByRole('link', { name: 'Grupo demo — Casa comunal' }).click();
	await expect(page.getByRole('row', { name: /Yusmary Rodríguez/ })).toBeVisible();
	await expect(page.getByRole('row', { name: /María José Quishpe/ })).toContainText(
		'sin actividad'
	);
	await expect(page.getByRole('row', { name: /Jhon Alcívar/ })).toContainText('0 %');
});
