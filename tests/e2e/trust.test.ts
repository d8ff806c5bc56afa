import { expect, test, type Page } from '@playwright/test';
import { createUser } from '../../src/lib/server/auth/users';
import { startOwnServer, type RunningServer } from '../tools/app';
import {
	serverDatabase,
	signIn,
	signUp,
	skipCourseQuestions,
	trySignIn,
	uniqueName
} from './helpers';

/** An account made the way a facilitator makes one: with a password to change at first sign-in. */
async function accountWithTemporaryPassword(password: string): Promise<string> {
	const db = serverDatabase();
	try {
		const username = uniqueName('temporal');
		await createUser(db, {
			username,
			displayName: 'Lucía Temporal',
			password,
			mustChangePassword: true
		});
		return username;
	} finally {
		await db.destroy();
	}
}

/** A server of the test's own (its own database and settings), stopped and removed afterwards. */
async function withOwnServer(
	port: number,
	env: Record<string, string>,
	run: (server: RunningServer) => Promise<void>
): Promise<void> {
	const server = await startOwnServer(port, env);
	try {
		await run(server);
	} finally {
		await server.stop();
	}
}

function collectCspViolations(page: Page): string[] {
	const violations: string[] = [];
	page.on('console', (message) => {
		if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
	});
	return violations;
}

test('pages carry a Content-Security-Policy and security headers, and nothing is refused', async ({
	page
}) => {
	const violations = collectCspViolations(page);
	const response = await page.goto('/');
	const headers = response!.headers();
	// Hashes, not nonces: the same page stays byte-identical, so a repeat visit is a 304.
	expect(headers['content-security-policy']).toMatch(/script-src 'self'( 'sha256-[^']+')+;/);
	expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['x-frame-options']).toBe('DENY');
	await signUp(page);
	await page.goto('/cursos/finanzas');
	await page.getByRole('button', { name: 'Empezar este curso' }).click();
	await skipCourseQuestions(page);
	await expect(page.getByRole('button', { name: 'Terminé esta lección: seguir' })).toBeVisible();
	await page.getByRole('button', { name: 'Terminé esta lección: seguir' }).click();
	await expect(page).toHaveURL(/\/cursos\/finanzas\/.+/);
	expect(violations).toEqual([]);
});

