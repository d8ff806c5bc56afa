// What an allowed action may do to whom (issue 12). The authorisation matrix proves who can reach
// each action with an empty form; these send the payloads an attacker would, and check in the
// database that each one failed safely AND changed nothing. Plain HTTP requests, so one project
// (con-js) runs them; the invitation journey below runs with JavaScript on and off.
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { SESSION_COOKIE, createSession } from '../../src/lib/server/auth/session';
import { createUser } from '../../src/lib/server/auth/users';
import { createCohort, joinByCode } from '../../src/lib/server/classes/cohorts';
import type { Db } from '../../src/lib/server/db';
import type { CohortRow, Role } from '../../src/lib/server/db/schema';
import { realCourse, serverDatabase, signIn, uniqueName } from './helpers';

const PASSWORD = 'clave-segura-1';

interface Person {
	id: string;
	username: string;
	displayName: string;
}

async function person(db: Db, role: Role, label: string): Promise<Person> {
	const username = uniqueName(`abuso-${role}`);
	const displayName = `${label} ${username.slice(-6)}`;
	const user = await createUser(db, { username, displayName, password: PASSWORD, role });
	return { id: user!.id, username, displayName };
}

async function classOf(db: Db, facilitatorId: string): Promise<CohortRow> {
	const course = await realCourse('crea-tu-negocio');
	const today = new Date().toISOString().slice(0, 10);
	const later = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);
	return createCohort(db, facilitatorId, {
		courseId: course.id,
		name: uniqueName('Clase atacada'),
		place: null,
		startsOn: today,
		endsOn: later
	});
}

async function cookieOf(db: Db, userId: string): Promise<string> {
	const { token } = await createSession(db, userId);
	return `${SESSION_COOKIE}=${token}`;
}

function base(): string {
	return new URL(test.info().project.use.baseURL!).origin;
}

/** A form post the way a browser without JavaScript sends it. */
function post(
	request: APIRequestContext,
	path: string,
	form: Record<string, string>,
	cookie?: string
): Promise<APIResponse> {
	return request.post(path, {
		form,
		headers: { origin: base(), accept: 'text/html', ...(cookie ? { cookie } : {}) },
		maxRedirects: 0
	});
}

/** Everything a takeover could touch about one account. */
async function accountState(db: Db, userId: string) {
	return {
		user: await db
			.selectFrom('users')
			.select(['password_hash', 'must_change_password', 'role', 'disabled_at'])
			.where('id', '=', userId)
			.executeTakeFirst(),
		memberships: await db
			.selectFrom('cohort_members')
			.select(['cohort_id'])
			.where('user_id', '=', userId)
			.execute(),
		enrolments: await db
			.selectFrom('enrollments')
			.select('course_id')
			.where('user_id', '=', userId)
			.execute(),
		sessions: (await db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute())
			.length,
		audit: await db
			.selectFrom('audit_log')
			.select('action')
			.where('target_id', '=', userId)
			.execute()
	};
}

