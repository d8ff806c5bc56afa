// Load benchmark (`npm run bench:load`, needs `npm run build`). First the ratios, measured in one
// run so the machine's noise cancels: with one worker, lesson pages/s ÷ /healthz answers/s at 50
// connections flat out (what a lesson page costs next to the cheapest answer), then lesson pages/s
// and p95 with every worker, each with the server's CPU time per answer (from /proc: other work on
// the machine moves it less than answers per second); with
// BENCH_BASELINE=<another checkout with a build> the same for that release, so old and new are
// compared in the same run. Then the loads: 50 and then 200 participants, each on its own
// connection with its own session. Two loads: lesson pages only (the design's budget:
// p95 ≤ 50 ms with 50 participants) and a realistic mix of reading lessons (7 in 10 requests),
// marking a lesson done (1), opening a quiz (1) and submitting it (1). Two paces: flat out (each
// participant sends the next request as soon as the last is answered: the server's ceiling) and
// paced (each participant 1 request per second, starts spread over the first second: already far
// busier than a person reading). Prints throughput, p50/p95/p99 latency, errors and the server's
// memory. SQLite by default; with DATABASE_URL=postgres://… a fresh database is made on that
// server for the run and dropped after. Each server is warmed up first (BENCH_WARMUP seconds of
// lesson pages, not counted: a fresh process still compiles its code and fills its caches, which
// made short runs noisy). Options: BENCH_USERS ("50,200"), BENCH_DURATION (seconds per run, 20),
// BENCH_WARMUP (3), BENCH_PORT (3303).
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
	coursePlans,
	cpuMs,
	readSomeLessons,
	requireBuild,
	rssMb,
	sharedPageCounts,
	signUp,
	startServer,
	type Plan,
	type RunningServer
} from '../tools/app';

const USERS = (process.env.BENCH_USERS ?? '50,200').split(',').map(Number);
const BASELINE = process.env.BENCH_BASELINE;
/**
 * Environment for the baseline's server only, as JSON: with BENCH_BASELINE=. it compares a
 * setting against this release in one run (e.g. '{"NODE_OPTIONS":"--max-semi-space-size=32"}').
 */
const BASELINE_ENV: Record<string, string> = JSON.parse(process.env.BENCH_BASELINE_ENV ?? '{}');
/** `ratios`, `loads` or both (default). */
const PART = process.env.BENCH_PART ?? 'all';
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 3303);
/** The ratios: measures taken in turn, this many rounds of ROUND seconds each. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND = Number(process.env.BENCH_ROUND ?? 3);
const PG_URL = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '')
	? process.env.DATABASE_URL!
	: null;

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
/** Each server's /metrics opens with it, for the share of lesson pages served from shared copies. */
const METRICS_TOKEN = 'bench';
const sharedShare = async (server: RunningServer) => {
	const counts = await sharedPageCounts(server.url, METRICS_TOKEN);
	if (!counts || counts.hit + counts.miss === 0)
		return 'ninguna lección servida de una copia compartida';
	const share = Math.round((100 * counts.hit) / (counts.hit + counts.miss));
	return `${share} % de las lecciones servidas de una copia compartida (${counts.hit} de ${counts.hit + counts.miss})`;
};

