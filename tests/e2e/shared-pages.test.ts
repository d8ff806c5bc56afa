import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PERSON_HEADER } from '../../src/lib/offline/names';
import {
	coursePlans,
	markLesson,
	sharedPageCounts,
	signUp,
	startOwnServer,
	type OwnServer,
	type Plan
} from '../tools/app';

// Lesson pages are rendered once for everyone in the same situation (src/lib/server/pages/shared.ts).
// What a participant must never notice: another person's anything on their page, a stale page, a
// lost session cookie, a body whose bytes do not match its encoding. On a server of its own (one
// worker, so every request meets the same kept copies), with its figures from /metrics.
test.describe.configure({ mode: 'serial' });
test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'server-side only: once is enough');

const TOKEN = 'token-paginas-compartidas';
let server: OwnServer;
let plan: Plan;

test.beforeAll(async () => {
	server = await startOwnServer(4179, {
		WORKERS: '1',
		METRICS_TOKEN: TOKEN
	});
	plan = (await coursePlans())[0];
});

test.afterAll(() => server.stop());

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	/** The body as sent, and decoded according to its Content-Encoding. */
	raw: Buffer;
	text: string;
}

/** A GET with exactly these headers (fetch would add its own Accept-Encoding and decode). */
function getRaw(path: string, headers: Record<string, string>): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(server.url + path, { headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const raw = Buffer.concat(chunks);
				const encoding = res.headers['content-encoding'];
				const text = (
					encoding === 'br'
						? brotliDecompressSync(raw)
						: encoding === 'gzip'
							? gunzipSync(raw)
							: raw
				).toString('utf8');
				resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text });
			});
		});
		req.on('error', reject);
		req.end();
	});
}

async function sharedCounts() {
	const counts = await sharedPageCounts(server.url, TOKEN);
	if (!counts) throw new Error('no shared-page figures in /metrics');
	return counts;
}

/** A participant enrolled in the plan's course (its first lesson read). */
async function participant(
	name: string
): Promise<{ cookie: string; id: string; username: string }> {
	const username = `${name}-${Date.now().toString(36)}`;
	const cookie = await signUp(server.url, username);
	expect(await markLesson(server.url, cookie, plan.courseId, plan.lessons[0])).toBe(true);
	const db = new Database(server.databasePath, { readonly: true });
	const { id } = db.prepare('SELECT id FROM users WHERE username = ?').get(username) as {
		id: string;
	};
	db.close();
	return { cookie, id, username };
}

const lessonPath = () => `/cursos/${plan.courseId}/${plan.lessons[1]}`;

test('two people in the same situation get the same page, each with their own id, and nothing of the other', async () => {
	const ana = await participant('ana');
	const beto = await participant('beto');
	const before = await sharedCounts();
	const first = await getRaw(lessonPath(), { cookie: ana.cookie, 'accept-encoding': 'br' });
	const second = await getRaw(lessonPath(), { cookie: beto.cookie, 'accept-encoding': 'br' });
	expect([first.status, second.status]).toEqual([200, 200]);
	expect(second.text).toBe(first.text);
	expect(await sharedCounts()).toEqual({ hit: before.hit + 1, miss: before.miss + 1 });
	// Whose page it is travels beside it, for the service worker; never inside it.
	expect(first.headers[PERSON_HEADER]).toBe(ana.id);
	expect(second.headers[PERSON_HEADER]).toBe(beto.id);
	for (const person of [ana, beto]) {
		for (const secret of [person.id, person.username, `Participante ${person.username}`]) {
			expect(first.text).not.toContain(secret);
		}
	}
	// The kept copy answers as the rendered one did: the same security headers, the same Vary.
	for (const name of ['content-security-policy', 'x-content-type-options', 'vary']) {
		expect(second.headers[name], name).toBe(first.headers[name]);
	}
	// A phone keeps one copy of the address whoever signs in: revalidated by the next person, the
	// copy must not come back as a 304 (which would keep the first person's headers). Each person's
	// ETag is their own, and no shared cache may keep the page.
	expect(second.headers.etag).not.toBe(first.headers.etag);
	expect(first.headers['cache-control']).toMatch(/\bprivate\b/);
	const revalidate = (cookie: string, etag: unknown) =>
		getRaw(lessonPath(), { cookie, 'accept-encoding': 'br', 'if-none-match': String(etag) });
	const bByA = await revalidate(beto.cookie, first.headers.etag);
	expect(bByA.status).toBe(200);
	expect(bByA.headers[PERSON_HEADER]).toBe(beto.id);
	// An address with a query, or spelt with percent-encoding, is rendered every time, never
	// kept: made-up addresses cannot push everyone's copies out.
	const counted = await sharedCounts();
	const lastLetter = lessonPath().slice(-1);
	const madeUp = [
		`${lessonPath()}?x=${Date.now()}`,
		`${lessonPath().slice(0, -1)}%${lastLetter.charCodeAt(0).toString(16)}`,
		`${lessonPath().slice(0, -1)}%${lastLetter.charCodeAt(0).toString(16).toUpperCase()}`
	];
	for (const path of madeUp) {
		const answer = await getRaw(path, { cookie: ana.cookie, 'accept-encoding': 'br' });
		expect(answer.status, path).toBe(200);
		expect(answer.headers[PERSON_HEADER]).toBe(ana.id);
	}
	expect(await sharedCounts()).toEqual(counted);
	const bAgain = await revalidate(beto.cookie, second.headers.etag);
	expect(bAgain.status).toBe(304);
	expect(bAgain.headers.vary).toBe(second.headers.vary);
});

