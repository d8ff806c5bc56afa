import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { parseFacilitatorNotes } from '../../src/lib/server/content/format/facilitator-notes';
import { formatExpectedNumber } from '../../src/lib/server/content/format/numbers';
import { correctNeeded } from '../../src/lib/server/content/format/pass-mark';
import type { NumberQuestion } from '../../src/lib/server/content/format/types';
import { answerQuiz, realCourse, signIn, signUp } from './helpers';

// The demo class runs crea-tu-negocio; its first module has facilitator notes.
const COURSE = 'crea-tu-negocio';

async function demoNotes() {
	const course = await realCourse(COURSE);
	const mod = course.modules[0];
	const file = `${mod.quiz!.file.replace(/quiz\.md$/, '')}facilitador.md`;
	const { notes } = parseFacilitatorNotes(file, await readFile(file, 'utf8'), {
		courseId: course.id,
		moduleId: mod.id
	});
	if (!notes) throw new Error(`${file} does not parse`);
	// A line of the notes' own text (not a heading), to look for on pages.
	const phrase = notes.body
		.split('\n')
		.map((l) => l.replace(/^\s*(?:\d+\.|-)\s+|\*\*/g, '').trim())
		.find((l) => l.length > 30 && !l.startsWith('#'))!
		.slice(0, 30);
	return { course, mod, notes, phrase };
}

test('the facilitator handout shows the module notes', async ({ page }) => {
	const { course, mod, notes, phrase } = await demoNotes();
	await signIn(page, 'demo-facilitadora', 'microaula-demo');
	await page.goto(`/facilitar/material/${course.id}/${mod.id}`);
	const section = page.getByRole('region', { name: 'Notas para facilitar la sesión' });
	await expect(section).toBeVisible();
	await expect(section).toContainText(notes.title);
	await expect(section).toContainText(`sesión de ${notes.minutes} minutos`);
	for (const heading of [
		'Plan de la sesión',
		'Actividad',
		'Preguntas para conversar',
		'Qué llevar'
	]) {
		await expect(section.getByRole('heading', { level: 3, name: heading })).toBeVisible();
	}
	await expect(section).toContainText(phrase);
});

test('participants never get the facilitator notes: not the handout, not a course page, not the download', async ({
	page
}) => {
	const { course, mod, phrase } = await demoNotes();
	await signUp(page);
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();

	const handout = await page.request.get(`/facilitar/material/${course.id}/${mod.id}`, {
		maxRedirects: 0
	});
	expect([302, 303, 403, 404]).toContain(handout.status());
	expect(await handout.text()).not.toContain(phrase);

	// Everything a phone stores for offline use, fetched as this participant.
	const list = await page.request.get(`/cursos/${course.id}/descargar`);
	expect(list.status()).toBe(200);
	const { items } = (await list.json()) as { items: { url: string }[] };
	expect(items.length).toBeGreaterThan(mod.lessons.length);
	expect(items.filter((i) => /facilita/.test(i.url))).toEqual([]);
	for (const { url } of items.filter((i) => !i.url.startsWith('/media/'))) {
		const body = await (await page.request.get(url)).text();
		expect(body, url).not.toContain(phrase);
		expect(body, url).not.toContain('Plan de la sesión');
	}
});

test('the pass mark is a count, and numeric answers come back the Spanish way', async ({
	page
}) => {
	test.setTimeout(180_000);
	const course = await realCourse(COURSE);
	// The module whose bank has the most numeric questions, so that an attempt draws some.
	const mod = [...course.modules].sort(
		(a, b) =>
			b.quiz!.questions.filter((q) => q.type === 'number').length -
			a.quiz!.questions.filter((q) => q.type === 'number').length
	)[0];
	const quiz = mod.quiz!;
	const needed = correctNeeded(quiz.draw, quiz.passScore);
	await signUp(page);
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	await expect(page.getByRole('button', { name: 'Empezar este curso' })).toBeHidden();
	await page.goto(`/cursos/${course.id}`);
	await expect(
		page.getByRole('link', {
			name: new RegExp(`Evaluación: ${quiz.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
		})
	).toContainText(`apruebas con ${needed} correctas`);

	for (let attempt = 0; attempt < 10; attempt++) {
		await page.goto(`/cursos/${course.id}/evaluacion/${mod.id}`);
		await expect(
			page.getByText(`Necesitas ${needed} de ${quiz.draw} respuestas correctas para aprobar`)
		).toBeVisible();
		const legends = (await page.locator('legend').allInnerTexts()).map((l) =>
			l.replace(/^Pregunta \d+:\s*/, '').trim()
		);
		const numeric = quiz.questions.filter(
			(q): q is NumberQuestion => q.type === 'number' && legends.includes(q.text)
		);
		await answerQuiz(page, course, mod.id, false);
		await expect(
			page.getByText(`necesitas ${needed} de ${quiz.draw} respuestas correctas`)
		).toBeVisible();
		if (numeric.length === 0) continue;
		for (const q of numeric) {
			const item = page.locator('ol.review > li').filter({ hasText: q.text });
			const expected = formatExpectedNumber(q.answer, q.tolerance);
			await expect(item).toContainText(`Respuesta correcta: ${expected}`);
			await expect(item).not.toContainText('±');
			expect(expected).not.toMatch(/\d\.\d{1,2}(?!\d)/); // no decimal point
		}
		return;
	}
	throw new Error('no numeric question drawn in 10 attempts');
});