/** The request loop of one participant, with their session cookie baked in. */
function participantRequests(cookie: string, base: string, plans: Plan[], mix: Mix) {
	const read = {
		method: 'GET' as const,
		headers: { cookie },
		setupRequest: (req: autocannon.Request) => {
			const plan = pick(plans);
			return { ...req, path: `/cursos/${plan.courseId}/${pick(plan.lessons)}` };
		}
	};
	// Accept: text/html makes SvelteKit answer as to a browser without JavaScript (303 redirects).
	if (mix === 'lessons') return [read];
	const form = {
		cookie,
		origin: base,
		accept: 'text/html',
		'content-type': 'application/x-www-form-urlencoded'
	};
	return [
		read,
		read,
		read,
		{
			method: 'POST' as const,
			headers: form,
			body: '',
			setupRequest: (req: autocannon.Request) => {
				const plan = pick(plans);
				return { ...req, path: `/cursos/${plan.courseId}/${pick(plan.lessons)}?/completar` };
			}
		},
		read,
		read,
		{
			method: 'GET' as const,
			headers: { cookie },
			setupRequest: (req: autocannon.Request, context: Record<string, string>) => {
				const plan = pick(plans);
				const quiz = pick(plan.quizzes);
				context.quizPath = `/cursos/${plan.courseId}/evaluacion/${quiz.moduleId}`;
				return { ...req, path: context.quizPath };
			},
			onResponse: (_status: number, body: string, context: Record<string, string>) => {
				const fields = new URLSearchParams();
				const attempt = /name="attempt" value="([a-z0-9]+)"/.exec(body)?.[1];
				if (!attempt) return;
				fields.set('attempt', attempt);
				for (const match of body.matchAll(/<input[^>]*name="(q-[^"]+)"[^>]*>/g)) {
					if (fields.has(match[1])) continue;
					fields.set(match[1], /value="([^"]*)"/.exec(match[0])?.[1] ?? '1');
				}
				context.answers = fields.toString();
			}
		},
		{
			method: 'POST' as const,
			headers: form,
			setupRequest: (req: autocannon.Request, context: Record<string, string>) =>
				context.answers
					? { ...req, path: `${context.quizPath}?/enviar`, body: context.answers }
					: // No quiz page to answer (it failed): start the loop again.
						(undefined as unknown as autocannon.Request)
		},
		read,
		read
	];
}

// The design's budget (p95 ≤ 50 ms, zero errors) is for lesson pages with 50 participants; the
// full mix shows what writes and quizzes add on top.
type Mix = 'lessons' | 'mixed';
const MIXES: { mix: Mix; label: string }[] = [
	{ mix: 'lessons', label: 'solo lecciones' },
	{ mix: 'mixed', label: 'mezcla' }
];

const MODES = [
	{ label: 'sin pausas', rate: undefined },
	{ label: '1 sol/s c/u', rate: 1 }
];

interface RunResult {
	mix: string;
	mode: string;
	users: number;
	requests: number;
	throughput: number;
	p50: number;
	p95: number;
	p99: number;
	errors: number;
	timeouts: number;
	statuses: Record<string, number>;
	rssStart: number;
	rssPeak: number;
}

async function load(
	server: RunningServer,
	users: number,
	cookies: string[],
	plans: Plan[],
	mix: (typeof MIXES)[number],
	mode: (typeof MODES)[number]
): Promise<RunResult> {
	const rssStart = rssMb(server.process.pid!);
	let rssPeak = rssStart;
	const sampler = setInterval(() => {
		rssPeak = Math.max(rssPeak, rssMb(server.process.pid!));
	}, 250);

	const latencies: number[] = [];
	const statuses: Record<string, number> = {};
	const record = (instance: autocannon.Instance) =>
		instance.on('response', (_client, statusCode, _bytes, responseTime) => {
			latencies.push(responseTime);
			statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
		});
	const common = { url: server.url, duration: DURATION, timeout: 10 };
	const requestsOf = (cookie: string) => participantRequests(cookie, server.url, plans, mix.mix);
	let result: Pick<autocannon.Result, 'errors' | 'timeouts'>;
	if (!mode.rate) {
		let next = 0;
		const instance = autocannon({
			...common,
			connections: users,
			requests: requestsOf(cookies[0]),
			setupClient: (client) => client.setRequests(requestsOf(cookies[next++ % cookies.length]))
		});
		record(instance);
		result = await instance;
	} else {
		// One instance per participant, their starts spread over the first second: autocannon's own
		// connectionRate ticks every connection on the same timer, so all of them would arrive
		// together once a second, which is a burst, not 50 people reading.
		const results = await Promise.all(
			cookies.slice(0, users).map(async (cookie, i) => {
				await new Promise((resolve) => setTimeout(resolve, (i * 1000) / users));
				const instance = autocannon({
					...common,
					connections: 1,
					connectionRate: mode.rate,
					requests: requestsOf(cookie)
				});
				record(instance);
				return instance;
			})
		);
		result = {
			errors: results.reduce((n, r) => n + r.errors, 0),
			timeouts: results.reduce((n, r) => n + r.timeouts, 0)
		};
	}
	clearInterval(sampler);
	latencies.sort((a, b) => a - b);
	const bad = Object.entries(statuses)
		.filter(([code]) => Number(code) >= 400)
		.reduce((n, [, count]) => n + count, 0);
	return {
		mix: mix.label,
		mode: mode.label,
		users,
		requests: latencies.length,
		throughput: Math.round(latencies.length / DURATION),
		p50: Math.round(percentile(latencies, 50)),
		p95: Math.round(percentile(latencies, 95)),
		p99: Math.round(percentile(latencies, 99)),
		// autocannon counts timeouts among its errors.
		errors: bad + result.errors,
		timeouts: result.timeouts,
		statuses,
		rssStart,
		rssPeak
	};
}

