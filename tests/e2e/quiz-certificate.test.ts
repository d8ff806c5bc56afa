import { expect, test, type Page } from '@playwright/test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readFile } from 'node:fs/promises';
import { revokeCertificate } from '../../src/lib/server/certificates/certificates';
import { answerQuiz, realCourse, serverDatabase, signUp } from './helpers';

async function readModule(page: Page, courseId: string, lessons: { id: string }[]) {
	for (const lesson of lessons) {
		await page.goto(`/cursos/${courseId}/${lesson.id}`);
		await page.getByRole('button', { name: 'Terminé esta lección: seguir' }).click();
	}
}

test('fail a quiz, read the feedback, retry and pass', async ({ page }) => {
	const course = await realCourse('crea-tu-negocio');
	const mod = course.modules[1];
	await signUp(page);
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();

	await page.goto(`/cursos/${course.id}/evaluacion/${mod.id}`);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(mod.quiz!.title);
	// Reloading shows the same attempt: same questions in the same order.
	const legends = await page.locator('legend').allInnerTexts();
	await page.reload();
	expect(await page.locator('legend').allInnerTexts()).toEqual(legends);

	await answerQuiz(page, course, mod.id, false);
	await expect(page).toHaveURL(/\/intento\//);
	await expect(page.getByText('0 %', { exact: true })).toBeVisible();
	await expect(page.getByText(/Todavía no apruebas/)).toBeVisible();
	const firstExplanation = mod.quiz!.questions.find((q) =>
		legends.some((l) => l.includes(q.text))
	)!.explanation;
	await expect(page.getByText(firstExplanation.split('\n')[0].slice(0, 60))).toBeVisible();
	await expect(page.getByText('✗ Incorrecta').first()).toBeVisible();

	await page.getByRole('link', { name: 'Intentar otra vez' }).click();
	await answerQuiz(page, course, mod.id, true);
	await expect(page.getByText('100 %', { exact: true })).toBeVisible();
	await expect(page.getByText('¡Aprobaste!')).toBeVisible();

	await page.goto(`/cursos/${course.id}`);
	await expect(
		page.getByRole('link', { name: new RegExp(`Evaluación: ${mod.quiz!.title}`) })
	).toContainText('Tu mejor nota: 100 %');
});

test('finish a course, confirm the name, download the PDF and verify it', async ({ page }) => {
	test.setTimeout(180_000);
	const course = await realCourse('trabajo-seguro');
	await signUp(page, 'nick');
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	for (const mod of course.modules) {
		await readModule(page, course.id, mod.lessons);
		await page.goto(`/cursos/${course.id}/evaluacion/${mod.id}`);
		await answerQuiz(page, course, mod.id, true);
		await expect(page.getByText('¡Aprobaste!')).toBeVisible();
	}
	await page.getByRole('link', { name: 'Obtener mi certificado' }).click();
	await expect(page.getByRole('heading', { name: '¡Terminaste el curso!' })).toBeVisible();
	const nameField = page.getByLabel('Nombre en el certificado');
	await expect(nameField).toHaveValue('nick');
	const name = 'María José Añez Suárez';
	await nameField.fill(name);
	await page.getByRole('button', { name: 'Emitir mi certificado' }).click();

	await expect(page.locator('.certificate')).toContainText(name);
	const code = (await page.locator('.certificate .code strong').innerText()).trim();
	expect(code).toMatch(/^MA-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
	await expect(
		page
			.getByRole('link', { name: /Compartir por WhatsApp|Compartir/ })
			.or(page.getByRole('button', { name: 'Compartir' }))
	).toBeVisible();

	const href = await page.getByRole('link', { name: 'Descargar PDF' }).getAttribute('href');
	const response = await page.request.get(href!);
	expect(response.headers()['content-type']).toBe('application/pdf');
	const pdf = new Uint8Array(await response.body());
	expect(pdf.byteLength).toBeLessThan(100 * 1024);
	const doc = await getDocument({ data: pdf }).promise;
	const text = (await (await doc.getPage(1)).getTextContent()).items
		.map((i) => ('str' in i ? i.str : ''))
		.join('\n');
	expect(text).toContain(name);
	expect(text).toContain(code);
	expect(text).toContain(course.title);
	const verifyUrl = text
		.split('\n')
		.find((line) => line.includes('/verificar/'))!
		.trim();
	expect(verifyUrl).toContain(code);

	await page.goto(verifyUrl);
	await expect(page.getByText('Certificado válido')).toBeVisible();
	await expect(page.getByText(name)).toBeVisible();
	await expect(page.getByText(course.title)).toBeVisible();

	// An administrator revokes it: the same public page now says so.
	const db = serverDatabase();
	expect(
		await revokeCertificate(db, { code, reason: 'Prueba de revocación', actorId: null })
	).toEqual({ ok: true });
	await db.destroy();
	await page.reload();
	await expect(page.getByText('Certificado revocado')).toBeVisible();
	await expect(page.getByText('Certificado válido')).toHaveCount(0);

	// Its owner cannot simply issue another: the page says it was revoked, and a forced post fails.
	await page.goto(`/cursos/${course.id}/certificado`);
	await expect(page.getByRole('status')).toContainText('Tu certificado de este curso fue anulado');
	await expect(page.getByRole('button', { name: 'Emitir mi certificado' })).toHaveCount(0);
	const forced = await page.request.post(`/cursos/${course.id}/certificado?/emitir`, {
		form: { name: 'Otro Nombre' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(forced.status()).toBe(409);
	const check = serverDatabase();
	const valid = await check
		.selectFrom('certificates')
		.select('code')
		.where('code', '!=', code)
		.where('name_printed', '=', 'Otro Nombre')
		.execute();
	await check.destroy();
	expect(valid).toEqual([]);
});

test('the verification form accepts a typed code and explains unknown ones', async ({ page }) => {
	await page.goto('/verificar');
	await page.getByLabel('Código').fill('ma 2222 3333 44');
	await page.getByRole('button', { name: 'Verificar' }).click();
	await expect(page).toHaveURL('/verificar/MA-2222-3333-44');
	await expect(page.getByRole('status')).toContainText('Código desconocido');

	await page.goto('/verificar');
	await page.getByLabel('Código').fill('hola');
	await page.getByRole('button', { name: 'Verificar' }).click();
	await expect(page.getByRole('alert')).toContainText('no tiene el formato correcto');
	await expect(page.getByLabel('Código')).toHaveValue('hola');

	const unknown = await page.request.get('/verificar/MA-2222-3333-44');
	expect(unknown.status()).toBe(404);
});

test('quiz answers never reach the browser before submission', async ({ page }) => {
	const course = await realCourse('finanzas');
	const mod = course.modules[0];
	await signUp(page);
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	await page.goto(`/cursos/${course.id}/evaluacion/${mod.id}`);
	const html = await page.content();
	for (const q of mod.quiz!.questions) {
		expect(html).not.toContain(q.explanation.slice(0, 40));
	}
	expect(html).not.toMatch(/"correct"|"answer"|"tolerance"/);
	// Nor in any built client file.
	const { readdir } = await import('node:fs/promises');
	const dir = 'build/client/_app/immutable';
	const files = (await readdir(dir, { recursive: true })).filter((f) => String(f).endsWith('.js'));
	const explanation = mod.quiz!.questions[0].explanation.slice(0, 40);
	for (const f of files) {
		expect(await readFile(`${dir}/${f}`, 'utf8')).not.toContain(explanation);
	}
});

test('tampered, repeated or foreign quiz submissions change nothing', async ({ page }) => {
	const course = await realCourse('finanzas');
	const mod = course.modules[1];
	const quizUrl = `/cursos/${course.id}/evaluacion/${mod.id}`;

	// Not enrolled: the quiz is refused.
	await signUp(page);
	const notEnrolled = await page.goto(quizUrl);
	expect(notEnrolled?.status()).toBe(403);

	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	await page.goto(quizUrl);
	const attempt = await page.locator('input[name="attempt"]').inputValue();
	const origin = new URL(page.url()).origin;
	const post = (form: Record<string, string>) =>
		page.request.post(`${quizUrl}?/enviar`, {
			form,
			headers: { origin, accept: 'text/html' },
			maxRedirects: 0
		});

	const choiceField = await page
		.locator('input[type="radio"], input[type="checkbox"]')
		.first()
		.getAttribute('name');
	const bogusOption = await post({ attempt, [choiceField!]: 'o-no-existe' });
	expect(bogusOption.status()).toBe(400);
	expect(await bogusOption.text()).toContain('Alguna respuesta no corresponde');
	const foreignQuestion = await post({ attempt, 'q-q-00000000': 'x' });
	expect(foreignQuestion.status()).toBe(400);
	const bogusAttempt = await post({ attempt: 'not-an-attempt' });
	expect(bogusAttempt.status()).toBe(400);
	expect(await bogusAttempt.text()).toContain('No encontramos este intento');

	await answerQuiz(page, course, mod.id, true);
	await expect(page.getByText('¡Aprobaste!')).toBeVisible();
	const again = await post({ attempt });
	expect(again.status()).toBe(409);
	await page.goto(page.url());
	await expect(page.getByText('100 %', { exact: true })).toBeVisible();
});
