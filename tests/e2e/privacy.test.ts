// A participant takes away everything Microaula holds about them, then deletes their account,
// choosing for each certificate whether it stays verifiable.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createUser } from '../../src/lib/server/auth/users';
import {
	insertCertificate,
	newFacilitator,
	realCourse,
	serverDatabase,
	signIn,
	signUp,
	trySignIn,
	uniqueName
} from './helpers';

/** Two certificates for the account, as if it had finished two courses (covered elsewhere). */
async function giveCertificates(username: string, names: [string, string]): Promise<string[]> {
	const db = serverDatabase();
	try {
		const user = await db
			.selectFrom('users')
			.select('id')
			.where('username', '=', username)
			.executeTakeFirstOrThrow();
		return [
			await insertCertificate(db, user.id, await realCourse('finanzas'), names[0]),
			await insertCertificate(db, user.id, await realCourse('trabajo-seguro'), names[1])
		];
	} finally {
		await db.destroy();
	}
}

async function downloadMyData(page: Page) {
	await page.goto('/cuenta');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Descargar mis datos (archivo JSON)' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^microaula-.+-\d{4}-\d{2}-\d{2}\.json$/);
	return JSON.parse(readFileSync((await download.path())!, 'utf8'));
}

test('download my data, then delete my account keeping one certificate and revoking the other', async ({
	page
}) => {
	const course = await realCourse('crea-tu-negocio');
	const username = await signUp(page, 'Rosa Quishpe');
	await page.goto(`/cursos/${course.id}/${course.lessons[0].id}`);
	await page.getByRole('button', { name: 'Terminé esta lección: seguir' }).click();
	await expect(page).not.toHaveURL(new RegExp(`${course.lessons[0].id}$`));
	const [revoked, kept] = await giveCertificates(username, ['Rosa M. Quishpe', 'Rosa Quishpe']);
	// The evidence profile (issue 17), answered from the account page.
	await page.goto('/cuenta/perfil');
	await page.getByRole('group', { name: '¿Naciste fuera de Ecuador?' }).getByLabel('Sí').check();
	await page.getByLabel(/Estoy de acuerdo/).check();
	await page.getByRole('button', { name: 'Guardar mis respuestas' }).click();
	await expect(page.getByRole('status')).toContainText('guardamos tus respuestas');

	const db = serverDatabase();
	const { id: userId } = await db
		.selectFrom('users')
		.select('id')
		.where('username', '=', username)
		.executeTakeFirstOrThrow();

	const data = await downloadMyData(page);
	expect(data.evidence.profile).toMatchObject({ bornAbroad: true, gender: null });
	expect(data.readme).toContain('Todo lo que Microaula guarda');
	expect(data.account).toMatchObject({ username, displayName: 'Rosa Quishpe' });
	expect(data.lessonsDone).toEqual([
		expect.objectContaining({ courseId: course.id, lessonId: course.lessons[0].id })
	]);
	expect(data.certificates.map((c: { code: string }) => c.code).sort()).toEqual(
		[kept, revoked].sort()
	);
	expect(JSON.stringify(data)).not.toMatch(/argon2|secret/i);

	await page.goto('/cuenta');
	await page.getByRole('link', { name: 'Borrar mi cuenta' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Borrar mi cuenta' })).toBeVisible();
	const revokedGroup = page.getByRole('group', { name: /Finanzas/ });
	await expect(revokedGroup.getByLabel('Mantenerlo válido')).toBeChecked();
	await revokedGroup.getByLabel('Anularlo').check();

	// A wrong password deletes nothing, says why, and keeps the choices.
	await page.getByLabel('Tu contraseña, para confirmar').fill('no-es-la-clave');
	await page.getByRole('button', { name: 'Borrar mi cuenta para siempre' }).click();
	await expect(
		page.getByText('La contraseña no es correcta. Tu cuenta no se borró.')
	).toBeVisible();
	await expect(revokedGroup.getByLabel('Anularlo')).toBeChecked();
	await expect(
		page.getByRole('group', { name: /Trabajo seguro/ }).getByLabel('Mantenerlo válido')
	).toBeChecked();

	await page.getByLabel('Tu contraseña, para confirmar').fill('clave-segura-1');
	await page.getByRole('button', { name: 'Borrar mi cuenta para siempre' }).click();
	await expect(page).toHaveURL(/\/\?cuenta=borrada$/);
	await expect(page.getByRole('status')).toContainText('Tu cuenta fue borrada');
	await expect(
		page.getByRole('navigation', { name: 'Menú principal' }).getByRole('link', { name: 'Entrar' })
	).toBeVisible();

	await trySignIn(page, username);
	await expect(page.getByRole('alert')).toBeVisible();
	await expect(page).toHaveURL(/\/entrar/);
	try {
		const profile = db.selectFrom('participant_profiles').select('user_id');
		expect(await profile.where('user_id', '=', userId).execute()).toEqual([]);
	} finally {
		await db.destroy();
	}

	await page.goto(`/verificar/${kept}`);
	await expect(page.getByText('Certificado válido')).toBeVisible();
	await expect(page.getByText('Rosa Quishpe')).toBeVisible();
	await page.goto(`/verificar/${revoked}`);
	await expect(page.getByText('Certificado revocado')).toBeVisible();
	await expect(page.getByText('Quishpe')).toHaveCount(0);
});

test('a facilitator is told to ask an administrator instead of finding a delete button', async ({
	page
}) => {
	const username = await newFacilitator();
	await signIn(page, username);
	await page.goto('/cuenta/borrar');
	await expect(page.getByText(/Pide a un administrador que borre tu cuenta/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Borrar mi cuenta para siempre' })).toHaveCount(0);
});

test('the data download and the delete page need a signed-in person', async ({ page }) => {
	const data = await page.request.get('/cuenta/mis-datos', { maxRedirects: 0 });
	expect(data.status()).toBe(303);
	expect(data.headers()['location']).toMatch(/^\/entrar\?volver=/);
	await page.goto('/cuenta/borrar');
	await expect(page).toHaveURL(/\/entrar\?volver=%2Fcuenta%2Fborrar/);
});

test("an administrator deletes a participant's account at their request", async ({ page }) => {
	const db = serverDatabase();
	const username = uniqueName('a-pedido');
	let code: string;
	try {
		const user = await createUser(db, {
			username,
			displayName: 'Jhon Cedeño',
			password: 'clave-segura-1'
		});
		code = await insertCertificate(db, user!.id, await realCourse('finanzas'), 'Jhon Cedeño');
	} finally {
		await db.destroy();
	}
	await signIn(page, 'demo-admin', 'microaula-demo');
	await page.goto(`/admin/personas?q=${username}`);
	await page.getByRole('link', { name: 'Jhon Cedeño' }).click();
	const form = page.getByRole('form', { name: 'Borrar la cuenta' });
	await form.getByLabel('Anularlo').check();

	// The username must be typed to confirm; a slip deletes nothing and keeps the choice.
	await form.getByLabel(/Escribe el usuario/).fill('otra-persona');
	await form.getByRole('button', { name: 'Borrar esta cuenta para siempre' }).click();
	await expect(
		page.getByText('El usuario escrito no coincide. La cuenta no se borró.')
	).toBeVisible();
	await expect(form.getByLabel('Anularlo')).toBeChecked();

	await form.getByLabel(/Escribe el usuario/).fill(username);
	await form.getByRole('button', { name: 'Borrar esta cuenta para siempre' }).click();
	await expect(page).toHaveURL(/\/admin\/personas\?borrada=1$/);
	await expect(page.getByRole('status')).toContainText('La cuenta fue borrada.');

	await page.goto(`/verificar/${code}`);
	await expect(page.getByText('Certificado revocado')).toBeVisible();
	await expect(page.getByText('Cedeño')).toHaveCount(0);
	// The audit log says who deleted it.
	await page.goto('/admin/auditoria?accion=user.delete&quien=demo-admin');
	await expect(
		page.locator('li.entry').filter({ hasText: 'demo-admin' }).filter({ hasText: 'user.delete' })
	).not.toHaveCount(0);
	await page.getByRole('button', { name: 'Salir' }).click();
	await trySignIn(page, username);
	await expect(page).toHaveURL(/\/entrar/);
});
