// Who may do what, for every route and every form action, as five kinds of visitor. The list of
// routes comes from src/routes itself: a new page, endpoint or action without a rule here fails
// this test until someone decides who may use it.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SESSION_COOKIE, createSession } from '../../src/lib/server/auth/session';
import { createUser } from '../../src/lib/server/auth/users';
import { addMember, createCohort } from '../../src/lib/server/classes/cohorts';
import type { Db } from '../../src/lib/server/db';
import type { CohortRow, Role as DbRole } from '../../src/lib/server/db/schema';
import { createClassSession } from '../../src/lib/server/classes/sessions';
import { markLessonDone } from '../../src/lib/server/learning/progress';
import { startOrResumeAttempt, submitAttempt } from '../../src/lib/server/quizzes/attempts';
import { insertCertificate, realCourse, serverDatabase, uniqueName } from './helpers';

const ROLES = ['anon', 'participant', 'otherFacilitator', 'facilitator', 'admin'] as const;
type Role = (typeof ROLES)[number];

/**
 * What a visitor meets: `ok` (the page; for a form post, the action ran: done, or its empty
 * input refused), `away` (a page that sends them elsewhere), `login` (sent to sign in),
 * `unauthorized` (401: endpoints that scripts call, where a redirect would be no use),
 * `forbidden` (403) or `hidden` (404: we do not even say it exists).
 */
type Outcome = 'ok' | 'away' | 'login' | 'unauthorized' | 'forbidden' | 'hidden';
type Rule = Record<Role, Outcome>;

const rule = (
	anon: Outcome,
	participant: Outcome,
	facilitators: [Outcome, Outcome],
	admin: Outcome
) =>
	({
		anon,
		participant,
		otherFacilitator: facilitators[0],
		facilitator: facilitators[1],
		admin
	}) as Rule;

const PUBLIC = rule('ok', 'ok', ['ok', 'ok'], 'ok');
const SIGNED_IN = rule('login', 'ok', ['ok', 'ok'], 'ok');
/** The sign-in and sign-up pages: a signed-in person is sent on. */
const GUESTS = rule('ok', 'away', ['away', 'away'], 'away');
/** Endpoints that the page's own script calls. */
const SCRIPTS = rule('unauthorized', 'ok', ['ok', 'ok'], 'ok');
const FACILITATORS = rule('login', 'forbidden', ['ok', 'ok'], 'ok');
/** Pages of one class: its facilitator and administrators only. */
const THE_CLASS = rule('login', 'forbidden', ['forbidden', 'ok'], 'ok');
const ADMINS = rule('login', 'forbidden', ['forbidden', 'forbidden'], 'forbidden');
ADMINS.admin = 'ok';
/**
 * The studio's editing pages: authors (`autor`, who are not in this matrix) and administrators;
 * studio-editor.test.ts checks an autor's way through them and their 403 on publishing.
 */
const AUTHORS = ADMINS;
/** The editor's text posts: an expired session gets 401 with the text back, never a redirect. */
const AUTHOR_TEXT = rule('unauthorized', 'forbidden', ['forbidden', 'forbidden'], 'ok');
/** A class's endpoint that the attendance page's service worker calls (JSON: 401, never a redirect). */
const THE_CLASS_SCRIPT = rule('unauthorized', 'forbidden', ['forbidden', 'ok'], 'ok');
/** One participant's own quiz attempt: nobody else learns it exists. */
const OWN = rule('login', 'ok', ['hidden', 'hidden'], 'hidden');

