// Issue 16: a module's quiz answered without a connection and graded later; what the phone
// stores never says which answers are right; replayed and foreign answers change nothing; a
// facilitator takes attendance offline.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createUser, findUserByUsername } from '../../src/lib/server/auth/users';
import { addMember, removeMember } from '../../src/lib/server/classes/cohorts';
import { createClassSession } from '../../src/lib/server/classes/sessions';
import type { Course, Question, Quiz } from '../../src/lib/server/content/format/types';
import { startOrResumeAttempt } from '../../src/lib/server/quizzes/attempts';
import type { AttemptLayout } from '../../src/lib/server/quizzes/layout';
import {
	createClass,
	newFacilitator,
	realCourse,
	serverDatabase,
	signIn,
	signUp,
	uniqueName
} from './helpers';

const needsServiceWorker = () =>
	test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'service workers need JavaScript');

async function serviceWorkerReady(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise((resolve) =>
				navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
			);
		}
	});
}

/** A new participant enrolled in `course`, on its page, with the service worker in charge. */
async function enrolWithServiceWorker(page: Page, course: Course): Promise<string> {
	const username = await signUp(page);
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	await page.goto(`/cursos/${course.id}`);
	await serviceWorkerReady(page);
	return username;
}

/** Answers every question on the quiz page rightly, except the first one. */
async function answerWithOneWrong(page: Page, quiz: Quiz) {
	const byText = new Map<string, Question>(quiz.questions.map((q) => [q.text, q]));
	const fieldsets = page.locator('form fieldset');
	const count = await fieldsets.count();
	expect(count).toBe(quiz.draw);
	for (let i = 0; i < count; i++) {
		const fieldset = fieldsets.nth(i);
		const legend = (await fieldset.locator('legend').innerText())
			.replace(/^Pregunta \d+:\s*/, '')
			.trim();
		const q = byText.get(legend)!;
		const right = i > 0;
		if (q.type === 'single' || q.type === 'multiple') {
			const wanted = q.options.filter((o) => o.correct === right);
			for (const o of q.type === 'single' ? wanted.slice(0, 1) : wanted) {
				await fieldset.getByLabel(o.text, { exact: true }).check();
			}
		} else if (q.type === 'truefalse') {
			await fieldset
				.getByLabel(q.answer === right ? 'Verdadero' : 'Falso', { exact: true })
				.check();
		} else if (q.type === 'number') {
			await fieldset
				.getByRole('textbox')
				.fill(right ? String(q.answer).replace('.', ',') : String(q.answer * 3 + 7));
		}
	}
	return fieldsets.first().locator('legend').innerText();
}

/** Every response in Cache Storage and every record in IndexedDB, as text. */
function everythingStored(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const out: string[] = [];
		for (const name of await caches.keys()) {
			const cache = await caches.open(name);
			for (const request of await cache.keys()) {
				const response = await cache.match(request);
				if (response) out.push(`${request.url}\n${await response.text()}`);
			}
		}
		for (const info of await indexedDB.databases()) {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open(info.name!);
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			for (const store of Array.from(db.objectStoreNames)) {
				const all = await new Promise<unknown[]>((resolve, reject) => {
					const request = db.transaction(store).objectStore(store).getAll();
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				});
				out.push(`${info.name}/${store}\n${JSON.stringify(all)}`);
			}
			db.close();
		}
		return out;
	});
}

/** A plain stretch of a text (no quotes, no HTML-escaped characters), to search stored pages. */
function probe(text: string): string {
	const runs = text.match(/[\p{L}\p{N} ,.:;¿?¡!()%$-]{12,}/gu) ?? [];
	const longest = runs.sort((a, b) => b.length - a.length)[0] ?? '';
	return longest.trim().slice(0, 40);
}

/** The course's own published text (lessons, introduction): what any page may quote. */
function lessonTexts(courseId: string): string {
	const dir = join('content/courses', courseId);
	return (readdirSync(dir, { recursive: true }) as string[])
		.filter((f) => f.endsWith('.md') && !f.endsWith('quiz.md'))
		.map((f) => readFileSync(join(dir, f), 'utf8'))
		.join('\n');
}