test('what differs between two people is never shared: progress, role, language, data saver', async () => {
	const ana = await participant('ana2');
	const beto = await participant('beto2');
	const page = (cookie: string) => getRaw(lessonPath(), { cookie, 'accept-encoding': 'gzip' });
	await page(ana.cookie);
	expect(await markLesson(server.url, ana.cookie, plan.courseId, plan.lessons[1])).toBe(true);
	expect((await page(ana.cookie)).text).toContain('Ya terminaste esta lección.');
	const bPage = (await page(beto.cookie)).text;
	expect(bPage).not.toContain('Ya terminaste esta lección.');
	expect(bPage).toContain('Terminé esta lección: seguir');

	// The same person as a facilitator sees their menu; the participant next to them does not.
	const db = new Database(server.databasePath);
	db.prepare("UPDATE users SET role = 'facilitator' WHERE id = ?").run(ana.id);
	db.close();
	expect((await page(ana.cookie)).text).toContain('Mis clases');
	expect((await page(beto.cookie)).text).not.toContain('Mis clases');

	const english = await getRaw(lessonPath(), {
		cookie: `${beto.cookie}; microaula-lang=en`,
		'accept-encoding': 'gzip'
	});
	expect(english.text).toContain('I finished this lesson: continue');
	expect((await page(beto.cookie)).text).toContain('Terminé esta lección: seguir');

	const saver = await getRaw(lessonPath(), {
		cookie: `${beto.cookie}; microaula-ahorro=1`,
		'accept-encoding': 'gzip'
	});
	expect(saver.text).toContain('Mostrar imágenes');
	expect((await page(beto.cookie)).text).not.toContain('Mostrar imágenes');
});

test('every encoding gets bytes that decode to the same page, labelled as they are', async () => {
	const ana = await participant('ana3');
	const asked = ['br', 'gzip', 'identity', 'gzip;q=1, br;q=0', 'x-gzip', '*'];
	const answers = [];
	for (const encoding of asked) {
		for (let i = 0; i < 2; i++) {
			answers.push(await getRaw(lessonPath(), { cookie: ana.cookie, 'accept-encoding': encoding }));
		}
	}
	expect(answers.map((a) => a.headers['content-encoding'] ?? 'none')).toEqual([
		...['br', 'br', 'gzip', 'gzip', 'none', 'none', 'gzip', 'gzip', 'gzip', 'gzip', 'br', 'br']
	]);
	for (const a of answers) expect(a.text).toBe(answers[0].text);
	expect(Number(answers[0].headers['content-length'])).toBe(answers[0].raw.length);
});

test('access is checked on every request, and a renewed session still gets its cookie', async () => {
	const ana = await participant('ana4');
	expect((await getRaw(lessonPath(), { cookie: ana.cookie })).status).toBe(200);
	const out = await getRaw(lessonPath(), {});
	expect(out.status).toBe(303);
	expect(out.headers.location).toMatch(/^\/entrar\?volver=/);

	// Last verified two hours ago: this answer pushes the expiry forward and must say so.
	const db = new Database(server.databasePath);
	db.prepare('UPDATE sessions SET last_verified_at = ? WHERE user_id = ?').run(
		new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString(),
		ana.id
	);
	db.close();
	const renewed = await getRaw(lessonPath(), { cookie: ana.cookie, 'accept-encoding': 'br' });
	expect(renewed.status).toBe(200);
	expect(String(renewed.headers['set-cookie'])).toMatch(/^microaula-session=/);
	expect(renewed.headers[PERSON_HEADER]).toBe(ana.id);
});