/** Every route (by its id under src/routes) and what each visitor meets there. */
const RULES: Record<string, Rule> = {
	'GET /': PUBLIC,
	'GET /cursos': PUBLIC,
	'GET /cursos/[course]': PUBLIC,
	'POST /cursos/[course]?/inscribirse': SIGNED_IN,
	'GET /cursos/[course]/[lesson]': SIGNED_IN,
	'POST /cursos/[course]/[lesson]?/completar': SIGNED_IN,
	'GET /cursos/[course]/descargar': SCRIPTS,
	'GET /cursos/[course]/certificado': SIGNED_IN,
	'POST /cursos/[course]/certificado?/emitir': SIGNED_IN,
	'GET /cursos/[course]/evaluacion/[module]': SIGNED_IN,
	'POST /cursos/[course]/evaluacion/[module]?/enviar': SIGNED_IN,
	'GET /cursos/[course]/evaluacion/[module]/intento/[attempt]': OWN,
	'GET /mis-cursos': SIGNED_IN,
	'GET /media/[course]/[file]': PUBLIC,
	'POST /progreso/sin-conexion': SCRIPTS,
	'POST /progreso/evaluaciones': SCRIPTS,
	'GET /certificados/[code].pdf': rule('login', 'ok', ['hidden', 'hidden'], 'ok'),
	'GET /verificar': PUBLIC,
	'POST /verificar': PUBLIC,
	'GET /verificar/[code]': PUBLIC,
	// The picture of a valid certificate, for link previews; revoked and unknown codes get 404.
	'GET /verificar/[code]/imagen.png': PUBLIC,
	'GET /entrar': GUESTS,
	'POST /entrar': PUBLIC,
	'GET /registro': GUESTS,
	'POST /registro': PUBLIC,
	'POST /salir': PUBLIC,
	'POST /idioma': PUBLIC,
	'POST /ahorro-de-datos': PUBLIC,
	'GET /sin-conexion': PUBLIC,
	'GET /healthz': PUBLIC,
	/** Off unless METRICS_TOKEN is set (the test server has none); tests/e2e/operations.test.ts. */
	'GET /metrics': rule('hidden', 'hidden', ['hidden', 'hidden'], 'hidden'),
	'GET /cuenta': SIGNED_IN,
	'POST /cuenta?/salirTodas': SIGNED_IN,
	'GET /cuenta/contrasena': SIGNED_IN,
	'POST /cuenta/contrasena': SIGNED_IN,
	'GET /cuenta/mis-datos': SIGNED_IN,
	'GET /cuenta/borrar': SIGNED_IN,
	'POST /cuenta/borrar': rule('login', 'ok', ['forbidden', 'forbidden'], 'forbidden'),
	// The join page explains itself to anyone; joining needs an account.
	'GET /unirse': PUBLIC,
	'POST /unirse': SIGNED_IN,
	// Each person answers only their own invitations (the action reads them by the session).
	'GET /invitaciones': SIGNED_IN,
	'POST /invitaciones?/aceptar': SIGNED_IN,
	'POST /invitaciones?/rechazar': SIGNED_IN,
	'GET /facilitar': FACILITATORS,
	'POST /facilitar?/crear': FACILITATORS,
	'GET /facilitar/material/[course]/[module]': FACILITATORS,
	'GET /facilitar/clases/[id]': THE_CLASS,
	'POST /facilitar/clases/[id]?/codigo': THE_CLASS,
	'POST /facilitar/clases/[id]?/estado': THE_CLASS,
	'POST /facilitar/clases/[id]?/agregar': THE_CLASS,
	'POST /facilitar/clases/[id]?/quitar': THE_CLASS,
	'GET /facilitar/clases/[id]/codigo': THE_CLASS,
	'GET /facilitar/clases/[id]/cuentas': THE_CLASS,
	'POST /facilitar/clases/[id]/cuentas?/crear': THE_CLASS,
	'GET /facilitar/clases/[id]/participantes/[userId]': THE_CLASS,
	'POST /facilitar/clases/[id]/participantes/[userId]?/registrar': THE_CLASS,
	'POST /facilitar/clases/[id]/participantes/[userId]?/contrasena': THE_CLASS,
	'POST /facilitar/clases/[id]/participantes/[userId]?/quitar': THE_CLASS,
	'GET /facilitar/clases/[id]/registro.csv': THE_CLASS,
	'GET /facilitar/clases/[id]/resumen': THE_CLASS,
	'GET /facilitar/clases/[id]/sesiones': THE_CLASS,
	'POST /facilitar/clases/[id]/sesiones?/crear': THE_CLASS,
	'GET /facilitar/clases/[id]/sesiones/[sessionId]': THE_CLASS,
	'POST /facilitar/clases/[id]/sesiones/[sessionId]?/guardar': THE_CLASS,
	'POST /facilitar/clases/[id]/sesiones/[sessionId]/asistencia': THE_CLASS_SCRIPT,
	'GET /admin': ADMINS,
	'GET /admin/auditoria': ADMINS,
	'GET /admin/certificados': ADMINS,
	'GET /admin/certificados/[code]': ADMINS,
	'POST /admin/certificados/[code]?/revocar': ADMINS,
	'POST /admin/certificados/[code]?/reemitir': ADMINS,
	'GET /admin/cursos': ADMINS,
	'POST /admin/cursos?/publicar': ADMINS,
	'POST /admin/cursos?/versionNueva': ADMINS,
	'GET /admin/cursos/[course]': ADMINS,
	'GET /admin/cursos/[course]/versiones': ADMINS,
	'POST /admin/cursos/[course]/versiones?/publicar': ADMINS,
	'POST /admin/cursos/[course]/versiones?/restaurar': ADMINS,
	'GET /admin/cursos/[course]/editar': AUTHORS,
	'POST /admin/cursos/[course]/editar?/borrador': AUTHORS,
	'POST /admin/cursos/[course]/editar?/agregar': AUTHORS,
	'POST /admin/cursos/[course]/editar?/renombrar': AUTHORS,
	'POST /admin/cursos/[course]/editar?/mover': AUTHORS,
	'POST /admin/cursos/[course]/editar?/quitar': AUTHORS,
	'POST /admin/cursos/[course]/editar?/enviar': AUTHORS,
	'GET /admin/cursos/[course]/editar/[...path]': AUTHORS,
	'POST /admin/cursos/[course]/editar/[...path]?/guardar': AUTHOR_TEXT,
	'POST /admin/cursos/[course]/editar/[...path]?/vista': AUTHOR_TEXT,
	'POST /admin/cursos/[course]/editar/[...path]?/imagen': AUTHOR_TEXT,
	'GET /admin/personas': ADMINS,
	'GET /admin/personas/[id]': ADMINS,
	'POST /admin/personas/[id]?/rol': ADMINS,
	'POST /admin/personas/[id]?/estado': ADMINS,
	'POST /admin/personas/[id]?/contrasena': ADMINS,
	'POST /admin/personas/[id]?/borrar': ADMINS
};

