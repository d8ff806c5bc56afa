// Two app servers behind one PostgreSQL database, as behind a load balancer: a session started on
// one is valid on the other, and progress written through one is seen through the other. Runs
// when TEST_DATABASE_URL names a PostgreSQL server (CI starts one); skipped otherwise.
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { createUser } from '../../src/lib/server/auth/users';
import * as studio from '../../src/lib/server/content/studio';
import { openPostgres } from '../../src/lib/server/db';
import { startServer, type RunningServer } from '../tools/app';
import { realCourse, skipCourseQuestions, uniqueName } from './helpers';

const PG_URL = process.env.TEST_DATABASE_URL;

test.describe('two servers, one PostgreSQL database', () => {
	test.skip(!PG_URL, 'TEST_DATABASE_URL is not set');

	let servers: RunningServer[] = [];
	let database = '';
	let databaseUrl = '';

	// Playwright wants the fixtures argument destructured, even when no fixture is used.
	// eslint-disable-next-line no-empty-pattern
	test.beforeAll(async ({}, testInfo) => {
		testInfo.setTimeout(90_000);
		database = `microaula_e2e_${Date.now()}_${testInfo.project.name.replace(/\W/g, '')}`;
		const admin = new pg.Client({ connectionString: PG_URL });
		await admin.connect();
		await admin.query(`create database ${database}`);
		await admin.end();
		const url = new URL(PG_URL!);
		url.pathname = `/${database}`;
		databaseUrl = url.toString();
		const env = { DATABASE_URL: databaseUrl };
		// Both start (and migrate) at once, as they would after a deploy.
		servers = await Promise.all([startServer(4174, env), startServer(4175, env)]);
	});

	test.afterAll(async () => {
		for (const server of servers) server.process.kill('SIGTERM');
		await Promise.all(servers.map((s) => s.exited));
		const admin = new pg.Client({ connectionString: PG_URL });
		await admin.connect();
		await admin.query(`drop database if exists ${database} with (force)`);
		await admin.end();
	});

	test('a session and progress made on one server are there on the other', async ({ page }) => {
		const [a, b] = servers;
		const course = await realCourse('finanzas');
		const [first, second] = course.lessons;

		await page.goto(`${a.url}/registro`);
		await page.getByLabel('Tu nombre').fill('Rosa Dos Servidores');
		await page.getByLabel('Usuario').fill(uniqueName('pg'));
		await page.getByLabel('Contraseña').fill('clave-segura-1');
		await page.getByRole('button', { name: 'Crear mi cuenta' }).click();
		await page.getByRole('button', { name: 'Ahora no' }).click();
		await expect(page).toHaveURL(`${a.url}/cursos`);

		// The same cookie, sent to the other server (a load balancer may pick either).
		await page.goto(`${b.url}/`);
		await expect(page.getByRole('heading', { name: 'Hola, Rosa Dos Servidores' })).toBeVisible();

		await page.goto(`${a.url}/cursos/${course.id}`);
		await page.getByRole('button', { name: 'Empezar este curso' }).click();
		await skipCourseQuestions(page);
		await expect(page).toHaveURL(`${a.url}/cursos/${course.id}/${first.id}`);
		await page.getByRole('button', { name: 'Terminé esta lección: seguir' }).click();
		await expect(page).toHaveURL(`${a.url}/cursos/${course.id}/${second.id}`);

		await page.goto(`${b.url}/cursos/${course.id}`);
		await expect(page.getByRole('link', { name: new RegExp(first.title) })).toContainText('✓');
		await page.goto(`${b.url}/cursos/${course.id}/${second.id}`);
		await page.getByRole('button', { name: 'Terminé esta lección: seguir' }).click();

		await page.goto(`${a.url}/cursos/${course.id}`);
		await expect(page.getByRole('link', { name: new RegExp(second.title) })).toContainText('✓');

		// Signing out on one ends the session on both.
		await page.goto(`${b.url}/`);
		await page.getByRole('button', { name: 'Salir' }).click();
		await page.goto(`${a.url}/mis-cursos`);
		await expect(page).toHaveURL(/\/entrar\?volver=/);
	});

	test('a lesson published through the studio on one server is read on both, no restart', async ({
		page
	}) => {
		const [a, b] = servers;
		const course = await realCourse('finanzas');
		const lesson = course.lessons[1];
		const path = lesson.file.replace(`content/courses/${course.id}/`, '');
		// A third process sharing the database, as a third app server would: the studio's domain API.
		const db = openPostgres(databaseUrl, { max: 2, allowExitOnIdle: true });
		try {
			const admin = await createUser(db, {
				username: uniqueName('editora'),
				displayName: 'Editora',
				password: 'clave-segura-1',
				role: 'admin'
			});
			const actor = { id: admin!.id, role: 'admin' as const };
			const draft = await studio.ensureDraft(db, actor, course.id);
			const file = (await studio.filesOf(db, course.id, draft.number)).files.find(
				(f) => f.path === path
			)!;
			const marker = `Dato corregido en la versión ${draft.number}.`;
			const saved = await studio.saveFile(db, actor, {
				courseId: course.id,
				path,
				text: file.text.replace(/\n---\n/, `\n---\n\n${marker}\n`),
				baseRevision: file.revision
			});
			expect(saved.ok).toBe(true);
			const published = await studio.publish(db, actor, course.id, 'Corrige un dato');
			expect(published.ok).toBe(true);

			await page.goto(`${a.url}/registro`);
			await page.getByLabel('Tu nombre').fill('Lectora Dos Servidores');
			await page.getByLabel('Usuario').fill(uniqueName('pg'));
			await page.getByLabel('Contraseña').fill('clave-segura-1');
			await page.getByRole('button', { name: 'Crear mi cuenta' }).click();
			await page.getByRole('button', { name: 'Ahora no' }).click();
			await expect(page).toHaveURL(`${a.url}/cursos`);

			// Each server notices the published sequence within a few seconds and shows the new text.
			for (const server of [a, b]) {
				await expect(async () => {
					await page.goto(`${server.url}/cursos/${course.id}/${lesson.id}`);
					await expect(page.getByText(marker)).toBeVisible({ timeout: 500 });
				}).toPass({ timeout: 20_000 });
			}
		} finally {
			await db.destroy();
		}
	});
});
