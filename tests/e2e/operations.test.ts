import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { coursePlans, get, markLesson, signUp, startOwnServer, type OwnServer } from '../tools/app';

// What a deployer relies on: every core used (a worker per core, a dead worker replaced), the
// Prometheus endpoint behind its token, one JSON log line per request, and a clean SIGTERM. On a
// server of its own, with two workers, so the figures come from both processes.
test.describe.configure({ mode: 'serial' });
test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'server-side only: once is enough');

const TOKEN = 'token-de-prueba-para-metricas';
let server: OwnServer;

test.beforeAll(async () => {
	server = await startOwnServer(4177, {
		WORKERS: '2',
		METRICS_TOKEN: TOKEN,
		LOG_FORMAT: 'json'
	});
});

test.afterAll(() => server.stop());

/** The Prometheus text format, line by line: every sample line must parse. */
function parseMetrics(text: string): Map<string, number> {
	const samples = new Map<string, number>();
	for (const line of text.split('\n')) {
		if (line === '' || /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
		const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.e+-]+|NaN|[+-]Inf)$/.exec(line);
		if (!m) throw new Error(`not Prometheus text: ${line}`);
		samples.set(m[1], Number(m[2]));
	}
	return samples;
}

async function metrics(token?: string): Promise<Response> {
	return fetch(`${server.url}/metrics`, {
		headers: token ? { authorization: `Bearer ${token}` } : {}
	});
}

function workerPids(): number[] {
	try {
		return execFileSync('pgrep', ['-P', String(server.process.pid)], { encoding: 'utf8' })
			.trim()
			.split('\n')
			.map(Number);
	} catch {
		return [];
	}
}

test('/metrics is refused without the token and readable with it, counting every worker', async () => {
	expect((await metrics()).status).toBe(401);
	expect((await metrics('otro-token')).status).toBe(401);

	const cookie = await signUp(server.url, 'metricas-1');
	const [plan] = await coursePlans();
	const lesson = `/cursos/${plan.courseId}/${plan.lessons[0]}`;
	await markLesson(server.url, cookie, plan.courseId, plan.lessons[0]);
	// Fresh connections each time, so both workers answer some of them.
	for (let i = 0; i < 12; i++) {
		const res = await get(server.url, lesson, cookie);
		expect(res.status).toBe(200);
		await res.arrayBuffer();
	}

	const res = await metrics(TOKEN);
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toContain('text/plain');
	const samples = parseMetrics(await res.text());
	const lessonReads =
		samples.get(
			'microaula_http_requests_total{route="/cursos/[course]/[lesson]",method="GET",status="200"}'
		) ?? 0;
	expect(lessonReads).toBeGreaterThanOrEqual(12);
	expect(samples.get('microaula_workers_alive')).toBe(2);
	expect(
		samples.get(
			'microaula_http_request_duration_seconds_count{route="/cursos/[course]/[lesson]",method="GET"}'
		)
	).toBeGreaterThanOrEqual(12);
});

test('one JSON log line per request, with no password, token or cookie in it', async () => {
	const lines = server
		.log()
		.split('\n')
		.filter((l) => l.startsWith('{'))
		.map((l) => JSON.parse(l) as Record<string, unknown>);
	const lesson = lines.find((l) => l.route === '/cursos/[course]/[lesson]' && l.method === 'GET');
	expect(lesson).toMatchObject({ method: 'GET', status: 200 });
	expect(typeof lesson?.ms).toBe('number');
	const everything = server.log();
	expect(everything).not.toContain('clave-de-prueba-1');
	expect(everything).not.toContain('microaula-session=');
	expect(everything).not.toContain(TOKEN);
});

test('a worker killed with -9 is replaced, and the server keeps answering', async () => {
	const before = workerPids();
	expect(before).toHaveLength(2);
	process.kill(before[0], 'SIGKILL');
	await expect.poll(() => workerPids().filter((pid) => pid !== before[0]).length).toBe(2);
	// A kept-alive connection to the killed worker is gone; a new one reaches the living workers.
	// On a new connection (no keep-alive pool): the kept-alive ones to the killed worker are gone.
	const status = await new Promise<number>((resolve) =>
		httpGet(`${server.url}/healthz`, { agent: false }, (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		}).on('error', () => resolve(0))
	);
	expect(status).toBe(200);
});

test('SIGTERM ends every worker and the primary cleanly', async () => {
	server.process.kill('SIGTERM');
	expect(await server.exited).toBe(0);
	expect(server.log()).toContain('Todos los procesos terminaron.');
});
