import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { findUserByUsername } from '../../src/lib/server/auth/users';
import { issueCertificate } from '../../src/lib/server/certificates/certificates';
import type { Course } from '../../src/lib/server/content/format/types';
import { markLessonDone } from '../../src/lib/server/learning/progress';
import { startOrResumeAttempt, submitAttempt } from '../../src/lib/server/quizzes/attempts';
import {
	answerQuiz,
	expectNoHorizontalScroll,
	realCourse,
	serverDatabase,
	signIn,
	signUp,
	skipCourseQuestions
} from './helpers';

// WCAG 2.1 AA: axe-core finds no violations on any kind of page, with and without JavaScript;
// pages work from the keyboard with a visible focus, and stay readable with text at 200 %.

async function expectNoAxeViolations(page: Page) {
	const { violations } = await new AxeBuilder({ page }).analyze();
	const summary = violations.map(
		(v) =>
			`${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`
	);
	expect(summary, `axe on ${page.url()}`).toEqual([]);
}

/** Finishes a course through the domain functions and issues its certificate; returns the code. */
async function earnCertificate(username: string, course: Course): Promise<string> {
	const db = serverDatabase();
	try {
		const user = (await findUserByUsername(db, username))!;
		for (const lesson of course.lessons) {
			await markLessonDone(db, { userId: user.id, courseId: course.id, lessonId: lesson.id });
		}
		for (const mod of course.modules) {
			const quiz = mod.quiz!;
			const attempt = await startOrResumeAttempt(db, user.id, quiz, course.version);
			const answers = Object.fromEntries(
				quiz.questions.map((q) => [
					q.id,
					q.type === 'truefalse' || q.type === 'number'
						? String(q.answer)
						: q.type === 'single'
							? q.options.find((o) => o.correct)!.id
							: q.options.filter((o) => o.correct).map((o) => o.id)
				])
			);
			await submitAttempt(db, { attemptId: attempt.id, userId: user.id, quiz, answers });
		}
		const issued = await issueCertificate(db, { userId: user.id, course, nameToPrint: 'Ana Añez' });
		if (!issued.ok) throw new Error('certificate not issued');
		return issued.certificate.code;
	} finally {
		await db.destroy();
	}
}

test('every kind of page passes axe-core', async ({ page, javaScriptEnabled }) => {
	// axe runs as a script in the page; the pages without JavaScript are the same server HTML.
	test.skip(!javaScriptEnabled, 'axe-core needs JavaScript in the page');
	test.setTimeout(120_000);
	const course = await realCourse('crea-tu-negocio');
	const done = await realCourse('trabajo-seguro');
	const withImage = course.lessons.find((l) => l.id === 'punto-de-equilibrio')!;

	for (const path of [
		'/',
		'/cursos',
		`/cursos/${course.id}`,
		'/entrar',
		'/registro',
		'/verificar',
		'/verificar/MA-2222-3333-44',
		'/no-existe',
		'/sin-conexion'
	]) {
		await page.goto(path);
		await expectNoAxeViolations(page);
	}

	const username = await signUp(page);
	const code = await earnCertificate(username, done);
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	await skipCourseQuestions(page);
	await expect(
		page.getByRole('heading', { level: 1, name: course.lessons[0].title })
	).toBeVisible();
	await expectNoAxeViolations(page);
	for (const path of [
		'/',
		'/mis-cursos',
		`/cursos/${course.id}`,
		`/cursos/${course.id}/${withImage.id}`,
		// Lessons with tables: a wide one, and one with an empty corner cell.
		`/cursos/${course.id}/el-cuaderno-de-caja`,
		`/cursos/${course.id}/pon-a-prueba-tu-idea`,
		`/cursos/${course.id}/certificado`,
		`/cursos/${done.id}/certificado`,
		`/verificar/${code}`,
		// The account deletion page, with a certificate to keep or revoke.
		'/cuenta/borrar'
	]) {
		await page.goto(path);
		await expectNoAxeViolations(page);
	}

	// The lesson with the data saver on: its figure waits behind a tap.
	await page.goto(`/cursos/${course.id}/${withImage.id}`);
	await page.getByRole('button', { name: 'Ocultar imágenes (ahorra datos)' }).click();
	await expect(page.getByText(/Ver imagen \(\d+ KB\)/)).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Mostrar imágenes' }).click();

	// A quiz, and the feedback after it.
	const mod = course.modules[0];
	await page.goto(`/cursos/${course.id}/evaluacion/${mod.id}`);
	await expectNoAxeViolations(page);
	await answerQuiz(page, course, mod.id, false);
	await expect(page).toHaveURL(/\/intento\//);
	await expectNoAxeViolations(page);
});

test('a lesson can be read and finished from the keyboard, with the focus always visible', async ({
	page
}) => {
	const course = await realCourse('finanzas');
	const [first, second] = course.lessons;
	await signUp(page);
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	await page.goto(`/cursos/${course.id}/${first.id}`);

	// The first Tab reaches the skip link, which leads to the content.
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Ir al contenido' });
	await expect(skip).toBeFocused();
	await expect(skip).toBeInViewport();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/#main$/);

	const done = page.getByRole('button', { name: 'Terminé esta lección: seguir' });
	for (let i = 0; i < 60 && !(await done.evaluate((el) => el === document.activeElement)); i++) {
		await page.keyboard.press('Tab');
		const outline = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement;
			const style = getComputedStyle(el);
			return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), tag: el.tagName };
		});
		expect(outline.style, `focus outline on ${outline.tag}`).not.toBe('none');
		expect(outline.width).toBeGreaterThanOrEqual(2);
	}
	await expect(done).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: second.title })).toBeVisible();
});