async function run(
	users: number,
	env: Record<string, string>,
	plans: Plan[]
): Promise<RunResult[]> {
	const server = await startServer(PORT, env);
	try {
		const cookies: string[] = [];
		for (let i = 0; i < users; i++) {
			const cookie = await signUp(server.url, `carga-${users}-${i}`);
			// Enrolled in every course (marking a lesson enrols), so every quiz is open to them.
			await readSomeLessons(server.url, cookie, plans);
			cookies.push(cookie);
		}
		await warmUp(server, cookies, plans);
		const results: RunResult[] = [];
		for (const mix of MIXES)
			for (const mode of MODES) results.push(await load(server, users, cookies, plans, mix, mode));
		return results;
	} finally {
		server.process.kill('SIGTERM');
		await server.exited;
	}
}

async function withDatabase(users: number, plans: Plan[]): Promise<RunResult[]> {
	if (!PG_URL) {
		const dir = mkdtempSync(join(tmpdir(), 'microaula-bench-'));
		try {
			return await run(
				users,
				{ DATABASE_PATH: join(dir, 'bench.sqlite'), DATABASE_URL: '' },
				plans
			);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}
	const name = `microaula_bench_${Date.now()}`;
	const admin = new pg.Client({ connectionString: PG_URL });
	await admin.connect();
	await admin.query(`create database ${name}`);
	try {
		const url = new URL(PG_URL);
		url.pathname = `/${name}`;
		return await run(users, { DATABASE_URL: url.toString() }, plans);
	} finally {
		await admin.query(`drop database if exists ${name} with (force)`);
		await admin.end();
	}
}

interface Flat {
	perSecond: number;
	p95: number;
	errors: number;
	/** The server's CPU time (all its processes) per answer, in ms. */
	cpu: number;
}

/** `connections` clients flat out on one kind of request for `seconds` (DURATION). */
async function flatOut(
	server: RunningServer,
	cookies: string[],
	path: (plan: Plan) => string,
	plans: Plan[],
	seconds = DURATION
): Promise<Flat> {
	const latencies: number[] = [];
	let errors = 0;
	let next = 0;
	const requests = (cookie: string) => [
		{
			method: 'GET' as const,
			headers: { cookie, 'accept-encoding': 'br, gzip' },
			setupRequest: (req: autocannon.Request) => ({ ...req, path: path(pick(plans)) })
		}
	];
	const cpuBefore = cpuMs(server.process.pid!);
	const instance = autocannon({
		url: server.url,
		duration: seconds,
		timeout: 10,
		connections: cookies.length,
		requests: requests(cookies[0]),
		setupClient: (client) => client.setRequests(requests(cookies[next++ % cookies.length]))
	});
	instance.on('response', (_client, statusCode, _bytes, responseTime) => {
		latencies.push(responseTime);
		if (statusCode >= 400) errors++;
	});
	const result = await instance;
	const cpu = (cpuMs(server.process.pid!) - cpuBefore) / Math.max(1, latencies.length);
	latencies.sort((a, b) => a - b);
	return {
		perSecond: Math.round(latencies.length / seconds),
		p95: Math.round(percentile(latencies, 95)),
		errors: errors + result.errors,
		cpu: Math.round(cpu * 100) / 100
	};
}

const lessonPath = (plan: Plan) => `/cursos/${plan.courseId}/${pick(plan.lessons)}`;

/** Lesson pages flat out for WARMUP seconds, not counted: the process compiles and caches. */
async function warmUp(server: RunningServer, cookies: string[], plans: Plan[]): Promise<void> {
	if (WARMUP > 0) await flatOut(server, cookies, lessonPath, plans, WARMUP);
}

/** The median of some numbers (the middle one, or the mean of the middle two). */
function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** One release's server with 50 participants signed up, ready to be measured. */
interface Subject {
	label: string;
	root: string;
	env: Record<string, string>;
	port: number;
	server: RunningServer;
	cookies: string[];
	plans: Plan[];
	dir: string;
}

async function prepare(
	label: string,
	root: string,
	port: number,
	extraEnv: Record<string, string> = {}
): Promise<Subject> {
	const dir = mkdtempSync(join(tmpdir(), 'microaula-ratio-'));
	const env = {
		...extraEnv,
		DATABASE_PATH: join(dir, 'bench.sqlite'),
		DATABASE_URL: '',
		METRICS_TOKEN
	};
	const plans = await coursePlans(root);
	const server = await startServer(port, { ...env, WORKERS: '1' }, root);
	const cookies: string[] = [];
	for (let i = 0; i < 50; i++) {
		const cookie = await signUp(server.url, `ratio-${i}`);
		await readSomeLessons(server.url, cookie, plans);
		cookies.push(cookie);
	}
	await warmUp(server, cookies, plans);
	return { label, root, env, port, server, cookies, plans, dir };
}

async function stop(subject: Subject): Promise<void> {
	subject.server.process.kill('SIGTERM');
	await subject.server.exited;
}

/** The same subject served by every worker (WORKERS unset), on the same database. */
async function allWorkers(subject: Subject): Promise<Subject> {
	await stop(subject);
	const server = await startServer(subject.port, subject.env, subject.root);
	await warmUp(server, subject.cookies, subject.plans);
	return { ...subject, label: `${subject.label}, todos los procesos`, server };
}

type Measure = { name: string; run: () => Promise<Flat> };

const healthzOf = (s: Subject): Measure => ({
	name: `${s.label}: /healthz`,
	run: () => flatOut(s.server, s.cookies, () => '/healthz', s.plans, ROUND)
});
/**
 * The cheapest page a signed-in person opens: /sin-conexion has no load of its own, so it costs
 * what every page costs (session, layout, SvelteKit's rendering, compression) and nothing more.
 * Where the lesson stands between /healthz and this floor says what is left to cut in the lesson.
 */
const floorOf = (s: Subject): Measure => ({
	name: `${s.label}: página mínima (/sin-conexion)`,
	run: () => flatOut(s.server, s.cookies, () => '/sin-conexion', s.plans, ROUND)
});
const lessonsOf = (s: Subject): Measure => ({
	name: `${s.label}: lección`,
	run: () => flatOut(s.server, s.cookies, lessonPath, s.plans, ROUND)
});

/**
 * The measures taken in turn, ROUNDS times ROUND seconds each, so that whatever else the machine
 * does at some moment (this is a shared VM: one run can be 30 % off the next) weighs on every
 * measure alike; each figure is the median of its rounds, and each ratio the median of the
 * ratios taken within a round.
 */
async function interleaved(measures: Measure[]): Promise<Flat[][]> {
	const rounds: Flat[][] = measures.map(() => []);
	for (let r = 0; r < ROUNDS; r++)
		for (const [i, measure] of measures.entries()) rounds[i].push(await measure.run());
	return rounds;
}

function summary(name: string, rounds: Flat[]): string {
	const perSecond = rounds.map((f) => f.perSecond);
	const errors = rounds.reduce((sum, f) => sum + f.errors, 0);
	return `${name}: ${median(perSecond)} sol/s (rondas ${Math.min(...perSecond)}–${Math.max(...perSecond)}), p95 ${median(rounds.map((f) => f.p95))} ms, CPU ${round2(median(rounds.map((f) => f.cpu)))} ms por respuesta; errores ${errors}`;
}

/** The median over rounds of a ratio taken within each round, with its range. */
function ratio(a: Flat[], b: Flat[], of: (f: Flat) => number = (f) => f.perSecond): string {
	const ratios = a.map((f, i) => of(f) / of(b[i]));
	return `${median(ratios).toFixed(2)} (rondas ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
}

requireBuild();
const plans = await coursePlans();
const kind = PG_URL ? 'PostgreSQL' : 'SQLite';

if (PART !== 'loads') {
	console.log(
		`Proporciones (SQLite, 50 conexiones sin pausas, ${ROUNDS} rondas de ${ROUND} s por medida tomadas por turnos, el generador de carga en la misma máquina):`
	);
	let current = await prepare('Esta versión', process.cwd(), PORT);
	// The old release waits on its own port, idle while the other is measured.
	const before = BASELINE
		? await prepare(`Antes (${BASELINE})`, BASELINE, PORT + 1, BASELINE_ENV)
		: null;
	try {
		const one = [
			healthzOf(current),
			floorOf(current),
			lessonsOf(current),
			...(before ? [healthzOf(before), lessonsOf(before)] : [])
		];
		const results = await interleaved(one);
		const [healthz, floor, lessons, oldHealthz, oldLessons] = results;
		for (const [i, m] of one.entries()) console.log(summary(m.name, results[i]));
		console.log(`Esta versión, un proceso: ${await sharedShare(current.server)}`);
		console.log(
			`Esta versión, un proceso: lección ÷ healthz = ${ratio(lessons, healthz)} (meta ≥ 0,6); en CPU por respuesta, healthz ÷ lección = ${ratio(healthz, lessons, (f) => f.cpu)}; página mínima ÷ healthz = ${ratio(floor, healthz)}, lección ÷ página mínima = ${ratio(lessons, floor)}`
		);
		if (before)
			console.log(
				`Antes, un proceso: lección ÷ healthz = ${ratio(oldLessons, oldHealthz)}; un proceso ahora ÷ antes: ${ratio(lessons, oldLessons)}×; CPU por lección antes ÷ ahora: ${ratio(oldLessons, lessons, (f) => f.cpu)}×`
			);
		current = await allWorkers(current);
		const all = [lessonsOf(current), ...(before ? [lessonsOf(before)] : [])];
		const [allLessons, oldAgain] = await interleaved(all);
		console.log(
			summary(`${all[0].name} (${availableParallelism()} núcleos)`, allLessons) +
				' (meta p95 < 60 ms)'
		);
		console.log(`Esta versión, todos los procesos: ${await sharedShare(current.server)}`);
		if (before) {
			console.log(summary(all[1].name, oldAgain));
			console.log(
				`Lecciones con todos los procesos ÷ antes con uno: ${ratio(allLessons, oldAgain)}× (meta ≥ 2,5×)`
			);
		}
	} finally {
		await stop(current);
		if (before) await stop(before);
		rmSync(current.dir, { recursive: true, force: true });
		if (before) rmSync(before.dir, { recursive: true, force: true });
	}
	console.log('');
}
if (PART === 'ratios') process.exit(0);

console.log(
	`Dos cargas: solo lecciones (el presupuesto del diseño) y la mezcla por participante (7 lecturas de lección, 1 lección terminada, 1 evaluación abierta y 1 enviada); ${DURATION} s por carga; base de datos: ${kind}.`
);
const rows: RunResult[] = [];
for (const users of USERS) {
	for (const r of await withDatabase(users, plans)) {
		rows.push(r);
		console.log(
			`${String(r.users).padStart(4)} participantes, ${r.mix}, ${r.mode}: ${r.throughput} sol/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, ` +
				`errores ${r.errors} (de ellos ${r.timeouts} sin respuesta en 10 s) de ${r.requests}, memoria del servidor ${r.rssStart} → ${r.rssPeak} MB (pico); ` +
				`códigos ${JSON.stringify(r.statuses)}`
		);
	}
}
console.log('');
console.log(
	`| ${kind} | participantes | carga | ritmo | sol/s | p50 | p95 | p99 | errores | memoria (pico) |`
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
	console.log(
		`| | ${r.users} | ${r.mix} | ${r.mode} | ${r.throughput} | ${r.p50} ms | ${r.p95} ms | ${r.p99} ms | ${r.errors} / ${r.requests} | ${r.rssPeak} MB |`
	);
}
