// Operations: Prometheus metrics (requests by route and status, latency, database pool, workers)
// and one JSON log line per request when LOG_FORMAT=json. Each worker counts its own requests;
// GET /metrics asks the primary (src/cli/serve.js) to add up every worker's figures.
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import client from 'prom-client';

const requests = new client.Counter({
	name: 'microaula_http_requests_total',
	help: 'HTTP requests answered, by route, method and status',
	labelNames: ['route', 'method', 'status'] as const
});

const duration = new client.Histogram({
	name: 'microaula_http_request_duration_seconds',
	help: 'Time to answer a request, by route',
	labelNames: ['route', 'method'] as const,
	buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
});

const sharedPages = new client.Counter({
	name: 'microaula_shared_pages_total',
	help: 'Lesson pages answered from a copy rendered for someone in the same situation (hit) or rendered (miss)',
	labelNames: ['result'] as const
});

export function countSharedPage(result: 'hit' | 'miss'): void {
	sharedPages.inc({ result });
}

export interface PoolUse {
	total: number;
	idle: number;
	waiting: number;
}

let poolUse: () => PoolUse | null = () => null;

/** The database module tells how to read its pool (PostgreSQL); SQLite has none. */
export function reportPoolUse(read: () => PoolUse | null): void {
	poolUse = read;
}

new client.Gauge({
	name: 'microaula_db_pool_connections',
	help: 'PostgreSQL pool connections of this worker, by state (absent on SQLite)',
	labelNames: ['state'] as const,
	collect() {
		const use = poolUse();
		if (!use) return;
		this.set({ state: 'total' }, use.total);
		this.set({ state: 'idle' }, use.idle);
		this.set({ state: 'waiting' }, use.waiting);
	}
});

const jsonLogs = process.env.LOG_FORMAT === 'json';

// The primary asks every worker for its figures when one of them is asked for /metrics.
if (cluster.isWorker) {
	process.on('message', (message: { type?: string; id?: string }) => {
		if (message?.type !== 'microaula:metrics-collect') return;
		void client.register.getMetricsAsJSON().then((json) => {
			process.send?.({ type: 'microaula:metrics-json', id: message.id, json });
		});
	});
}

/**
 * Counts one answered request. `route` is SvelteKit's route id (`/cursos/[course]/[lesson]`), never
 * the path, so no username or code ends up in a label or a log line.
 */
export function observeRequest(
	route: string | null,
	method: string,
	status: number,
	seconds: number
): void {
	const routeId = route ?? 'ninguna';
	requests.inc({ route: routeId, method, status: String(status) });
	duration.observe({ route: routeId, method }, seconds);
	if (jsonLogs) {
		console.log(
			JSON.stringify({
				time: new Date().toISOString(),
				method,
				route: routeId,
				status,
				ms: Math.round(seconds * 1000)
			})
		);
	}
}

/** The bearer token that opens /metrics; without METRICS_TOKEN the endpoint does not exist. */
export function metricsToken(): string | null {
	return process.env.METRICS_TOKEN || null;
}

/** Every worker's metrics added up (from the primary), or this process's own when it is alone. */
export async function collectMetrics(): Promise<string> {
	if (!cluster.isWorker || !process.send) {
		return (
			(await client.register.metrics()) +
			'# HELP microaula_workers_alive Worker processes serving requests\n' +
			'# TYPE microaula_workers_alive gauge\n' +
			'microaula_workers_alive 1\n'
		);
	}
	const id = randomUUID();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			process.off('message', onMessage);
			reject(new Error('the primary did not answer with metrics'));
		}, 5000);
		function onMessage(message: unknown) {
			const reply = message as { type?: string; id?: string; text?: string };
			if (reply?.type !== 'microaula:metrics' || reply.id !== id) return;
			clearTimeout(timer);
			process.off('message', onMessage);
			resolve(reply.text ?? '');
		}
		process.on('message', onMessage);
		process.send!({ type: 'microaula:metrics-request', id });
	});
}

export const METRICS_CONTENT_TYPE = client.register.contentType;
