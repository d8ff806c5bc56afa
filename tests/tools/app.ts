// Shared by the fault and load scripts: start the production server (build/), and act as a
// participant over plain HTTP form posts, the way a browser without JavaScript does.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readContentDirectory } from '../../src/lib/server/content/format/check-directory';

export interface RunningServer {
	process: ChildProcess;
	url: string;
	/** Resolves with the exit code (or the signal's name) when the process ends. */
	exited: Promise<number | string>;
	log: () => string;
}

export function requireBuild(): void {
	if (!existsSync('build/handler.js')) {
		console.error('No build found: run `npm run build` first.');
		process.exit(2);
	}
}

export async function startServer(
	port: number,
	env: Record<string, string>,
	/** The checkout whose build to serve (another release, to compare in one run); default here. */
	root = process.cwd(),
	/** Extra arguments for node itself (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
	nodeArgs: string[] = []
): Promise<RunningServer> {
	let output = '';
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [...nodeArgs, 'src/cli/serve.js'], {
		cwd: root,
		env: {
			...process.env,
			MICROAULA_DEMO: '0',
			PORT: String(port),
			HOST: '127.0.0.1',
			// Every simulated participant signs up from 127.0.0.1.
			SIGNUP_PER_ADDRESS: '1000000',
			// Without the demo this counts as production, which needs its public address.
			ORIGIN: url,
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	const exited = new Promise<number | string>((resolve) =>
		child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'))
	);
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
		try {
			const res = await fetch(`${url}/healthz`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return { process: child, url, exited, log: () => output };
}

export interface OwnServer extends RunningServer {
	/** Its SQLite file, in a folder of its own. */
	databasePath: string;
	/** Stops the server (unless it has ended already) and removes its folder. */
	stop: () => Promise<void>;
}

/** A server of a test's own: its own SQLite database in a temporary folder, its own settings. */
export async function startOwnServer(
	port: number,
	env: Record<string, string>
): Promise<OwnServer> {
	const dir = mkdtempSync(join(tmpdir(), 'microaula-own-'));
	const databasePath = join(dir, 'own.sqlite');
	const server = await startServer(port, { DATABASE_PATH: databasePath, DATABASE_URL: '', ...env });
	const stop = async () => {
		if (server.process.exitCode === null && server.process.signalCode === null) {
			server.process.kill('SIGTERM');
			await server.exited;
		}
		rmSync(dir, { recursive: true, force: true });
	};
	return { ...server, databasePath, stop };
}

/** Resident memory of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
		return Math.round(kb / 1024);
	} catch {
		return 0;
	}
}

/** The process and its descendants (a cluster's workers), from /proc (Linux). */
function processTree(pid: number): number[] {
	const pids = [pid];
	for (let i = 0; i < pids.length; i++) {
		try {
			for (const task of readdirSync(`/proc/${pids[i]}/task`)) {
				const children = readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8');
				for (const child of children.trim().split(/\s+/)) if (child) pids.push(Number(child));
			}
		} catch {
			// gone meanwhile
		}
	}
	return pids;
}

/**
 * CPU time (user + system, ms) used so far by a process and its descendants, from /proc (Linux;
 * 100 ticks a second). Other work on the machine moves CPU per answer less than answers per
 * second (though caches and shared cores still move it).
 */
export function cpuMs(pid: number): number {
	let ticks = 0;
	for (const p of processTree(pid)) {
		try {
			// The command name (2nd field) may hold spaces: count fields after its closing bracket.
			const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			ticks += Number(fields[11]) + Number(fields[12]);
		} catch {
			// gone meanwhile
		}
	}
	return ticks * 10;
}

export interface Plan {
	courseId: string;
	lessons: string[];
	/** Module ids with a quiz, after which lesson (index) it comes. */
	quizzes: { moduleId: string; afterLesson: number }[];
}

/** Every course's lessons and quizzes, in reading order. */
export async function coursePlans(root = '.'): Promise<Plan[]> {
	const { courses } = await readContentDirectory(`${root}/content`);
	if (courses.length === 0) throw new Error('no course found in content/');
	return courses.map((course) => ({
		courseId: course.id,
		lessons: course.lessons.map((l) => l.id),
		quizzes: course.modules
			.filter((m) => m.quiz)
			.map((m) => ({
				moduleId: m.id,
				afterLesson: course.lessons.findLastIndex((l) => l.moduleId === m.id)
			}))
	}));
}

