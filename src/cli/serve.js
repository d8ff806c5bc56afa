// The production server: SvelteKit's adapter-node handler behind gzip/brotli compression, with a
// graceful shutdown. Static assets are served precompressed by the handler itself.
import compression from 'compression';
import { createServer } from 'node:http';

// Behind no proxy this server speaks plain HTTP; adapter-node would otherwise assume https and
// refuse every form post as cross-site. Behind a proxy, set ORIGIN or PROTOCOL_HEADER instead.
const plainHttp = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (plainHttp) process.env.PROTOCOL_HEADER = 'x-microaula-protocol';
// A variable path, so type checking does not wander into the generated build.
const entry = '../../build/handler.js';
const { handler } = await import(entry);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const compress = compression({ threshold: 512 });

const server = createServer((req, res) => {
	if (plainHttp) req.headers['x-microaula-protocol'] = 'http';
	// compression's types speak of Express; at run time it takes plain Node requests.
	compress(/** @type {any} */ (req), /** @type {any} */ (res), () => handler(req, res));
});

server.listen(port, host, () => {
	console.log(`Microaula escucha en http://localhost:${port}`);
});

/** @param {string} signal */
function shutdown(signal) {
	console.log(`${signal}: cerrando (se terminan las solicitudes en curso)…`);
	server.close(() => process.exit(0));
	server.closeIdleConnections?.();
	setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
