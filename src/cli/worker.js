// One server process (src/cli/serve.js starts one per core): SvelteKit's adapter-node handler
// behind gzip/brotli compression, with a graceful shutdown. Static assets are served precompressed
// by the handler itself.
import compression from 'compression';
import cluster from 'node:cluster';
import { createServer } from 'node:http';

// Behind no proxy this server speaks plain HTTP; adapter-node would otherwise assume https and
// refuse every form post as cross-site. Behind a proxy, set ORIGIN or PROTOCOL_HEADER instead.
const plainHttp = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
// adapter-node refuses bodies over 512 KB with a bare 413, before our code can answer: a phone
// photo uploaded to the studio is larger. The studio itself refuses images it cannot use (and says
// why, keeping the author's text); every other form has its own length limits.
process.env.BODY_SIZE_LIMIT ??= '25M';
if (plainHttp) process.env.PROTOCOL_HEADER = 'x-microaula-protocol';
// A variable path, so type checking does not wander into the generated build.
const entry = '../../build/handler.js';
const { handler } = await import(entry);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
/** Seconds to let requests in flight finish before their connections are cut (as adapter-node). */
const shutdownTimeout = Number(process.env.SHUTDOWN_TIMEOUT ?? 30);
// Rendered pages arrive here already compressed, in one synchronous call each (the app's
// src/lib/server/compression.ts: a zlib stream per response cost several times more CPU). This
// middleware, at its default levels (gzip 6, brotli 4), is for what remains: streamed answers,
// large ones, and other text types.
const compress = compression({ threshold: 512 });

let inFlight = 0;
let stopping = false;

const server = createServer((req, res) => {
	if (plainHttp) req.headers['x-microaula-protocol'] = 'http';
	inFlight++;
	res.once('close', () => {
		inFlight--;
		// Connections are closed as soon as their last answer is out, so shutdown does not wait for
		// keep-alive timeouts.
		if (stopping) server.closeIdleConnections();
	});
	if (stopping) res.setHeader('connection', 'close');
	// compression's types speak of Express; at run time it takes plain Node requests.
	compress(/** @type {any} */ (req), /** @type {any} */ (res), () => handler(req, res));
});

server.listen(port, host, () => {
	if (!cluster.isWorker || cluster.worker?.id === 1)
		console.log(`Microaula escucha en http://localhost:${port}`);
});

/**
 * Stop accepting connections, let the requests in flight finish, then tell the app (the
 * `sveltekit:shutdown` event, as adapter-node's own server does) so it closes the database. The
 * process then ends by itself once nothing is left open.
 * @param {string} signal
 */
function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: cerrando (se terminan ${inFlight} solicitud(es) en curso)…`);
	const force = setTimeout(() => {
		console.log('Tiempo agotado: se cortan las conexiones que quedan.');
		server.closeAllConnections();
	}, shutdownTimeout * 1000);
	force.unref();
	server.close(() => {
		clearTimeout(force);
		// @ts-expect-error custom events cannot be typed (the same line as in adapter-node)
		process.emit('sveltekit:shutdown', signal);
		// Should anything still hold the process open, do not hang forever.
		setTimeout(() => process.exit(0), 5000).unref();
	});
	server.closeIdleConnections();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
// A worker whose primary is gone (killed with -9) receives no more connections: finish and leave.
if (cluster.isWorker) process.on('disconnect', () => shutdown('disconnect'));