/**
 * A request with no answer after this long counts as not acknowledged: a connection handed to a
 * worker at the moment it was killed with -9 was seen to hang forever, and the fault test with it.
 */
const REQUEST_TIMEOUT_MS = 20_000;

function form(fields: Record<string, string> | [string, string][]): string {
	return new URLSearchParams(fields).toString();
}

export async function post(
	base: string,
	path: string,
	fields: Record<string, string> | [string, string][],
	cookie?: string
): Promise<Response> {
	return fetch(base + path, {
		method: 'POST',
		redirect: 'manual',
		signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
		headers: {
			origin: base,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...(cookie ? { cookie } : {})
		},
		body: form(fields)
	});
}

export async function get(base: string, path: string, cookie?: string): Promise<Response> {
	return fetch(base + path, {
		redirect: 'manual',
		signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
		headers: cookie ? { cookie } : {}
	});
}

/** Signs a new participant up; returns the session cookie. */
export async function signUp(base: string, username: string): Promise<string> {
	const res = await post(base, '/registro', {
		username,
		displayName: `Participante ${username}`,
		password: 'clave-de-prueba-1'
	});
	const cookie = res.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('microaula-session='));
	if (res.status !== 303 || !cookie) throw new Error(`sign-up failed: ${res.status}`);
	return cookie;
}

/** The form post behind "Terminé esta lección": true when the server acknowledged it (303). */
export async function markLesson(
	base: string,
	cookie: string,
	courseId: string,
	lessonId: string
): Promise<boolean> {
	const res = await post(base, `/cursos/${courseId}/${lessonId}?/completar`, {}, cookie);
	await res.arrayBuffer();
	return res.status === 303;
}

/**
 * A participant part of the way through every course, as a class is: the first lessons of each
 * read, a random number of them (at least one, which enrols). Lesson pages differ with what the
 * person has read, so a load where everyone had read the same would flatter the server.
 */
export async function readSomeLessons(base: string, cookie: string, plans: Plan[]): Promise<void> {
	for (const plan of plans) {
		const read = 1 + Math.floor(Math.random() * plan.lessons.length);
		for (const lessonId of plan.lessons.slice(0, read))
			await markLesson(base, cookie, plan.courseId, lessonId);
	}
}

/**
 * Lesson pages answered from a copy rendered for someone in the same situation (hit) or rendered
 * (miss), from the server's /metrics (started with METRICS_TOKEN); null for a release without them.
 */
export async function sharedPageCounts(
	base: string,
	token: string
): Promise<{ hit: number; miss: number } | null> {
	const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
	const text = res.ok ? await res.text() : '';
	if (!text.includes('microaula_shared_pages_total')) return null;
	const count = (result: string) =>
		Number(
			new RegExp(`microaula_shared_pages_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0
		);
	return { hit: count('hit'), miss: count('miss') };
}

/**
 * Opens a quiz (which starts an attempt), answers each question with its first option, and
 * submits. Returns the attempt id when the server acknowledged the submission, else null.
 */
export async function takeQuiz(
	base: string,
	cookie: string,
	courseId: string,
	moduleId: string
): Promise<{ attemptId: string; acknowledged: boolean } | null> {
	const page = await get(base, `/cursos/${courseId}/evaluacion/${moduleId}`, cookie);
	const html = await page.text();
	const attemptId = /name="attempt" value="([a-z0-9]+)"/.exec(html)?.[1];
	if (page.status !== 200 || !attemptId) return null;
	const answers: [string, string][] = [['attempt', attemptId]];
	const seen = new Set<string>();
	for (const match of html.matchAll(/<input[^>]*name="(q-[^"]+)"[^>]*>/g)) {
		const name = match[1];
		if (seen.has(name)) continue;
		seen.add(name);
		const value = /value="([^"]*)"/.exec(match[0])?.[1];
		answers.push([name, value ?? '1']);
	}
	const res = await post(
		base,
		`/cursos/${courseId}/evaluacion/${moduleId}?/enviar`,
		answers,
		cookie
	);
	await res.arrayBuffer();
	return { attemptId, acknowledged: res.status === 303 };
}
