// The production server: one worker process per core (node:cluster), each running SvelteKit's
// adapter-node handler behind gzip/brotli compression, with a graceful shutdown across all of them.
// WORKERS=1 runs a single process without a primary. Static assets are served precompressed by
// the handler itself.
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';

// In production the public address must be configured: otherwise join links, QR codes and the
// verification address printed on certificates would be built from whatever Host header a
// request carried.
const production = process.env.NODE_ENV === 'production' || process.env.MICROAULA_DEMO === '0';
if (production && !process.env.ORIGIN?.trim()) {
	console.error(
		'Falta ORIGIN: en producción (NODE_ENV=production o MICROAULA_DEMO=0) indica la dirección ' +
			'pública del sitio, por ejemplo ORIGIN=https://aula.example.org.\n' +
			'ORIGIN is required in production: set it to the public address of the site.'
	);
	process.exit(1);
}

const requested = Number(process.env.WORKERS);
const workers = Number.isInteger(requested) && requested > 0 ? requested : availableParallelism();

if (workers > 1 && cluster.isPrimary) {
	await runPrimary(workers);
} else {
	await import('./worker.js');
}

/**
 * The primary starts one worker first and waits until it listens: that worker migrates the
 * database and creates the demo accounts (SvelteKit's `init`), so the others start on a prepared
 * database and never race on migrations. A worker that dies is replaced; on SIGTERM/SIGINT every
 * worker finishes the requests it has, then the primary exits.
 * @param {number} count
 */
async function runPrimary(count) {
	let stopping = false;
	/** @type {(() => void) | undefined} */
	let firstReady;

	function fork() {
		const worker = cluster.fork();
		worker.once('listening', () => firstReady?.());
		return worker;
	}

	cluster.on('exit', (worker, code, signal) => {
		if (stopping) {
			if (Object.keys(cluster.workers ?? {}).length === 0) {
				console.log('Todos los procesos terminaron.');
				process.exit(0);
			}
			return;
		}
		console.error(
			`El proceso ${worker.process.pid} terminó (${signal ?? code}); se inicia otro en su lugar.`
		);
		fork();
	});

	answerMetricsRequests();

	const first = new Promise((resolve) => (firstReady = () => resolve(undefined)));
	fork();
	await first;
	firstReady = undefined;
	for (let i = 1; i < count; i++) fork();
	console.log(`Microaula: ${count} procesos (uno por núcleo; WORKERS=1 para uno solo).`);

	/** @param {NodeJS.Signals} signal */
	function shutdown(signal) {
		if (stopping) return;
		stopping = true;
		const alive = Object.values(cluster.workers ?? {});
		console.log(`${signal}: cerrando ${alive.length} proceso(s)…`);
		for (const worker of alive) worker?.process.kill('SIGTERM');
		if (alive.length === 0) process.exit(0);
	}
	process.on('SIGTERM', () => shutdown('SIGTERM'));
	process.on('SIGINT', () => shutdown('SIGINT'));
}

/**
 * GET /metrics is answered by whichever worker receives it; that worker asks here, the primary
 * collects every worker's figures (as JSON, over the cluster's own channel), adds them up with
 * prom-client's AggregatorRegistry.aggregate, and adds the workers alive.
 */
function answerMetricsRequests() {
	/** @type {Promise<import('prom-client')>} */
	const loading = import('prom-client').then((m) => m.default ?? m);
	/** @type {Map<string, (json: unknown) => void>} */
	const waiting = new Map();
	let next = 0;
	cluster.on('message', async (worker, message) => {
		if (message?.type === 'microaula:metrics-json') {
			waiting.get(message.id)?.(message.json);
			return;
		}
		if (message?.type !== 'microaula:metrics-request') return;
		const client = await loading;
		const alive = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
		const answers = await Promise.all(
			alive.map(
				(w) =>
					new Promise((resolve) => {
						const id = `m${next++}`;
						const timer = setTimeout(() => {
							waiting.delete(id);
							resolve(null);
						}, 2000);
						waiting.set(id, (json) => {
							clearTimeout(timer);
							waiting.delete(id);
							resolve(json);
						});
						w.send({ type: 'microaula:metrics-collect', id });
					})
			)
		);
		const text =
			(await client.AggregatorRegistry.aggregate(
				/** @type {any} */ (answers.filter((a) => a !== null))
			).metrics()) +
			'# HELP microaula_workers_alive Worker processes serving requests\n' +
			'# TYPE microaula_workers_alive gauge\n' +
			`microaula_workers_alive ${alive.length}\n`;
		worker.send({ type: 'microaula:metrics', id: message.id, text });
	});
}