/** The text of the page's alert or status line for a form answer (the part a person reads). */
function notice(html: string): string {
	return [...html.matchAll(/<p class="alert [^"]*"[^>]*>([\s\S]*?)<\/p>/g)]
		.map((m) => m[1].replace(/<[^>]+>/g, '').trim())
		.join(' | ');
}

test.describe('abuse, over plain HTTP', () => {
	test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'plain HTTP: one project is enough');

	let db: Db;
	test.beforeAll(() => {
		db = serverDatabase();
	});
	test.afterAll(async () => {
		await db.destroy();
	});

	test('a facilitator cannot pull an admin, another facilitator or an outsider into their class, nor learn who exists', async ({
		request
	}) => {
		const facilitator = await person(db, 'facilitator', 'Facilitadora');
		const cohort = await classOf(db, facilitator.id);
		const cookie = await cookieOf(db, facilitator.id);
		const admin = await person(db, 'admin', 'Administradora');
		const other = await person(db, 'facilitator', 'Otra facilitadora');
		const outsider = await person(db, 'participant', 'Participante ajena');
		try {
			const answers: string[] = [];
			for (const target of [admin, other, outsider]) {
				const before = await accountState(db, target.id);
				const response = await post(
					request,
					`/facilitar/clases/${cohort.id}?/agregar`,
					{ username: target.username },
					cookie
				);
				expect(response.status()).toBe(200);
				const html = await response.text();
				// No display name: the form does not say whose account that is.
				expect(html).not.toContain(target.displayName);
				answers.push(notice(html));
				// Nobody is put in the class or enrolled by a facilitator's form.
				expect(await accountState(db, target.id), target.username).toEqual(before);
			}
			const unknown = await post(
				request,
				`/facilitar/clases/${cohort.id}?/agregar`,
				{ username: uniqueName('nadie') },
				cookie
			);
			answers.push(notice(await unknown.text()));
			// Staff, a participant and nobody at all: the very same answer.
			expect(new Set(answers).size).toBe(1);
			// Only the participant got an invitation, which they have not answered.
			const invitations = await db
				.selectFrom('class_invitations')
				.select('user_id')
				.where('cohort_id', '=', cohort.id)
				.execute();
			expect(invitations).toEqual([{ user_id: outsider.id }]);
		} finally {
			await retire(db, [facilitator, admin, other, outsider]);
		}
	});

	test('a facilitator cannot reset the password of an admin, a facilitator or an invited participant, even with the membership forced in the database', async ({
		request
	}) => {
		const facilitator = await person(db, 'facilitator', 'Facilitadora');
		const cohort = await classOf(db, facilitator.id);
		const cookie = await cookieOf(db, facilitator.id);
		const admin = await person(db, 'admin', 'Administradora');
		const other = await person(db, 'facilitator', 'Otra facilitadora');
		const invited = await person(db, 'participant', 'Invitada');
		try {
			// The first step of the chain, forced: staff "joined with the code" (the column's default).
			for (const target of [admin, other]) {
				await db
					.insertInto('cohort_members')
					.values({
						cohort_id: cohort.id,
						user_id: target.id,
						joined_at: new Date().toISOString(),
						added_by: null
					} as never)
					.execute();
			}
			// The participant comes the only way a username can: invited, and accepting.
			await post(
				request,
				`/facilitar/clases/${cohort.id}?/agregar`,
				{ username: invited.username },
				cookie
			);
			const accepted = await post(
				request,
				'/invitaciones?/aceptar',
				{ cohortId: cohort.id },
				await cookieOf(db, invited.id)
			);
			expect(accepted.status()).toBe(200);
			expect(
				await db
					.selectFrom('cohort_members')
					.select('user_id')
					.where('cohort_id', '=', cohort.id)
					.where('user_id', '=', invited.id)
					.execute()
			).toHaveLength(1);

			for (const target of [admin, other, invited]) {
				await cookieOf(db, target.id); // a session the reset would end
				const before = await accountState(db, target.id);
				const response = await post(
					request,
					`/facilitar/clases/${cohort.id}/participantes/${target.id}?/contrasena`,
					{},
					cookie
				);
				expect(response.status(), target.username).toBe(403);
				const html = await response.text();
				expect(html).not.toMatch(/Contraseña temporal|contraseña nueva es/i);
				expect(await accountState(db, target.id), target.username).toEqual(before);
			}
		} finally {
			await retire(db, [facilitator, admin, other, invited]);
		}
	});

	test('a facilitator cannot reset the password of a participant whose own account joined with the code', async ({
		request
	}) => {
		const facilitator = await person(db, 'facilitator', 'Facilitadora');
		const cohort = await classOf(db, facilitator.id);
		const owner = await person(db, 'participant', 'Con cuenta propia');
		try {
			// Her account, with her contact data, from weeks before the class.
			await db
				.updateTable('users')
				.set({
					created_at: new Date(Date.now() - 20 * 86400_000).toISOString(),
					email: 'maria@example.com'
				})
				.where('id', '=', owner.id)
				.execute();
			// She types the class's code (the join itself, without the route's address limit, which
			// the code-guessing test below fills for 127.0.0.1).
			expect((await joinByCode(db, owner.id, cohort.join_code)).ok).toBe(true);
			const membership = await db
				.selectFrom('cohort_members')
				.select('origin')
				.where('cohort_id', '=', cohort.id)
				.where('user_id', '=', owner.id)
				.execute();
			expect(membership).toEqual([{ origin: 'code' }]);

			const before = await accountState(db, owner.id);
			const response = await post(
				request,
				`/facilitar/clases/${cohort.id}/participantes/${owner.id}?/contrasena`,
				{},
				await cookieOf(db, facilitator.id)
			);
			expect(response.status()).toBe(403);
			expect(await response.text()).not.toMatch(/Contraseña temporal|contraseña nueva es/i);
			expect(await accountState(db, owner.id)).toEqual(before);
		} finally {
			await retire(db, [facilitator, owner]);
		}
	});

	test('only an administrator changes roles', async ({ request }) => {
		const facilitator = await person(db, 'facilitator', 'Facilitadora');
		const participant = await person(db, 'participant', 'Participante');
		try {
			for (const [actor, target] of [
				[facilitator, facilitator],
				[participant, participant],
				[facilitator, participant]
			]) {
				const before = await accountState(db, target.id);
				const response = await post(
					request,
					`/admin/personas/${target.id}?/rol`,
					{ role: 'admin' },
					await cookieOf(db, actor.id)
				);
				expect(response.status()).toBe(403);
				const after = await accountState(db, target.id);
				expect({ ...after, sessions: 0 }).toEqual({ ...before, sessions: 0 });
			}
		} finally {
			await retire(db, [facilitator, participant]);
		}
	});

	const VECTORS = [
		'/\t/evil.example',
		'/\n/evil.example',
		'/\r\n/evil.example',
		'/\r\nSet-Cookie: robado=1',
		'//evil.example',
		'/\\evil.example',
		'/\\/evil.example',
		'/.//evil.example',
		'///evil.example',
		'/%2F%2Fevil.example',
		'/%5Cevil.example',
		'/%09/evil.example',
		'https://evil.example',
		'javascript:alert(1)'
	];

	/** A redirect, to this site, without an injected header; never a 500. */
	function expectSafe(response: APIResponse, vector: string) {
		const label = `${response.url()} with volver=${JSON.stringify(vector)}`;
		expect(response.status(), label).toBe(303);
		const location = response.headers()['location'];
		expect(new URL(location, base()).origin, label).toBe(base());
		expect(location.startsWith('//') || location.startsWith('/\\'), label).toBe(false);
		expect(response.headers()['set-cookie'] ?? '', label).not.toContain('robado');
	}

	test('no `volver` leads off the site or breaks a page', async ({ request }) => {
		test.setTimeout(120_000);
		const someone = await person(db, 'participant', 'Viajera');
		let password = PASSWORD;
		try {
			for (const vector of VECTORS) {
				const q = encodeURIComponent(vector);
				const cookie = await cookieOf(db, someone.id);
				// Signed in, the sign-in and sign-up pages send the person on at once.
				expectSafe(
					await request.get(`/entrar?volver=${q}`, { headers: { cookie }, maxRedirects: 0 }),
					vector
				);
				expectSafe(
					await request.get(`/registro?volver=${q}`, { headers: { cookie }, maxRedirects: 0 }),
					vector
				);
				expectSafe(
					await post(request, '/entrar', { username: someone.username, password, volver: vector }),
					vector
				);
				expectSafe(
					await post(request, '/registro', {
						username: uniqueName('viaje').toLowerCase(),
						displayName: 'Viajera',
						password: PASSWORD,
						volver: vector
					}),
					vector
				);
				expectSafe(await post(request, '/idioma', { idioma: 'es', volver: vector }), vector);
				expectSafe(
					await post(request, '/ahorro-de-datos', { ahorro: '0', volver: vector }),
					vector
				);
				const page = await request.get(`/cuenta/contrasena?volver=${q}`, { headers: { cookie } });
				expect(page.status()).toBe(200);
				// The form keeps the place to go back to; it too must be on this site.
				const kept = /name="volver" value="([^"]*)"[^>]*>\s*<label for="current"/.exec(
					await page.text()
				)?.[1];
				expect(kept?.startsWith('/') && !kept.startsWith('//'), vector).toBe(true);
				expect(new URL(kept!, base()).origin).toBe(base());
				const next = password === PASSWORD ? 'otra-clave-segura-2' : PASSWORD;
				expectSafe(
					await post(
						request,
						'/cuenta/contrasena',
						{ current: password, next, repeat: next, volver: vector },
						cookie
					),
					vector
				);
				password = next;
			}
		} finally {
			await retire(db, [someone]);
		}
	});

	test('guessing join codes ends in 429, and then even the right code waits', async ({
		request
	}) => {
		const facilitator = await person(db, 'facilitator', 'Facilitadora');
		const cohort = await classOf(db, facilitator.id);
		const guesser = await person(db, 'participant', 'Adivina');
		const cookie = await cookieOf(db, guesser.id);
		try {
			const statuses: number[] = [];
			for (let i = 0; i < 10 && !statuses.includes(429); i++) {
				const response = await post(request, '/unirse', { code: `ZZZ-${222 + i}` }, cookie);
				statuses.push(response.status());
				if (response.status() === 429) {
					expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
				}
			}
			expect(statuses).toContain(429);
			const right = await post(request, '/unirse', { code: cohort.join_code }, cookie);
			expect(right.status()).toBe(429);
			expect(await accountState(db, guesser.id)).toMatchObject({ memberships: [] });
		} finally {
			await db.deleteFrom('rate_limits').where('key', 'like', 'join:%').execute();
			await retire(db, [facilitator, guesser]);
		}
	});

	test('probing usernames on the sign-up form ends in 429 and creates nothing', async ({
		request
	}) => {
		const taken = await person(db, 'participant', 'Existente');
		const countUsers = async () =>
			Number(
				(
					await db
						.selectFrom('users')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		try {
			const users = await countUsers();
			const statuses: number[] = [];
			for (let i = 0; i < 30 && !statuses.includes(429); i++) {
				const response = await post(request, '/registro', {
					username: taken.username,
					displayName: 'Sonda',
					password: PASSWORD
				});
				statuses.push(response.status());
			}
			expect(statuses).toContain(429);
			// While it waits, a free name gets the same answer: the wait itself tells nothing.
			const free = await post(request, '/registro', {
				username: uniqueName('libre').toLowerCase(),
				displayName: 'Sonda',
				password: PASSWORD
			});
			expect(free.status()).toBe(429);
			expect(await countUsers()).toBe(users);
		} finally {
			await db.deleteFrom('rate_limits').where('key', 'like', 'signup:taken:%').execute();
			await retire(db, [taken]);
		}
	});

	test('a body that is not a form gets a 400 with the usual message, never a 500', async ({
		request
	}) => {
		const headers = { origin: base(), accept: 'text/html' };
		const plain = await request.post('/entrar', {
			headers: { ...headers, 'content-type': 'text/plain' },
			data: 'username=a&password=b',
			maxRedirects: 0
		});
		expect(plain.status()).toBe(400);
		expect(await plain.text()).toContain('No entendimos esa acción');
		const broken = await request.post('/verificar', {
			headers: { ...headers, 'content-type': 'multipart/form-data; boundary=XYZ' },
			data: '--XYZ\r\nContent-Disposition: form-data; name="code"\r\n\r\nABC',
			maxRedirects: 0
		});
		expect(broken.status()).toBe(400);
		expect(await broken.text()).not.toMatch(/at .*\.js:\d+/);
	});

	test('a huge body is refused before anything reads it, outside the studio', async ({
		request
	}) => {
		const someone = await person(db, 'participant', 'Cargas');
		try {
			const huge = 'x'.repeat(3 * 1024 * 1024);
			const signIn = await request.post('/entrar', {
				headers: {
					origin: base(),
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				},
				data: `username=${someone.username}&password=${huge}`,
				maxRedirects: 0
			});
			expect(signIn.status()).toBe(413);
			expect(await signIn.text()).toContain('Lo que enviaste es demasiado grande');
			const sync = await request.post('/progreso/sin-conexion', {
				headers: {
					origin: base(),
					cookie: await cookieOf(db, someone.id),
					'content-type': 'application/json'
				},
				data: JSON.stringify({ userId: someone.id, padding: huge }),
				maxRedirects: 0
			});
			expect(sync.status()).toBe(413);
			// The studio editor takes large bodies only from people who may write courses: not from
			// anyone who types a course name into the address, nor from a participant.
			for (const cookie of [undefined, await cookieOf(db, someone.id)]) {
				const studio = await request.post('/admin/cursos/no-existe/editar/x.md?/guardar', {
					headers: {
						origin: base(),
						accept: 'text/html',
						'content-type': 'application/x-www-form-urlencoded',
						...(cookie ? { cookie } : {})
					},
					data: `revision=0&text=${huge}`,
					maxRedirects: 0
				});
				expect(studio.status()).toBe(413);
			}
			// An ordinary sign-in still works.
			const normal = await post(request, '/entrar', {
				username: someone.username,
				password: PASSWORD
			});
			expect(normal.status()).toBe(303);
		} finally {
			await retire(db, [someone]);
		}
	});

	test('my data export counts failed sign-ins without anyone’s address', async ({ request }) => {
		const someone = await person(db, 'participant', 'Exportadora');
		try {
			await post(request, '/entrar', { username: someone.username, password: 'no-es-esta' });
			const response = await request.get('/cuenta/mis-datos', {
				headers: { cookie: await cookieOf(db, someone.id) }
			});
			expect(response.status()).toBe(200);
			const text = await response.text();
			expect(text).toMatch(/"failures":\s*1/);
			expect(text).not.toMatch(/127\.0\.0\.1|::1|::ffff/);
		} finally {
			await retire(db, [someone]);
		}
	});
});

