// `npm run bench:pages`: what each kind of page costs a phone. Builds, starts the production server
// on a fresh database, loads every page kind in Debian's Chromium with a cold cache and again warm,
// prints bytes transferred by type, then runs Lighthouse (mobile emulation) on the lesson and quiz
// pages. Numbers are printed, never asserted: the machine is noisy (budgets: tests/e2e/budget.test.ts).
//
//   BENCH_PORT=4173          port of the server it starts
//   BENCH_SKIP_BUILD=1       measure the existing build/
//   BENCH_NO_LIGHTHOUSE=1    only the byte table
//   BENCH_LIGHTHOUSE_RUNS=3  Lighthouse runs per page; the median run (by performance) is shown,
//                            with the range: on a shared machine one run can be 15 points off
//   CHROMIUM_PATH=/usr/bin/chromium
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readContentDirectory } from '../../src/lib/server/content/format/check-directory';
import { openSqlite } from '../../src/lib/server/db';
import { findUserByUsername } from '../../src/lib/server/auth/users';
import { issueCertificate } from '../../src/lib/server/certificates/certificates';
import { enrol, markLessonDone } from '../../src/lib/server/learning/progress';
import type { DownloadList } from '../../src/lib/offline/names';
import { startOrResumeAttempt, submitAttempt } from '../../src/lib/server/quizzes/attempts';
import type { Course, Question } from '../../src/lib/server/content/format/types';
import {
	KINDS,
	addServiceWorkerScript,
	isLessonImage,
	kb,
	settle,
	totals,
	trackTransfers,
	type Totals
} from './measure';

import {
	chromium,
	request as apiRequest,
	type Browser,
	type BrowserContext,
	type Page
} from '@playwright/test';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

const PORT = Number(process.env.BENCH_PORT ?? 4173);
const BASE = `http://localhost:${PORT}`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];
const DATABASE_PATH = `data/bench-${Date.now()}.sqlite`;
const DEMO_PASSWORD = 'microaula-demo';

const COURSE = 'crea-tu-negocio';
const LESSON = 'punto-de-equilibrio'; // a lesson with a figure, so images show up (and stay lazy)
const CERTIFICATE_COURSE = 'trabajo-seguro';

function log(line: string) {
	process.stderr.write(line + '\n');
}

function build() {
	if (process.env.BENCH_SKIP_BUILD === '1') return;
	log('Building (npm run build)…');
	const result = spawnSync('npm', ['run', 'build', '--silent'], { encoding: 'utf8' });
	if (result.status !== 0) {
		log(result.stdout + result.stderr);
		process.exit(result.status ?? 1);
	}
}

async function startServer(): Promise<ChildProcess> {
	const server = spawn('node', ['src/cli/serve.js'], {
		env: {
			...process.env,
			PORT: String(PORT),
			DATABASE_PATH,
			DATABASE_URL: '',
			MICROAULA_DEMO: '1'
		},
		stdio: ['ignore', 'ignore', 'inherit']
	});
	for (let i = 0; i < 200; i++) {
		try {
			if ((await fetch(BASE + '/')).ok) return server;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 150));
	}
	server.kill();
	throw new Error(`the server did not answer on ${BASE}`);
}

function rightAnswer(q: Question): string | string[] {
	if (q.type === 'truefalse' || q.type === 'number') return String(q.answer);
	const right = q.options.filter((o) => o.correct).map((o) => o.id);
	return q.type === 'single' ? right[0] : right;
}

/** The certificate page is measured as the public /verificar/<code> page (what a QR scan opens),
 * for a certificate the demo participant earns here through the domain functions. */
async function issueDemoCertificate(course: Course): Promise<string> {
	const db = openSqlite(DATABASE_PATH);
	try {
		const user = await findUserByUsername(db, 'demo-participante');
		if (!user) throw new Error('no demo participant: is MICROAULA_DEMO on?');
		for (const lesson of course.lessons) {
			await markLessonDone(db, { userId: user.id, courseId: course.id, lessonId: lesson.id });
		}
		for (const mod of course.modules) {
			if (!mod.quiz) continue;
			const attempt = await startOrResumeAttempt(db, user.id, mod.quiz, course.version);
			const answers = Object.fromEntries(mod.quiz.questions.map((q) => [q.id, rightAnswer(q)]));
			await submitAttempt(db, { attemptId: attempt.id, userId: user.id, quiz: mod.quiz, answers });
		}
		const issued = await issueCertificate(db, {
			userId: user.id,
			course,
			nameToPrint: user.display_name
		});
		if (!issued.ok) throw new Error('could not issue the demo certificate');
		return issued.certificate.code;
	} finally {
		await db.destroy();
	}
}

/**
 * What the prepared quiz attempts add to a course download (issue 16): the quiz page and its data
 * for each module not passed, gzip, as the download list weighs them (GET /cursos/<id>/descargar).
 */