const ROUTES = 'src/routes';

/** Each page, endpoint method and form action under src/routes, as `METHOD /route/id?/action`. */
function routeTree(dir = ROUTES): string[] {
	const found: string[] = [];
	// Layout groups such as (app) are not part of the address.
	const id = ('/' + dir.slice(ROUTES.length + 1).replace(/\(.*?\)\/?/g, '')).replace(
		/(.)\/$/,
		'$1'
	);
	const file = (name: string) => join(dir, name);
	if (existsSync(file('+page.svelte'))) found.push(`GET ${id}`);
	if (existsSync(file('+page.server.ts'))) {
		const source = readFileSync(file('+page.server.ts'), 'utf8');
		const actions = /export const actions[^=]*=\s*\{([\s\S]*)$/.exec(source)?.[1] ?? '';
		for (const [, name] of actions.matchAll(/^\t(\w+): /gm)) {
			found.push(name === 'default' ? `POST ${id}` : `POST ${id}?/${name}`);
		}
	}
	if (existsSync(file('+server.ts'))) {
		const source = readFileSync(file('+server.ts'), 'utf8');
		for (const [, method] of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) {
			found.push(`${method} ${id}`);
		}
	}
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (entry.isDirectory()) found.push(...routeTree(join(dir, entry.name)));
	}
	return found;
}

type Person = Exclude<Role, 'anon'> | 'classmate' | 'subject';

interface World {
	/** A value for each route parameter, by name. */
	params: Record<string, string>;
	users: Record<Person, string>;
	roles: Record<Person, DbRole>;
	cohort: CohortRow;
}

/**
 * The people and things the routes need: a class run by `facilitator` with `participant` and
 * `classmate` in it (facilitator pages about one person act on the classmate), another class run
 * by `otherFacilitator`, and a `subject` for the administrators' pages about one person.
 */
async function makeWorld(db: Db): Promise<World> {
	const course = await realCourse('crea-tu-negocio');
	const mod = course.modules[0];
	const roles: Record<Person, DbRole> = {
		participant: 'participant',
		classmate: 'participant',
		subject: 'participant',
		otherFacilitator: 'facilitator',
		facilitator: 'facilitator',
		admin: 'admin'
	};
	const users = {} as Record<Person, string>;
	for (const [who, role] of Object.entries(roles) as [Person, DbRole][]) {
		const user = await createUser(db, {
			username: uniqueName(`permisos-${role}`),
			displayName: `Permisos ${who}`,
			password: 'clave-segura-1',
			role
		});
		users[who] = user!.id;
	}
	const range = { startsOn: '2026-11-01', endsOn: '2026-12-31', place: null };
	const cohort = await createCohort(db, users.facilitator, {
		courseId: course.id,
		name: 'Clase de permisos',
		...range
	});
	await createCohort(db, users.otherFacilitator, {
		courseId: course.id,
		name: 'Otra clase',
		...range
	});
	const session = await createClassSession(db, cohort, {
		date: '2026-11-20',
		time: null,
		topic: 'Permisos',
		moduleId: null
	});
	await markLessonDone(db, {
		userId: users.participant,
		courseId: course.id,
		lessonId: course.lessons[0].id
	});
	const attempt = await startOrResumeAttempt(db, users.participant, mod.quiz!, course.version);
	await submitAttempt(db, {
		attemptId: attempt.id,
		userId: users.participant,
		quiz: mod.quiz!,
		answers: {}
	});
	const code = await insertCertificate(db, users.participant, course, 'Permisos participante');
	const world = {
		params: {
			course: course.id,
			lesson: course.lessons[0].id,
			module: mod.id,
			attempt: attempt.id,
			code,
			file: 'punto-de-equilibrio.svg',
			id: cohort.id,
			userId: users.classmate,
			sessionId: session.id,
			path: '01-tu-idea-de-negocio/01-emprender-con-lo-que-tienes.md'
		},
		users,
		roles,
		cohort
	};
	await restore(db, world);
	return world;
}