async function preparedLayouts(userId: string, course: Course) {
	const db = serverDatabase();
	const rows = await db
		.selectFrom('quiz_attempts')
		.select(['id', 'module_id', 'layout', 'prepared_offline', 'submitted_at'])
		.where('user_id', '=', userId)
		.where('course_id', '=', course.id)
		.where('submitted_at', 'is', null)
		.execute();
	await db.destroy();
	return new Map(
		rows.map((r) => [
			r.module_id,
			{
				id: r.id,
				prepared: r.prepared_offline === 1,
				layout: JSON.parse(r.layout) as AttemptLayout
			}
		])
	);
}

test.describe('with a service worker', () => {
	needsServiceWorker();

	test('a quiz answered offline is graded once back online, and the phone never held the answers', async ({
		page,
		context
	}) => {
		test.setTimeout(120_000);
		const course = await realCourse('finanzas');
		const mod = course.modules[0];
		const quiz = mod.quiz!;
		const username = await enrolWithServiceWorker(page, course);
		await page.getByRole('button', { name: 'Descargar para usar sin conexión' }).click();
		await expect(page.getByText(/La descarga usa unos \d+ KB de tus datos\./)).toBeVisible();
		await page.getByRole('button', { name: 'Descargar ahora' }).click();
		await expect(page.getByText(/Descargado en este teléfono \(\d+ KB\)/)).toBeVisible();

		const db = serverDatabase();
		const user = (await findUserByUsername(db, username))!;
		await db.destroy();
		// One attempt prepared on the server for each module quiz (none passed yet).
		const prepared = await preparedLayouts(user.id, course);
		expect([...prepared.keys()].sort()).toEqual(
			course.modules
				.filter((m) => m.quiz)
				.map((m) => m.id)
				.sort()
		);
		expect([...prepared.values()].every((p) => p.prepared)).toBe(true);

		await context.setOffline(true);
		const answeredFrom = Date.now();
		await page.goto(`/cursos/${course.id}`);
		await page.getByRole('link', { name: new RegExp(course.lessons[0].title) }).click();
		await expect(
			page.getByRole('heading', { level: 1, name: course.lessons[0].title })
		).toBeVisible();
		await page.goto(`/cursos/${course.id}/evaluacion/${mod.id}`);
		await expect(
			page.getByRole('heading', { level: 1, name: `Evaluación: ${quiz.title}` })
		).toBeVisible();
		await expect(page.getByText('Puedes responder aunque no tengas conexión')).toBeVisible();
		const wrongQuestion = await answerWithOneWrong(page, quiz);
		await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
		await expect(
			page.getByText('Tus respuestas se enviarán cuando tengas conexión.')
		).toBeVisible();
		await expect(page.getByText('Evaluaciones esperando en este teléfono: 1.')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Enviar mis respuestas' })).toBeHidden();
		await page.screenshot({
			path: test.info().outputPath('quiz-kept-offline.png'),
			fullPage: true
		});
		// Opened again offline, the page still knows the answers wait.
		await page.reload();
		await expect(
			page.getByText('Tus respuestas se enviarán cuando tengas conexión.')
		).toBeVisible();
		// The note at the top of every page counts the quiz among what the phone keeps to send.
		await expect(page.getByText('Evaluaciones respondidas: 1.', { exact: false })).toBeVisible();
		const answeredUntil = Date.now();

		// Nothing the phone stored says which answers are right: no explanation, no correct option
		// of a question it was not asked, no "right" marks. (The options of the questions drawn for
		// it are there, all alike: the phone must show them.)
		const entries = await everythingStored(page);
		const stored = entries.join('\n');
		const drawn = new Set(prepared.get(mod.id)!.layout.questions.map((q) => q.id));
		// The search does see the stored quiz: a question it was asked is there.
		expect(stored).toContain(probe(quiz.questions.find((q) => drawn.has(q.id))!.text));
		// What may legitimately be on the phone: the lessons, and the questions it was asked with
		// all their options (a correct option of one question can be a choice in another).
		const shown = course.modules.flatMap((m) => {
			const asked = new Set(prepared.get(m.id)?.layout.questions.map((q) => q.id));
			return (m.quiz?.questions ?? [])
				.filter((q) => asked.has(q.id))
				.flatMap((q) => [
					q.text,
					...(q.type === 'single' || q.type === 'multiple' ? q.options.map((o) => o.text) : [])
				]);
		});
		const published = lessonTexts(course.id) + '\n' + shown.join('\n');
		const secret = (text: string) => probe(text).length >= 12 && !published.includes(probe(text));
		let searched = 0;
		for (const m of course.modules) {
			if (!m.quiz) continue;
			const asked = new Set(prepared.get(m.id)!.layout.questions.map((q) => q.id));
			for (const q of m.quiz.questions) {
				if (secret(q.explanation)) {
					searched++;
					expect(stored, `explanation of «${q.text}»`).not.toContain(probe(q.explanation));
				}
				if ((q.type === 'single' || q.type === 'multiple') && !asked.has(q.id)) {
					for (const o of q.options.filter((x) => x.correct && secret(x.text))) {
						searched++;
						expect(stored, `correct option «${o.text}»`).not.toContain(probe(o.text));
					}
				}
			}
		}
		expect(searched).toBeGreaterThan(20);
		// The app's own scripts aside (the same for everyone), no field says what is right.
		const data = entries
			.filter((entry) => !entry.split('\n', 1)[0].includes('/_app/immutable/'))
			.join('\n');
		expect(data).not.toMatch(/"correct"|"right"|"explanation"|\(correcta\)|is-right/);
		expect(stored).toContain('evaluaciones-pendientes');

		// Back online: the phone sends the answers; the next page says the quiz was graded.
		await context.setOffline(false);
		const notice = page.getByRole('link', { name: new RegExp(`«${quiz.title}»: 83 %`) });
		await expect(async () => {
			await page.goto(`/cursos/${course.id}`);
			await expect(notice).toBeVisible({ timeout: 1000 });
		}).toPass();
		await expect(page.getByText('Evaluaciones que respondiste sin conexión')).toBeVisible();
		await page.screenshot({ path: test.info().outputPath('graded-notice.png') });
		await notice.click();
		await expect(
			page.getByRole('heading', { level: 1, name: `Resultado: ${quiz.title}` })
		).toBeVisible();
		await expect(page.getByText('Respondiste sin conexión el')).toBeVisible();
		await expect(page.getByText('5 de 6 respuestas correctas')).toBeVisible();
		const wrongText = wrongQuestion.replace(/^Pregunta \d+:\s*/, '').trim();
		const wrong = quiz.questions.find((q) => q.text === wrongText)!;
		const wrongItem = page.locator('ol.review > li.wrong');
		await expect(wrongItem).toHaveCount(1);
		await expect(wrongItem).toContainText(wrong.explanation);
		// Seen: the notice goes.
		await page.goto(`/cursos/${course.id}`);
		await expect(page.getByText('Evaluaciones que respondiste sin conexión')).toBeHidden();

		// Stored with the time it was answered on the phone; graded once.
		const check = serverDatabase();
		const attempt = await check
			.selectFrom('quiz_attempts')
			.selectAll()
			.where('id', '=', prepared.get(mod.id)!.id)
			.executeTakeFirstOrThrow();
		expect(attempt.score).toBe(83);
		const answeredAt = Date.parse(attempt.answered_at!);
		expect(answeredAt).toBeGreaterThanOrEqual(answeredFrom - 2000);
		expect(answeredAt).toBeLessThanOrEqual(answeredUntil + 2000);

		// Replays and tampering change nothing.
		const send = (body: Record<string, unknown>) =>
			page.request.post('/progreso/evaluaciones', { data: body });
		const base = {
			userId: user.id,
			courseId: course.id,
			answeredAt: new Date().toISOString()
		};
		const allRight = Object.fromEntries(
			prepared.get(mod.id)!.layout.questions.map(({ id }) => {
				const q = quiz.questions.find((x) => x.id === id)!;
				if (q.type === 'single') return [id, [q.options.find((o) => o.correct)!.id]];
				if (q.type === 'multiple') return [id, q.options.filter((o) => o.correct).map((o) => o.id)];
				return [id, q.type === 'truefalse' || q.type === 'number' ? [String(q.answer)] : []];
			})
		);
		// The same attempt again with better answers (a second phone, or a replay): not counted.
		const replay = await send({ ...base, attemptId: attempt.id, answers: allRight });
		expect(replay.status()).toBe(422);
		expect((await replay.json()).message).toContain('ya se había enviado');
		// A foreign attempt: another participant's.
		const other = await createUser(check, {
			username: uniqueName('ajena'),
			displayName: 'Otra Persona',
			password: 'clave-segura-1',
			role: 'participant'
		});
		const foreign = await startOrResumeAttempt(check, other!.id, quiz, 1);
		const stolen = await send({ ...base, attemptId: foreign.id, answers: {} });
		expect(stolen.status()).toBe(404);
		// Someone else's id in the body: kept on the phone for them, refused here.
		expect(
			(await send({ ...base, userId: other!.id, attemptId: foreign.id, answers: {} })).status()
		).toBe(409);
		// Another module's prepared attempt with the first module's questions, or with an option of
		// another quiz: refused, and the attempt is still open. Questions are drawn at random and a
		// draw may hold only true/false and number questions, so the attempt is one whose draw has a
		// question with options (among four, one has: a draw of 6 lacks one about 1 time in 100).
		const others = course.modules.slice(1).map((m) => prepared.get(m.id)!);
		const second = others.find((a) => a.layout.questions.some((q) => q.options.length > 0))!;
		expect(second).toBeTruthy();
		const tamperedQuestions = await send({ ...base, attemptId: second.id, answers: allRight });
		expect(tamperedQuestions.status()).toBe(400);
		const q1 = second.layout.questions.find((q) => q.options.length > 0)!;
		const otherQuizOption = quiz.questions.flatMap((q) =>
			q.type === 'single' || q.type === 'multiple' ? q.options.map((o) => o.id) : []
		)[0];
		const tamperedOptions = await send({
			...base,
			attemptId: second.id,
			answers: { [q1.id]: [otherQuizOption] }
		});
		expect(tamperedOptions.status()).toBe(400);
		expect((await send({ ...base, attemptId: 'no-existe-123', answers: {} })).status()).toBe(404);
		// "__proto__" as a question id (written as raw JSON: an object literal would set the
		// prototype) is an unknown question, not an empty set of answers that submits the attempt.
		const raw = (body: string) =>
			page.request.post('/progreso/evaluaciones', {
				data: body,
				headers: { 'content-type': 'application/json' }
			});
		const polluted = await raw(
			JSON.stringify({ ...base, attemptId: second.id }).replace(
				/}$/,
				',"answers":{"__proto__":["x"]}}'
			)
		);
		expect(polluted.status()).toBe(400);
		// A body far larger than any quiz's answers is refused before it is parsed.
		const huge = await raw(
			JSON.stringify({ ...base, attemptId: second.id, pad: 'x'.repeat(200_000) })
		);
		expect(huge.status()).toBe(413);

		const rows = await check
			.selectFrom('quiz_attempts')
			.select(['id', 'score', 'submitted_at', 'not_counted_reason', 'user_id'])
			.where('user_id', 'in', [user.id, other!.id])
			.execute();
		await check.destroy();
		expect(rows.find((r) => r.id === attempt.id)!.score).toBe(83);
		expect(rows.filter((r) => r.not_counted_reason === 'already-submitted')).toHaveLength(1);
		expect(rows.find((r) => r.id === second.id)!.submitted_at).toBeNull();
		expect(rows.find((r) => r.id === foreign.id)!.submitted_at).toBeNull();
		// The participant is told, in plain words, that the second answers did not count.
		await page.goto(`/cursos/${course.id}`);
		await page
			.getByRole('link', { name: new RegExp(`«${quiz.title}»: estas respuestas no cuentan`) })
			.click();
		await expect(page.getByRole('alert')).toContainText('Estas respuestas no cuentan');
	});

	test('a quiz opened online, in a course not downloaded, answered after the connection drops', async ({
		page,
		context
	}) => {
		test.setTimeout(90_000);
		const course = await realCourse('finanzas');
		const mod = course.modules[0];
		const quiz = mod.quiz!;
		await enrolWithServiceWorker(page, course);
		const quizUrl = `/cursos/${course.id}/evaluacion/${mod.id}`;
		await page.goto(quizUrl);
		await expect(page.getByText('Puedes responder aunque no tengas conexión')).toBeVisible();

		// The data runs out while the person answers.
		await context.setOffline(true);
		await answerWithOneWrong(page, quiz);
		await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
		// Back on the quiz page (kept when it was opened), which says the answers wait.
		await expect(
			page.getByRole('heading', { level: 1, name: `Evaluación: ${quiz.title}` })
		).toBeVisible();
		await expect(
			page.getByText('Tus respuestas se enviarán cuando tengas conexión.')
		).toBeVisible();
		await expect(page.getByRole('button', { name: 'Enviar mis respuestas' })).toBeHidden();

		// Online again: the answers go before the page is asked for, so it opens a new attempt and
		// the notice of the graded one.
		await context.setOffline(false);
		await expect(async () => {
			await page.goto(quizUrl);
			await expect(
				page.getByRole('link', { name: new RegExp(`«${quiz.title}»: 83 %`) })
			).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 30_000 });
		await expect(page.getByRole('button', { name: 'Enviar mis respuestas' })).toBeVisible();
		await expect(page.getByText('Tus respuestas se enviarán cuando tengas conexión.')).toBeHidden();
	});

	test('a facilitator takes attendance offline; it reaches the class table once back online', async ({
		page,
		context
	}) => {
		test.setTimeout(90_000);
		const course = await realCourse('finanzas');
		const facilitator = await newFacilitator();
		await signIn(page, facilitator);
		const classUrl = await createClass(page, uniqueName('Clase sin señal'), course.title);
		const cohortId = new URL(classUrl).pathname.split('/')[3];
		const db = serverDatabase();
		const cohort = await db
			.selectFrom('cohorts')
			.selectAll()
			.where('id', '=', cohortId)
			.executeTakeFirstOrThrow();
		const people: Record<string, string> = {};
		for (const name of ['Ana Offline', 'Beto Offline', 'Carla Offline']) {
			const person = await createUser(db, {
				username: uniqueName('asis'),
				displayName: name,
				password: 'clave-segura-1',
				role: 'participant'
			});
			await addMember(db, cohort, person!.id, null, 'code');
			people[name] = person!.id;
		}
		const session = await createClassSession(db, cohort, {
			date: new Date().toISOString().slice(0, 10),
			time: null,
			topic: 'Presupuesto en el salón comunal',
			moduleId: null
		});
		const attendanceUrl = `/facilitar/clases/${cohortId}/sesiones/${session.id}`;
		await serviceWorkerReady(page);
		// Opened online once: the phone keeps the page.
		await page.goto(attendanceUrl);
		await expect(page.getByRole('heading', { level: 1, name: /Asistencia/ })).toBeVisible();

		await context.setOffline(true);
		await page.reload();
		await expect(page.getByRole('heading', { level: 1, name: /Asistencia/ })).toBeVisible();
		await page.getByLabel('Ana Offline').check();
		await page.getByLabel('Carla Offline').check();
		await page.getByRole('button', { name: 'Guardar asistencia' }).click();
		await expect(
			page.getByText('la asistencia quedó guardada en este teléfono', { exact: false })
		).toBeVisible();
		await expect(page.getByText('Cambios esperando: 2.', { exact: false })).toBeVisible();
		await expect(page.getByText('Asistencias marcadas: 2.', { exact: false })).toBeVisible();
		await page.screenshot({ path: test.info().outputPath('attendance-kept.png'), fullPage: true });
		// Meanwhile, Carla leaves the class.
		await removeMember(db, cohort, people['Carla Offline']);

		await context.setOffline(false);
		await expect(async () => {
			await page.goto(classUrl);
			const ana = page.getByRole('row', { name: /Ana Offline/ });
			await expect(ana).toContainText('100 %', { timeout: 1000 });
		}).toPass();
		await expect(page.getByRole('row', { name: /Beto Offline/ })).toContainText('0 %');
		await page.goto(attendanceUrl);
		await expect(page.getByLabel('Ana Offline')).toBeChecked();
		await expect(page.getByLabel('Beto Offline')).not.toBeChecked();
		await expect(page.getByText('ya no está en la clase: Carla Offline')).toBeVisible();
		await page.screenshot({
			path: test.info().outputPath('attendance-refused.png'),
			fullPage: true
		});

		const audit = await db
			.selectFrom('audit_log')
			.select(['action', 'actor_id'])
			.where('target_id', '=', session.id)
			.execute();
		const facilitatorId = (await findUserByUsername(db, facilitator))!.id;
		await db.destroy();
		expect(audit.map((a) => a.action).sort()).toEqual([
			'attendance.offline.applied',
			'attendance.offline.refused'
		]);
		expect(audit.every((a) => a.actor_id === facilitatorId)).toBe(true);
	});
});

test('without JavaScript the quiz page is as before: it needs a connection', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name !== 'sin-js', 'the journey without JavaScript');
	const course = await realCourse('finanzas');
	await signUp(page);
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	await page.goto(`/cursos/${course.id}/evaluacion/${course.modules[0].id}`);
	await expect(
		page.getByText('Para enviar la evaluación necesitas conexión a internet.')
	).toBeVisible();
	await expect(page.getByText('Puedes responder aunque no tengas conexión')).toBeHidden();
});