async function preparedAttemptBytes(state: StorageState): Promise<string[]> {
	const db = openSqlite(DATABASE_PATH);
	try {
		const user = await findUserByUsername(db, 'demo-participante');
		await enrol(db, user!.id, COURSE);
	} finally {
		await db.destroy();
	}
	const api = await apiRequest.newContext({ baseURL: BASE, storageState: state });
	const response = await api.get(`/cursos/${COURSE}/descargar`);
	const list = (await response.json()) as DownloadList;
	await api.dispose();
	const perModule = new Map<string, number>();
	for (const item of list.items) {
		if (item.quizModule) {
			perModule.set(item.quizModule, (perModule.get(item.quizModule) ?? 0) + item.bytes);
		}
	}
	const values = [...perModule.values()];
	const total = values.reduce((sum, b) => sum + b, 0);
	return [
		`Prepared quiz attempts in the ${COURSE} download (page + data, gzip; target < 10 KB a module):`,
		...[...perModule].map(([id, bytes]) => `  ${id.padEnd(32)} ${kb(bytes)} KB`),
		`  ${values.length} modules: ${kb(total)} KB extra, at most ${kb(Math.max(0, ...values))} KB a module; whole download ${kb(list.bytes)} KB`
	];
}

async function signedIn(browser: Browser, username: string | null): Promise<StorageState> {
	const context = await browser.newContext({ baseURL: BASE, locale: 'es-EC' });
	if (username) {
		const page = await context.newPage();
		await page.goto('/entrar');
		await page.getByLabel('Usuario').fill(username);
		await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Entrar' }).click();
		await page.waitForURL((url) => url.pathname !== '/entrar');
	}
	const state = await context.storageState();
	await context.close();
	return state;
}

interface Row {
	name: string;
	load: string;
	result: Totals | null;
}

async function statusOf(path: string, state: StorageState): Promise<number> {
	const api = await apiRequest.newContext({ baseURL: BASE, storageState: state });
	const response = await api.get(path, { maxRedirects: 0 });
	await api.dispose();
	return response.status();
}

async function measurePage(
	browser: Browser,
	name: string,
	path: string,
	state: StorageState,
	extra?: (page: Page, rows: Row[], track: Tracker) => Promise<void>
): Promise<Row[]> {
	if ((await statusOf(path, state)) === 404) {
		return [{ name, load: 'cold', result: null }];
	}
	const context = await browser.newContext({
		baseURL: BASE,
		storageState: state,
		viewport: { width: 360, height: 740 },
		locale: 'es-EC'
	});
	const page = await context.newPage();
	const track = await trackTransfers(page);
	const rows: Row[] = [];
	await page.goto(path);
	await settle(page);
	await track.settle();
	await addServiceWorkerScript(page, track.transfers);
	rows.push({ name, load: 'cold', result: totals(track.transfers, isLessonImage) });
	track.reset();
	await page.goto(path);
	await settle(page);
	await track.settle();
	rows.push({ name, load: 'warm', result: totals(track.transfers, isLessonImage) });
	if (extra) await extra(page, rows, track);
	await track.stop();
	await context.close();
	return rows;
}

type Tracker = Awaited<ReturnType<typeof trackTransfers>>;

function table(rows: Row[]): string {
	const head = [
		'page',
		'load',
		'total KB',
		...KINDS.map((k) => `${k} KB`),
		'requests',
		'JS raw KB',
		'of which SW KB'
	];
	const lines = rows.map((r) =>
		r.result
			? [
					r.name,
					r.load,
					kb(r.result.bytes),
					...KINDS.map((k) => kb(r.result!.byKind[k])),
					String(r.result.requests),
					kb(r.result.jsRaw),
					kb(r.result.serviceWorkerBytes)
				]
			: [r.name, '-', 'n/a', ...KINDS.map(() => ''), '', '', '']
	);
	const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
	const fmt = (cells: string[]) =>
		cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
	return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

type Lhr = NonNullable<Awaited<ReturnType<typeof import('lighthouse').default>>>['lhr'];

const LIGHTHOUSE_RUNS = Math.max(1, Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3));