/**
 * Puts back what an action allowed in the previous request may have changed (a person removed
 * from the class, disabled, given a temporary password or another role), so each request meets
 * the same world whatever ran before it.
 */
async function restore(db: Db, world: World): Promise<void> {
	for (const [who, role] of Object.entries(world.roles) as [Person, DbRole][]) {
		await db
			.updateTable('users')
			.set({ role, disabled_at: null, must_change_password: 0 })
			.where('id', '=', world.users[who])
			.execute();
	}
	for (const member of [world.users.participant, world.users.classmate]) {
		await addMember(db, world.cohort, member, null, 'code');
	}
}

function urlOf(route: string, world: World): string {
	const [path, action] = route.split(' ')[1].split('?');
	const filled = path.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => {
		const value =
			path.startsWith('/admin/personas/') && name === 'id'
				? world.users.subject
				: world.params[name];
		if (!value) throw new Error(`no value for [${name}] in ${route}: add one to makeWorld()`);
		return value;
	});
	return action ? `${filled}?${action}` : filled;
}

/** A fresh session each time: some actions (sign out everywhere) end the ones they are sent with. */
async function cookieFor(db: Db, role: Role, world: World): Promise<string | undefined> {
	if (role === 'anon') return undefined;
	const { token } = await createSession(db, world.users[role]);
	return `${SESSION_COOKIE}=${token}`;
}

async function outcomeOf(
	request: APIRequestContext,
	route: string,
	url: string,
	cookie: string | undefined
): Promise<string> {
	const method = route.split(' ')[0];
	const base = new URL(test.info().project.use.baseURL!).origin;
	const headers: Record<string, string> = { accept: 'text/html', ...(cookie ? { cookie } : {}) };
	const response =
		method === 'GET'
			? await request.get(url, { headers, maxRedirects: 0 })
			: await request.fetch(url, {
					method,
					headers: { ...headers, origin: base },
					form: {},
					maxRedirects: 0
				});
	const status = response.status();
	const location = response.headers()['location'] ?? '';
	if (status >= 300 && status < 400) {
		if (location.startsWith('/entrar?volver=')) return 'login';
		// A form post that redirects has done its work and shows the result elsewhere.
		return method === 'GET' ? 'away' : 'ok';
	}
	if (status === 403) return 'forbidden';
	if (status === 404) return 'hidden';
	if (status === 401) return 'unauthorized';
	if (method === 'GET') return status === 200 ? 'ok' : `status ${status}`;
	// A form post that reached its action: its empty input refused with a message, or done.
	return [200, 400, 409, 422, 429].includes(status) ? 'ok' : `status ${status}`;
}

test('every route and action has a rule, and each kind of visitor meets it', async ({
	request
}, testInfo) => {
	test.skip(testInfo.project.name !== 'con-js', 'plain HTTP requests: one project is enough');
	test.setTimeout(180_000);
	const routes = routeTree();
	expect(routes.length).toBeGreaterThan(60);

	const unruled = routes.filter((r) => !(r in RULES));
	expect(unruled, 'routes with no access rule in tests/e2e/authorization.test.ts').toEqual([]);
	const stale = Object.keys(RULES).filter((r) => !routes.includes(r));
	expect(stale, 'rules for routes that no longer exist').toEqual([]);

	const db = serverDatabase();
	const world = await makeWorld(db);
	try {
		const mismatches: string[] = [];
		for (const route of routes) {
			const url = urlOf(route, world);
			for (const role of ROLES) {
				await restore(db, world);
				const expected = RULES[route][role];
				const actual = await outcomeOf(request, route, url, await cookieFor(db, role, world));
				if (actual !== expected) {
					mismatches.push(`${route} as ${role}: expected ${expected}, got ${actual}`);
				}
			}
		}
		expect(mismatches).toEqual([]);
	} finally {
		// Other journeys count the administrators (the demo one must stay the last active one).
		await db
			.updateTable('users')
			.set({ disabled_at: new Date().toISOString() })
			.where('id', 'in', Object.values(world.users))
			.execute();
		await db.destroy();
	}
});
