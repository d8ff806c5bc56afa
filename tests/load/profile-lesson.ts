// `npm run profile:lesson` (needs a build): where a lesson page's CPU goes. Starts one worker
// (WORKERS=1) under `node --cpu-prof`, signs 50 participants up, sends lesson pages flat out on 50
// connections (a short warm-up first, not counted), stops the server and summarises the
// .cpuprofile of the load window only (sign-ups hash passwords and would drown the rest): self
// time by package or area, then the top functions. No GUI needed; the raw profile is kept for
// one (Chrome DevTools, speedscope) when PROFILE_KEEP=1.
//
//   PROFILE_DURATION=10   seconds of load profiled
//   PROFILE_TOP=25        functions listed
//   PROFILE_PATH=/sin-conexion   another page instead of lesson pages
//   BENCH_PORT=3304
import autocannon from 'autocannon';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	coursePlans,
	cpuMs,
	readSomeLessons,
	requireBuild,
	signUp,
	startServer,
	type Plan
} from '../tools/app';

const DURATION = Number(process.env.PROFILE_DURATION ?? 10);
const TOP = Number(process.env.PROFILE_TOP ?? 25);
const PORT = Number(process.env.BENCH_PORT ?? 3304);
const WARM_UP = 3;
/** Another page to profile instead of lessons (e.g. /sin-conexion, the cheapest page). */
const PATH = process.env.PROFILE_PATH;

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	endTime: number;
	samples: number[];
	timeDeltas: number[];
}

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];

async function lessons(url: string, cookies: string[], plans: Plan[], seconds: number) {
	let next = 0;
	const requests = (cookie: string) => [
		{
			method: 'GET' as const,
			headers: { cookie, 'accept-encoding': 'br, gzip' },
			setupRequest: (req: autocannon.Request) => {
				const plan = pick(plans);
				return { ...req, path: PATH ?? `/cursos/${plan.courseId}/${pick(plan.lessons)}` };
			}
		}
	];
	const result = await autocannon({
		url,
		duration: seconds,
		connections: cookies.length,
		requests: requests(cookies[0]),
		setupClient: (client) => client.setRequests(requests(cookies[next++ % cookies.length]))
	});
	return result;
}

/** Where a script lives, in words: a package, a Node module, the app's own build, or V8. */
function area({ functionName, url }: ProfileNode['callFrame']): string {
	if (!url) return functionName.startsWith('(') ? functionName : '(native)';
	if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0];
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (pkg) return pkg[1];
	const app = /\/(build|src)\/(.*)$/.exec(url);
	if (app)
		return app[1] === 'src' ? `src/${app[2].split('/')[0]}` : 'app build (SvelteKit + routes)';
	return url;
}

function where({ url, lineNumber }: ProfileNode['callFrame']): string {
	if (!url) return '';
	const short = url
		.replace(/^file:\/\//, '')
		.replace(/^.*node_modules\//, '')
		.replace(process.cwd() + '/', '');
	return `${short}:${lineNumber + 1}`;
}

function summarise(profile: CpuProfile, from: number, to: number): void {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<number, number>();
	let t = profile.startTime;
	let total = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		t += profile.timeDeltas[i];
		if (t < from || t > to) continue;
		// A sample stands for the time until the next one.
		const span = profile.timeDeltas[i + 1] ?? 0;
		self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + span);
		total += span;
	}
	const percent = (us: number) => ((100 * us) / total).toFixed(1).padStart(5) + ' %';
	const areas = new Map<string, number>();
	const functions = new Map<string, number>();
	for (const [id, us] of self) {
		const frame = byId.get(id)!.callFrame;
		const a = area(frame);
		areas.set(a, (areas.get(a) ?? 0) + us);
		const f = `${frame.functionName || '(anonymous)'}  ${where(frame)}`;
		functions.set(f, (functions.get(f) ?? 0) + us);
	}
	console.log(`\nTiempo propio por área (${(total / 1e6).toFixed(1)} s de muestras en la carga):`);
	for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, 20))
		console.log(`${percent(us)}  ${a}`);
	console.log(`\nLas ${TOP} funciones con más tiempo propio:`);
	for (const [f, us] of [...functions].sort((x, y) => y[1] - x[1]).slice(0, TOP))
		console.log(`${percent(us)}  ${f}`);
}

requireBuild();
const plans = await coursePlans();
const dir = mkdtempSync(join(tmpdir(), 'microaula-profile-'));
try {
	const server = await startServer(
		PORT,
		{ DATABASE_PATH: join(dir, 'profile.sqlite'), DATABASE_URL: '', WORKERS: '1' },
		process.cwd(),
		['--cpu-prof', `--cpu-prof-dir=${dir}`]
	);
	const cookies: string[] = [];
	for (let i = 0; i < 50; i++) {
		const cookie = await signUp(server.url, `perfil-${i}`);
		await readSomeLessons(server.url, cookie, plans);
		cookies.push(cookie);
	}
	await lessons(server.url, cookies, plans, WARM_UP);
	const start = Date.now();
	const cpuBefore = cpuMs(server.process.pid!);
	const result = await lessons(server.url, cookies, plans, DURATION);
	const cpu = (cpuMs(server.process.pid!) - cpuBefore) / result.requests.total;
	const end = Date.now();
	server.process.kill('SIGTERM');
	await server.exited;
	const exit = Date.now();
	console.log(
		`Un proceso bajo el perfilador, 50 conexiones, ${DURATION} s: ${Math.round(result.requests.average)} lecciones/s, p97.5 ${result.latency.p97_5} ms, ${result.non2xx + result.errors} errores; CPU del servidor ${cpu.toFixed(2)} ms por lección (con el perfilador)`
	);
	const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
	if (!file) throw new Error('no .cpuprofile written (did the server exit cleanly?)');
	const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
	// The profile's clock is not the wall clock: count back from its end, which is the exit.
	summarise(
		profile,
		profile.endTime - (exit - start) * 1000,
		profile.endTime - (exit - end) * 1000
	);
	if (process.env.PROFILE_KEEP === '1') console.log(`\nPerfil completo: ${join(dir, file)}`);
} finally {
	if (process.env.PROFILE_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
}