async function lighthouseScores(paths: { name: string; path: string }[]): Promise<string[]> {
	const { default: lighthouse } = await import('lighthouse');
	const debugPort = PORT + 1000;
	const profile = mkdtempSync(join(tmpdir(), 'microaula-lh-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		args: [...CHROMIUM_ARGS, `--remote-debugging-port=${debugPort}`],
		baseURL: BASE,
		locale: 'es-EC'
	});
	const out: string[] = [];
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.goto('/entrar');
		await page.getByLabel('Usuario').fill('demo-participante');
		await page.getByLabel('Contraseña').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Entrar' }).click();
		await page.waitForURL((url) => url.pathname !== '/entrar');
		await page.goto('about:blank');
		for (const { name, path } of paths) {
			const runs: Lhr[] = [];
			for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
				// Lighthouse clears the cache and storage but keeps cookies: the page opens signed in.
				const result = await lighthouse(BASE + path, {
					port: debugPort,
					output: 'json',
					logLevel: 'error',
					onlyCategories: ['performance', 'accessibility', 'best-practices']
				});
				if (result?.lhr) runs.push(result.lhr);
			}
			if (runs.length === 0) {
				out.push(`${name}: Lighthouse gave no result`);
				continue;
			}
			const performance = (r: Lhr) => r.categories.performance?.score ?? 0;
			runs.sort((a, b) => performance(a) - performance(b));
			const lhr = runs[Math.floor(runs.length / 2)];
			const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
			const audit = (id: string) => lhr.audits[id]?.displayValue ?? '?';
			out.push(
				`${name.padEnd(8)} performance ${score('performance')}  accessibility ${score('accessibility')}  best-practices ${score('best-practices')}` +
					`   (FCP ${audit('first-contentful-paint')}, LCP ${audit('largest-contentful-paint')}, TBT ${audit('total-blocking-time')}, CLS ${audit('cumulative-layout-shift')})` +
					(runs.length > 1
						? `; median of ${runs.length}, performance ${Math.round(performance(runs[0]) * 100)}–${Math.round(performance(runs[runs.length - 1]) * 100)}`
						: '')
			);
			const failing = Object.values(lhr.categories)
				.flatMap((c) => c.auditRefs)
				.filter((ref) => ref.weight > 0)
				.map((ref) => lhr.audits[ref.id])
				.filter((a) => a && a.score !== null && a.score < 0.9);
			for (const a of failing)
				out.push(`           below 90: ${a.id} (${a.displayValue ?? a.score})`);
		}
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
	}
	return out;
}

build();
const { courses } = await readContentDirectory('content');
const course = courses.find((c) => c.id === COURSE)!;
const lessonIndex = course.lessons.findIndex((l) => l.id === LESSON);
const next = course.lessons[lessonIndex + 1];
const quizModule = course.modules.find((m) => m.quiz)!;

log(`Starting the server on ${BASE} (database ${DATABASE_PATH})…`);
const server = await startServer();
try {
	const code = await issueDemoCertificate(courses.find((c) => c.id === CERTIFICATE_COURSE)!);
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	const anonymous = await signedIn(browser, null);
	const participant = await signedIn(browser, 'demo-participante');
	const facilitator = await signedIn(browser, 'demo-facilitadora');
	const lessonPath = `/cursos/${COURSE}/${LESSON}`;

	const rows: Row[] = [];
	rows.push(...(await measurePage(browser, 'home', '/', anonymous)));
	rows.push(...(await measurePage(browser, 'catalogue', '/cursos', anonymous)));
	rows.push(...(await measurePage(browser, 'course', `/cursos/${COURSE}`, participant)));
	rows.push(
		...(await measurePage(browser, 'lesson', lessonPath, participant, async (page, out, track) => {
			// The next lesson as a reader reaches it: following the link (client-side with JS)…
			track.reset();
			await page.goto(lessonPath);
			await settle(page);
			track.reset();
			await page.locator('a[rel="next"]').click();
			await page.waitForURL(`**/${next.id}`);
			await settle(page);
			await track.settle();
			out.push({
				name: 'next lesson',
				load: 'warm, link',
				result: totals(track.transfers, isLessonImage)
			});
			// …and as a full page load (JavaScript off, or a link opened from elsewhere).
			track.reset();
			await page.goto(`/cursos/${COURSE}/${course.lessons[lessonIndex + 2]?.id ?? next.id}`);
			await settle(page);
			await track.settle();
			out.push({
				name: 'next lesson',
				load: 'warm, full',
				result: totals(track.transfers, isLessonImage)
			});
		}))
	);
	rows.push(
		...(await measurePage(
			browser,
			'quiz',
			`/cursos/${COURSE}/evaluacion/${quizModule.id}`,
			participant
		))
	);
	rows.push(...(await measurePage(browser, 'certificate', `/verificar/${code}`, anonymous)));
	rows.push(...(await measurePage(browser, 'facilitator', '/facilitar', facilitator)));
	await browser.close();

	console.log(
		'Bytes transferred per page (KB, compressed, headers included; lesson images excluded)'
	);
	console.log(`lesson = ${lessonPath}; certificate = /verificar/<code>; facilitator = /facilitar`);
	console.log(
		'requests: all of them, cached ones included; JS raw: decoded size of the scripts run;'
	);
	console.log(
		'of which SW: fetched by the service worker (its script, its shell, pages it passes on).'
	);
	console.log('');
	console.log(table(rows));
	console.log('');
	for (const line of await preparedAttemptBytes(participant)) console.log(line);
	console.log('');

	if (process.env.BENCH_NO_LIGHTHOUSE !== '1') {
		log('Running Lighthouse (mobile emulation)…');
		const scores = await lighthouseScores([
			{ name: 'lesson', path: lessonPath },
			{ name: 'quiz', path: `/cursos/${COURSE}/evaluacion/${quizModule.id}` }
		]);
		console.log('Lighthouse (mobile emulation, simulated throttling)');
		for (const line of scores) console.log(line);
	}
} finally {
	server.kill('SIGTERM');
	for (const suffix of ['', '-wal', '-shm']) rmSync(DATABASE_PATH + suffix, { force: true });
}