test('after five wrong passwords sign-in waits, says so, and answers 429 with Retry-After', async ({
	page
}) => {
	const username = await signUp(page);
	await page.getByRole('button', { name: 'Salir' }).click();
	for (let i = 0; i < 5; i++) await trySignIn(page, username, 'no-es-esta');
	await expect(page.getByRole('alert')).toHaveText(/Demasiados intentos fallidos\. Espera 1 min/);
	// Even the right password waits now.
	await trySignIn(page, username);
	await expect(page.getByRole('alert')).toHaveText(/Demasiados intentos fallidos/);
	await expect(page).toHaveURL(/\/entrar/);

	const response = await page.request.post('/entrar', {
		form: { username, password: 'clave-segura-1' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(429);
	expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
});

test('sign out everywhere ends the session on every device', async ({ page, browser }) => {
	const username = await signUp(page);
	const otherDevice = await browser.newContext();
	const phone = await otherDevice.newPage();
	await signIn(phone, username);
	await expect(phone.getByRole('link', { name: 'Mi cuenta' })).toBeVisible();

	await page.getByRole('link', { name: 'Mi cuenta' }).click();
	await expect(page.getByRole('heading', { name: 'Mi cuenta' })).toBeVisible();
	await page.getByRole('button', { name: 'Cerrar sesión en todos los dispositivos' }).click();
	await expect(page.getByText('Cerraste la sesión en todos tus dispositivos.')).toBeVisible();

	await phone.goto('/mis-cursos');
	await expect(phone).toHaveURL(/\/entrar\?volver=/);
	await otherDevice.close();
});

test('a temporary password must be changed before anything else, then it works', async ({
	page
}) => {
	const username = await accountWithTemporaryPassword('temporal-123');
	await page.goto('/cursos/finanzas');
	await signIn(page, username, 'temporal-123');
	await expect(page).toHaveURL(/\/cuenta\/contrasena\?volver=/);
	await expect(page.getByText('Antes de seguir, elige una contraseña nueva')).toBeVisible();

	// Other pages send the person back here until the password is changed.
	await page.goto('/mis-cursos');
	await expect(page).toHaveURL(/\/cuenta\/contrasena\?volver=%2Fmis-cursos/);

	await page.getByLabel('Contraseña actual').fill('temporal-123');
	await page.getByRole('textbox', { name: /^Contraseña nueva/ }).fill('mi-clave-propia');
	await page.getByLabel('Repite la contraseña nueva').fill('otra-cosa');
	await page.getByRole('button', { name: 'Guardar la contraseña' }).click();
	await expect(page.locator('#repeat-error')).toHaveText(
		'Las dos contraseñas nuevas no son iguales.'
	);

	await page.getByLabel('Contraseña actual').fill('temporal-123');
	await page.getByRole('textbox', { name: /^Contraseña nueva/ }).fill('mi-clave-propia');
	await page.getByLabel('Repite la contraseña nueva').fill('mi-clave-propia');
	await page.getByRole('button', { name: 'Guardar la contraseña' }).click();
	await expect(page).toHaveURL(/\/mis-cursos$/);

	await page.getByRole('button', { name: 'Salir' }).click();
	await signIn(page, username, 'mi-clave-propia');
	await expect(page).toHaveURL('/');
});

test('bad input to the language switch gets a 400 in Spanish', async ({ page }) => {
	await page.goto('/');
	const response = await page.request.post('/idioma', {
		form: { idioma: 'xx', volver: '/' },
		headers: { origin: new URL(page.url()).origin, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status()).toBe(400);
	expect(await response.text()).toContain('Revisa los datos del formulario');
});

test('the health check answers for load balancers', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(await response.json()).toEqual({ ok: true });
});

test('sign-ups from one address are limited: past the limit, 429 with Retry-After and a clear message', async ({
	page
}) => {
	// Its own server, so the limit can be small (the main test server lifts it: every journey
	// signs up from 127.0.0.1).
	await withOwnServer(4176, { SIGNUP_PER_ADDRESS: '2' }, async (server) => {
		const signUpThere = async (username: string) => {
			await page.goto(`${server.url}/registro`);
			await page.getByLabel('Tu nombre').fill('Persona Nueva');
			await page.getByLabel('Usuario').fill(username);
			await page.getByLabel('Contraseña').fill('clave-segura-1');
			await page.getByRole('button', { name: 'Crear mi cuenta' }).click();
		};
		for (const username of ['primera', 'segunda']) {
			await signUpThere(username);
			await expect(page).toHaveURL(/\/cuenta\/perfil\?volver=%2Fcursos$/);
			await page.context().clearCookies();
		}
		await signUpThere('tercera');
		await expect(page.getByRole('alert')).toContainText(
			'Se crearon muchas cuentas desde esta conexión'
		);
		// Nothing typed is lost.
		await expect(page.getByLabel('Usuario')).toHaveValue('tercera');
		await expect(page.getByLabel('Tu nombre')).toHaveValue('Persona Nueva');

		const response = await page.request.post(`${server.url}/registro`, {
			form: { displayName: 'Otra', username: 'cuarta', password: 'clave-segura-1' },
			headers: { origin: server.url, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(429);
		expect(Number(response.headers()['retry-after'])).toBeGreaterThan(60);
	});
});

test('behind a proxy (ADDRESS_HEADER): a post that skipped the proxy gets a 400, and an IPv6 line is limited by its /64', async ({
	request
}) => {
	const proxied = { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' };
	await withOwnServer(4177, proxied, async (server) => {
		const signIn = (forwardedFor?: string) =>
			request.post(`${server.url}/entrar`, {
				form: { username: 'alguien', password: 'no-es-esta-clave' },
				headers: {
					origin: server.url,
					accept: 'text/html',
					...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {})
				},
				maxRedirects: 0
			});
		const direct = await signIn();
		expect(direct.status()).toBe(400);
		expect(await direct.text()).toContain('No entendimos esa acción');
		// A new address of one /64 for every guess: still the same guesser.
		const statuses: number[] = [];
		for (let i = 1; i <= 7; i++) statuses.push((await signIn(`2001:db8:77:1::${i}`)).status());
		expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
		expect(statuses.at(-1)).toBe(429);
		// Another line is not held back by it.
		expect((await signIn('2001:db8:99:1::1')).status()).toBe(400);
	});
});