test('an invited participant accepts or declines on their next visit; the class may not reset their password', async ({
	page
}) => {
	const db = serverDatabase();
	const facilitator = await person(db, 'facilitator', 'Facilitadora');
	const cohort = await classOf(db, facilitator.id);
	const other = await classOf(db, facilitator.id);
	const invited = await person(db, 'participant', 'Invitada');
	try {
		await signIn(page, facilitator.username);
		for (const c of [cohort, other]) {
			await page.goto(`/facilitar/clases/${c.id}`);
			await page.getByLabel('Usuario').fill(invited.username);
			await page.getByRole('button', { name: 'Enviar la invitación' }).click();
			await expect(page.getByRole('status')).toContainText('verá la invitación');
		}
		await page.getByRole('button', { name: 'Salir' }).click();

		await signIn(page, invited.username);
		await expect(page.getByText('Tienes 2 invitación(es) a una clase.')).toBeVisible();
		await page.getByRole('link', { name: 'Ver y responder' }).click();
		const first = page.getByRole('listitem').filter({ hasText: cohort.name });
		await first.getByRole('button', { name: 'Aceptar y unirme' }).click();
		await expect(page.getByText(`Ya estás en la clase «${cohort.name}»`)).toBeVisible();
		const second = page.getByRole('listitem').filter({ hasText: other.name });
		await second.getByRole('button', { name: 'No, gracias' }).click();
		await expect(page.getByText(`Rechazaste la invitación a «${other.name}»`)).toBeVisible();
		await expect(page.getByText('No tienes invitaciones pendientes.')).toBeVisible();

		const memberships = await db
			.selectFrom('cohort_members')
			.select(['cohort_id', 'origin'])
			.where('user_id', '=', invited.id)
			.execute();
		expect(memberships).toEqual([{ cohort_id: cohort.id, origin: 'username' }]);

		// The facilitator sees them in the class, without a password button.
		await page.getByRole('button', { name: 'Salir' }).click();
		await signIn(page, facilitator.username);
		await page.goto(`/facilitar/clases/${cohort.id}/participantes/${invited.id}`);
		await expect(page.getByRole('heading', { level: 1, name: invited.displayName })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Dar una contraseña nueva' })).toHaveCount(0);
		await expect(page.getByText('Solo puedes dar una contraseña nueva')).toBeVisible();
	} finally {
		await retire(db, [facilitator, invited]);
		await db.destroy();
	}
});

test('a participant whose password the class reset is told who did it and when', async ({
	page
}) => {
	const db = serverDatabase();
	const facilitator = await person(db, 'facilitator', 'Facilitadora');
	const cohort = await classOf(db, facilitator.id);
	const joined = await person(db, 'participant', 'Con código');
	try {
		await db
			.insertInto('cohort_members')
			.values({
				cohort_id: cohort.id,
				user_id: joined.id,
				joined_at: new Date().toISOString(),
				added_by: null,
				origin: 'code'
			})
			.execute();
		await signIn(page, facilitator.username);
		await page.goto(`/facilitar/clases/${cohort.id}/participantes/${joined.id}`);
		await page.getByRole('button', { name: 'Dar una contraseña nueva' }).click();
		const temporary = (await page.locator('p.password').innerText()).trim();
		await page.getByRole('button', { name: 'Salir' }).click();

		await signIn(page, joined.username, temporary);
		await expect(page).toHaveURL(/\/cuenta\/contrasena/);
		await expect(page.getByRole('status')).toContainText(
			`Tu contraseña fue restablecida por ${facilitator.displayName} el`
		);
		const audit = await db
			.selectFrom('audit_log')
			.select('actor_id')
			.where('action', '=', 'user.password.reset')
			.where('target_id', '=', joined.id)
			.execute();
		expect(audit).toEqual([{ actor_id: facilitator.id }]);
	} finally {
		await retire(db, [facilitator, joined]);
		await db.destroy();
	}
});

/**
 * Disables the accounts a test made, so journeys that count people or admins are not disturbed
 * (the same as the authorisation matrix does).
 */
async function retire(db: Db, people: Person[]): Promise<void> {
	await db
		.updateTable('users')
		.set({ disabled_at: new Date().toISOString() })
		.where(
			'id',
			'in',
			people.map((p) => p.id)
		)
		.execute();
}
