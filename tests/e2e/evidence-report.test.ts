// The evidence report in the browser (issue 17), with and without JavaScript, at 360 px: a class of
// 21 known participants (12 mujeres, 3 hombres, 6 "Prefiero no decir"), the admin's evidence page
// and its XLSX export showing their figures with the small group suppressed and the next one
// hidden, and the class page showing the facilitator the class's own figures and follow-ups.
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { createUser } from '../../src/lib/server/auth/users';
import { addMember, createCohort } from '../../src/lib/server/classes/cohorts';
import { enrol, markLessonDone } from '../../src/lib/server/learning/progress';
import { readContentDirectory } from '../../src/lib/server/content/format/check-directory';
import {
	expectNoHorizontalScroll,
	insertCertificate,
	realCourse,
	serverDatabase,
	signIn,
	uniqueName
} from './helpers';

const COURSE = 'finanzas';

/** The class and its people, straight into the server's database. */
async function buildClass() {
	const course = await realCourse(COURSE);
	const survey = (await readContentDirectory('content')).surveys.find(
		(s) => s.courseId === COURSE
	)!;
	const question = survey.questions.find((q) => q.indicator === null)!;
	const yes = question.options.find((o) => o.practice)!;
	const no = question.options.find((o) => !o.practice)!;
	const db = serverDatabase();
	try {
		const facilitatorName = uniqueName('fac-evidencia');
		const facilitator = await createUser(db, {
			username: facilitatorName,
			displayName: 'Facilitadora Evidencia',
			password: 'clave-segura-1',
			role: 'facilitator'
		});
		const className = uniqueName('Clase evidencia');
		const cohort = await createCohort(db, facilitator!.id, {
			courseId: COURSE,
			name: className,
			place: null,
			// A month of its own: a class that left out fewer than 5 people of its cohort month
			// would be widened to the month (src/lib/server/evidence/narrowing.ts).
			startsOn: '2025-03-03',
			endsOn: '2025-03-31'
		});
		const groups = [
			...Array.from({ length: 12 }, (_, i) => ({ gender: 'mujer', doing: i < 9 })),
			...Array.from({ length: 3 }, (_, i) => ({ gender: 'hombre', doing: i < 2 })),
			...Array.from({ length: 6 }, (_, i) => ({ gender: null, doing: i < 4 }))
		];
		const now = new Date().toISOString();
		let first = '';
		for (const [i, g] of groups.entries()) {
			const user = await createUser(db, {
				username: uniqueName('evidencia'),
				displayName: `Participante ${i + 1}`,
				password: 'clave-segura-1',
				role: 'participant'
			});
			first ||= user!.id;
			await enrol(db, user!.id, COURSE);
			await addMember(db, cohort, user!.id, facilitator!.id, 'code');
			await db
				.insertInto('participant_profiles')
				.values({
					user_id: user!.id,
					consented_at: now,
					recorded_by: null,
					gender: g.gender,
					age_band: '25-34',
					province: 'pichincha',
					born_abroad: i % 2,
					runs_business: 1,
					business_kind: null,
					business_people: null,
					updated_at: now
				})
				.execute();
			await markLessonDone(db, {
				userId: user!.id,
				courseId: COURSE,
				lessonId: course.lessons[0].id
			});
			const responseId = `e2e-${user!.id}`;
			await db
				.insertInto('survey_responses')
				.values({
					id: responseId,
					user_id: user!.id,
					course_id: COURSE,
					wave: 'inicio',
					answered_at: now
				})
				.execute();
			await db
				.insertInto('survey_answers')
				.values({
					response_id: responseId,
					question_id: question.id,
					option_id: (g.doing ? yes : no).id,
					is_practice: g.doing ? 1 : 0
				})
				.execute();
		}
		// The first participant's certificate is four months old: due the follow-up.
		const code = await insertCertificate(db, first, course, 'Participante 1');
		await db
			.updateTable('certificates')
			.set({ issued_at: new Date(Date.now() - 120 * 86400_000).toISOString() })
			.where('code', '=', code)
			.execute();
		return { cohortId: cohort.id, className, facilitatorName, question: question.text };
	} finally {
		await db.destroy();
	}
}

/** The texts of a figure's row in one dimension's table, after the row heading. */
async function rowOf(page: Page, dimension: string, label: string) {
	const region = page.getByRole('region', { name: `${dimension}: cifras por grupo` });
	const row = region.locator('tr', { has: page.locator('th', { hasText: label }) }).first();
	return row.locator('td').allInnerTexts();
}