test('text at 200 % stays readable without sideways scrolling', async ({ page }) => {
	const course = await realCourse('crea-tu-negocio');
	// Android's font size setting and the browser's text zoom enlarge the root font size.
	const zoomText = async (path: string) => {
		await page.goto(path);
		await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
		await expect(page.locator('html')).toHaveCSS('font-size', '32px');
	};
	for (const path of [
		'/',
		'/cursos',
		`/cursos/${course.id}`,
		'/entrar',
		'/registro',
		'/verificar'
	]) {
		await zoomText(path);
		await expectNoHorizontalScroll(page);
	}
	await signUp(page);
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	for (const path of [
		`/cursos/${course.id}`,
		`/cursos/${course.id}/punto-de-equilibrio`,
		`/cursos/${course.id}/el-cuaderno-de-caja`,
		`/cursos/${course.id}/evaluacion/${course.modules[0].id}`,
		'/mis-cursos'
	]) {
		await zoomText(path);
		await expectNoHorizontalScroll(page);
	}
});

test('facilitator, administrator and account pages pass axe-core', async ({
	page,
	javaScriptEnabled
}) => {
	test.skip(!javaScriptEnabled, 'axe-core needs JavaScript in the page');
	test.setTimeout(120_000);
	const hrefOf = async (selector: string) =>
		(await page.locator(selector).first().getAttribute('href'))!;

	await signIn(page, 'demo-facilitadora', 'microaula-demo');
	await page.goto('/facilitar');
	await expectNoAxeViolations(page);
	const classPage = await hrefOf('a[href^="/facilitar/clases/"]');
	await page.goto(classPage);
	await expectNoAxeViolations(page);
	const participant = await hrefOf(`a[href^="${classPage}/participantes/"]`);
	for (const path of [
		`${classPage}/codigo`,
		`${classPage}/cuentas`,
		`${classPage}/resumen`,
		`${classPage}/sesiones`,
		participant,
		'/cuenta',
		'/cuenta/contrasena',
		'/unirse'
	]) {
		await page.goto(path);
		await expectNoAxeViolations(page);
	}
	await page.goto(`${classPage}/sesiones`);
	const session = await page.locator(`a[href^="${classPage}/sesiones/"]`).first();
	if (await session.count()) {
		await page.goto((await session.getAttribute('href'))!);
		await expectNoAxeViolations(page);
	}
	const course = await realCourse('crea-tu-negocio');
	await page.goto(`/facilitar/material/${course.id}/${course.modules[0].id}`);
	await expectNoAxeViolations(page);

	await page.getByRole('button', { name: 'Salir' }).click();
	await signIn(page, 'demo-admin', 'microaula-demo');
	for (const path of [
		'/admin',
		'/admin/auditoria',
		'/admin/certificados',
		'/admin/cursos',
		`/admin/cursos/${course.id}`,
		'/admin/personas'
	]) {
		await page.goto(path);
		await expectNoAxeViolations(page);
	}
	await page.goto(await hrefOf('a[href^="/admin/personas/"]'));
	await expectNoAxeViolations(page);
});
