// Evidence collection (issue 17), with and without JavaScript at 360 px: a new participant answers
// the optional profile (a made-up option is refused, the form refilled), the pre-course check and
// the first practice survey; a facilitator records a profile in class only with consent and only
// in their own class.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createUser } from '../../src/lib/server/auth/users';
import { addMember, createCohort } from '../../src/lib/server/classes/cohorts';
import {
	expectNoHorizontalScroll,
	realCourse,
	serverDatabase,
	signIn,
	uniqueName
} from './helpers';

async function expectAccessible(page: Page, javaScriptEnabled: boolean) {
	await expectNoHorizontalScroll(page);
	// axe runs as a script in the page; without JavaScript the server HTML is the same.
	if (!javaScriptEnabled) return;
	const { violations } = await new AxeBuilder({ page }).analyze();
	expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test('a new participant answers the profile, the pre-course check and the first survey', async ({
	page,
	javaScriptEnabled
}) => {
	test.setTimeout(90_000);
	const course = await realCourse('finanzas');
	const username = uniqueName('evidencia');
	await page.goto('/registro');
	await page.getByLabel('Tu nombre').fill('Yuleidy Evidencia');
	await page.getByLabel('Usuario').fill(username);
	await page.getByLabel('Contraseña').fill('clave-segura-1');
	await page.getByRole('button', { name: 'Crear mi cuenta' }).click();

	// The profile comes right after sign-up, with "Prefiero no decir" chosen everywhere.
	await expect(page).toHaveURL(/\/cuenta\/perfil\?volver=%2Fcursos$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cuéntanos un poco de ti');
	await expect(page.getByText(/solo en grupos de 5 personas o más/)).toBeVisible();
	const gender = page.getByRole('group', { name: '¿Eres mujer u hombre?' });
	await expect(gender.getByLabel('Prefiero no decir')).toBeChecked();
	await expectAccessible(page, javaScriptEnabled);

	// Without the consent tick nothing is kept, and what was chosen stays chosen.
	await gender.getByLabel('Mujer').check();
	await page.getByLabel('¿En qué provincia vives?').selectOption({ label: 'Manabí' });
	await page.getByRole('group', { name: '¿Naciste fuera de Ecuador?' }).getByLabel('Sí').check();
	await page.getByRole('button', { name: 'Guardar mis respuestas' }).click();
	await expect(page.getByText('Para guardar, marca que estás de acuerdo.')).toBeVisible();
	await expect(gender.getByLabel('Mujer')).toBeChecked();
	await expect(page.getByLabel('¿En qué provincia vives?')).toHaveValue('manabi');

	// An option the form never offered is refused in Spanish, with the form refilled.
	const origin = new URL(page.url()).origin;
	const forged = await page.request.post('/cuenta/perfil?/guardar', {
		form: { gender: 'mujer', province: 'bogota', consent: '1', volver: '/cursos' },
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(forged.status()).toBe(400);
	const html = await forged.text();
	expect(html).toContain('Elige una de las opciones de la lista.');
	expect(html).toMatch(/value="mujer"[^>]*checked|checked[^>]*value="mujer"/);

	await page.getByLabel(/Estoy de acuerdo/).check();
	await page.getByRole('button', { name: 'Guardar mis respuestas' }).click();
	await expect(page).toHaveURL(/\/cursos$/);

	// Starting a course offers the pre-course check, then the first survey.
	await page.goto(`/cursos/${course.id}`);
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	await expect(page).toHaveURL(`/cursos/${course.id}/prueba-inicial`);
	await expect(page.getByText(/No cuentan para tu nota ni para el certificado/)).toBeVisible();
	await expectAccessible(page, javaScriptEnabled);
	const questions = page.locator('ol.questions fieldset');
	const count = await questions.count();
	expect(count).toBeGreaterThanOrEqual(5);
	// Answer the first option of each choice question; leave the rest blank.
	for (let i = 0; i < count; i++) {
		const first = questions.nth(i).locator('input[type="radio"]').first();
		if (await first.count()) await first.check();
	}
	await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
	await expect(page.getByRole('status')).toContainText(new RegExp(`de ${count}\\.`));
	await page.getByRole('link', { name: 'Seguir' }).click();

	await expect(page).toHaveURL(`/cursos/${course.id}/encuesta/inicio`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Antes de empezar: cómo lo haces hoy'
	);
	await expectAccessible(page, javaScriptEnabled);
	await page
		.getByRole('group', { name: '¿Ahorras cada mes?' })
		.getByLabel('Sí, todos los meses')
		.check();
	await page
		.getByRole('group', { name: '¿Tienes dinero guardado para una emergencia?' })
		.getByLabel('No', { exact: true })
		.check();
	await page.getByRole('button', { name: 'Guardar mis respuestas' }).click();
	await expect(page).toHaveURL(`/cursos/${course.id}/${course.lessons[0].id}`);

	const db = serverDatabase();
	try {
		const user = await db
			.selectFrom('users')
			.select('id')
			.where('username', '=', username)
			.executeTakeFirstOrThrow();
		expect(
			await db
				.selectFrom('participant_profiles')
				.select(['gender', 'province', 'born_abroad', 'age_band', 'recorded_by'])
				.where('user_id', '=', user.id)
				.executeTakeFirst()
		).toEqual({
			gender: 'mujer',
			province: 'manabi',
			born_abroad: 1,
			age_band: null,
			recorded_by: null
		});
		const check = await db
			.selectFrom('knowledge_checks')
			.selectAll()
			.where('user_id', '=', user.id)
			.executeTakeFirstOrThrow();
		expect(check).toMatchObject({ course_id: course.id, skipped: 0 });
		expect(check.score).not.toBeNull();
		const answers = await db
			.selectFrom('survey_answers')
			.innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
			.select(['wave', 'question_id', 'is_practice'])
			.where('survey_responses.user_id', '=', user.id)
			.orderBy('question_id')
			.execute();
		expect(answers).toEqual([
			{ wave: 'inicio', question_id: 'ahorra-cada-mes', is_practice: 1 },
			{ wave: 'inicio', question_id: 'fondo-emergencia', is_practice: 0 }
		]);
		// Nothing here counts as a quiz attempt: progress and certificates are untouched.
		expect(
			await db.selectFrom('quiz_attempts').select('id').where('user_id', '=', user.id).execute()
		).toEqual([]);
	} finally {
		await db.destroy();
	}

	// The answers can be changed, and the course page no longer asks for them.
	await page.goto(`/cursos/${course.id}`);
	await expect(page.getByRole('link', { name: 'Responder la encuesta' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Responder la prueba inicial' })).toHaveCount(0);
	await page.goto('/cuenta/perfil');
	await expect(page.getByText('Encuestas respondidas: 1.')).toBeVisible();
	await expectNoHorizontalScroll(page);
});

test('a facilitator records a profile in class only with consent, and only in their own class', async ({
	page,
	browser
}, testInfo) => {
	test.skip(testInfo.project.name !== 'con-js', 'server rules: one project is enough');
	const course = await realCourse('trabajo-seguro');
	const db = serverDatabase();
	const password = 'clave-segura-1';
	const make = async (prefix: string, role: 'participant' | 'facilitator' = 'participant') =>
		(await createUser(db, {
			username: uniqueName(prefix),
			displayName: `Persona ${prefix}`,
			password,
			role
		}))!;
	try {
		const facilitator = await make('fac-evid', 'facilitator');
		const stranger = await make('fac-ajena', 'facilitator');
		const member = await make('miembro');
		const range = { place: null, startsOn: '2026-11-01', endsOn: '2026-12-31' };
		const cohort = await createCohort(db, facilitator.id, {
			courseId: course.id,
			name: 'Clase con perfiles',
			...range
		});
		await createCohort(db, stranger.id, { courseId: course.id, name: 'Clase ajena', ...range });
		await addMember(db, cohort, member.id, facilitator.id, 'created');
		const url = `/facilitar/clases/${cohort.id}/participantes/${member.id}?/perfil`;
		const payload = { gender: 'hombre', ageBand: '25-34', bornAbroad: 'si', consent: '1' };
		const profile = () =>
			db
				.selectFrom('participant_profiles')
				.selectAll()
				.where('user_id', '=', member.id)
				.executeTakeFirst();

		// A facilitator of another class: refused, nothing stored.
		await signIn(page, stranger.username, password);
		const origin = new URL(page.url()).origin;
		const post = (form: Record<string, string>) =>
			page.request.post(url, {
				form,
				headers: { origin, accept: 'text/html' },
				maxRedirects: 0
			});
		expect((await post(payload)).status()).toBe(403);
		expect(await profile()).toBeUndefined();
		await page.getByRole('button', { name: 'Salir' }).click();

		// The class's facilitator: without the consent tick, nothing; with it, stored as theirs.
		await signIn(page, facilitator.username, password);
		await page.goto(`/facilitar/clases/${cohort.id}/participantes/${member.id}`);
		await page.getByRole('group', { name: '¿Eres mujer u hombre?' }).getByLabel('Hombre').check();
		await page.getByRole('button', { name: 'Guardar sus respuestas' }).click();
		await expect(page.getByText('Para guardar, marca que estás de acuerdo.')).toBeVisible();
		expect(await profile()).toBeUndefined();
		await page.getByLabel(/La persona escuchó para qué sirven/).check();
		await page.getByRole('button', { name: 'Guardar sus respuestas' }).click();
		await expect(page.getByText(/Desde ahora solo la persona puede ver/)).toBeVisible();
		expect(await profile()).toMatchObject({ gender: 'hombre', recorded_by: facilitator.id });

		// Afterwards the facilitator sees that it exists, never what it says, and cannot overwrite it.
		await page.goto(`/facilitar/clases/${cohort.id}/participantes/${member.id}`);
		await expect(page.getByText(/Esta persona ya respondió/)).toBeVisible();
		await expect(page.getByRole('group', { name: '¿Eres mujer u hombre?' })).toHaveCount(0);
		expect((await post({ ...payload, gender: 'mujer' })).status()).toBe(409);
		expect(await profile()).toMatchObject({ gender: 'hombre' });

		// The person sees it, and that it was recorded in class, from their account.
		const context = await browser.newContext();
		const own = await context.newPage();
		await signIn(own, member.username, password);
		await own.goto('/cuenta/perfil');
		await expect(own.getByText(/las guardó quien facilita tu clase/)).toBeVisible();
		await expect(
			own.getByRole('group', { name: '¿Eres mujer u hombre?' }).getByLabel('Hombre')
		).toBeChecked();
		await context.close();
	} finally {
		await db.destroy();
	}
});