test('the evidence page and its XLSX show the class in groups, the small one suppressed', async ({
	page
}, testInfo) => {
	const world = await buildClass();
	await signIn(page, 'demo-admin', 'microaula-demo');
	await page.goto('/admin');
	await expect(page.locator('figure svg').first()).toBeVisible();
	await page
		.getByRole('navigation', { name: 'Secciones de administración' })
		.getByRole('link', { name: 'Evidencia' })
		.click();
	await expect(
		page.getByRole('heading', { level: 1, name: 'Evidencia del programa' })
	).toBeVisible();

	// The GET form, in two steps: the course, then one of its classes.
	await page.locator('select[name=curso]').selectOption(COURSE);
	await page.getByRole('button', { name: 'Ver las cifras' }).click();
	await expect(page).toHaveURL(/curso=finanzas/);
	await page.locator('select[name=clase]').selectOption(world.cohortId);
	await page.getByRole('button', { name: 'Ver las cifras' }).click();
	await expect(page).toHaveURL(new RegExp(`clase=${world.cohortId}`));
	await expect(page.getByText('21 personas en estas cifras.')).toBeVisible();

	const gender = page.getByRole('region', { name: 'Por género: cifras por grupo' });
	await expect(gender.locator('thead th')).toHaveText([
		'Cifra',
		'Total',
		'Mujer',
		'Hombre',
		'Otro',
		'Prefiero no decir',
		'Sin perfil'
	]);
	// 3 hombres: "menos de 5"; "Prefiero no decir" (6) hidden too, or 21 − 12 − 6 would give 3.
	expect(await rowOf(page, 'Por género', 'Inscritos')).toEqual([
		'21',
		'12',
		'menos de 5',
		'0',
		'oculto',
		'0'
	]);
	expect(await rowOf(page, 'Por género', `${world.question} (al inscribirse)`)).toEqual([
		'71 % (15 de 21)',
		'75 % (9 de 12)',
		'menos de 5',
		'—',
		// 4 of the 6: under 5 even inside a hidden group.
		'menos de 5',
		'—'
	]);

	// Charts drawn on the server, each with its numbers in a table.
	const funnel = page.locator('figure', { hasText: 'De la inscripción al final' }).first();
	await expect(funnel.locator('svg')).toBeVisible();
	await expect(funnel.getByRole('table')).toContainText('Inscritos');
	await expect(funnel.getByRole('table')).toContainText('21');
	await expectNoHorizontalScroll(page);
	await page.screenshot({ path: testInfo.outputPath('evidencia-360.png'), fullPage: true });

	// The export: aggregated rows only, suppressed the same way.
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Descargar Excel (XLSX)' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^evidencia-finanzas-clase\.xlsx$/);
	const book = new ExcelJS.Workbook();
	await book.xlsx.readFile(await download.path());
	const sheet = book.getWorksheet('Evidencia')!;
	const header = (sheet.getRow(1).values as unknown[]).slice(1);
	expect(header).toEqual([
		'Dimensión',
		'Grupo',
		'Tema',
		'Cifra',
		'Momento',
		'Personas',
		'De',
		'Porcentaje',
		'Media (de 100)'
	]);
	const people = (dimension: string, group: string) => {
		for (let r = 2; r <= sheet.rowCount; r++) {
			const row = sheet.getRow(r);
			if (
				row.getCell(1).value === dimension &&
				row.getCell(2).value === group &&
				row.getCell(4).value === 'Inscritos'
			)
				return row.getCell(6).value;
		}
		return undefined;
	};
	expect(people('Total', 'Total')).toBe(21);
	expect(people('Por género', 'Mujer')).toBe(12);
	expect(people('Por género', 'Hombre')).toBe('menos de 5');
	expect(people('Por género', 'Prefiero no decir')).toBe('oculto');
	// No names, no usernames: only groups.
	for (let r = 1; r <= sheet.rowCount; r++) {
		expect(JSON.stringify(sheet.getRow(r).values)).not.toContain('Participante');
	}
});

test('the class page shows its facilitator the class figures and who is due the follow-up, but nothing people declared', async ({
	page,
	request
}) => {
	const world = await buildClass();
	await signIn(page, world.facilitatorName);
	const response = await page.goto(`/facilitar/clases/${world.cohortId}`);
	await expect(page.getByRole('heading', { name: 'Evidencia de la clase' })).toBeVisible();
	const followUps = page.locator('section', {
		has: page.getByRole('heading', { name: 'Seguimiento a los 3 meses' })
	});
	await expect(followUps.getByRole('link', { name: 'Participante 1' })).toBeVisible();
	const evidence = page.locator('section', {
		has: page.getByRole('heading', { name: 'Evidencia de la clase' })
	});
	// The whole class, as the facilitator already sees it person by person.
	await expect(evidence.getByText('21', { exact: true }).first()).toBeVisible();
	// Profile groups and practice answers stay in the programme's report: with accounts of their
	// own in the class, a facilitator could subtract their way to one person's answer.
	const html = (await response!.text()) + (await page.content());
	expect(html).not.toContain(world.question);
	expect(html).not.toContain('Por género');
	expect(html).not.toContain('Por lugar de nacimiento');
	expect(html).not.toContain('Por edad');
	const data = await request.get(`/facilitar/clases/${world.cohortId}/__data.json`, {
		headers: {
			cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
		}
	});
	expect(data.status()).toBe(200);
	const json = await data.text();
	expect(json).not.toContain(world.question);
	expect(json).not.toMatch(/"(mujer|hombre|gender|bornAbroad|ageBand)"/);
	// Nor the pre-course check, which the facilitator does not see person by person either.
	expect(json).not.toContain('"before"');
	expect(json).toContain('"after"');
	await expect(evidence.getByText('antes', { exact: true })).toHaveCount(0);
	await expect(evidence.getByText('después', { exact: true }).first()).toBeVisible();
	await expectNoHorizontalScroll(page);
});
