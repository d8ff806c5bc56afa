// Compression of the pages the app renders (HTML, and the JSON of a client-side navigation).
// SvelteKit hands such a page over whole, with its Content-Length, so it is compressed here in one
// synchronous call. The `compression` middleware of src/cli/worker.js would open a zlib stream
// per response instead: measured on a 9 KB lesson page, about 0.8–1 ms of CPU per response against
// 0.14 ms for one brotliCompressSync, at the same size or smaller. That middleware still handles
// whatever arrives without a length (streamed answers) or is large; static files are precompressed.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Below this, compression gains less than its headers cost (the middleware's threshold). */
const MIN_BYTES = 512;
/** Above this a synchronous call would hold the event loop too long: the middleware's streams. */
const MAX_BYTES = 256 * 1024;
const COMPRESSIBLE = /^(text\/html|application\/json)\b/i;

/**
 * The encoding a request accepts, brotli first (as the middleware): `br` or `gzip`, else null.
 * `q=0` refuses an encoding; `*` stands for those not named.
 */
export function chooseEncoding(acceptEncoding: string | null | undefined): Encoding | null {
	if (!acceptEncoding) return null;
	const weights = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
		if (!name) continue;
		const q = params.find((p) => p.startsWith('q='));
		const weight = q === undefined ? 1 : Number(q.slice(2));
		weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(weight) ? weight : 0);
	}
	const star = weights.get('*') ?? 0;
	const br = weights.get('br') ?? star;
	const gzip = weights.get('gzip') ?? star;
	if (br > 0 && br >= gzip) return 'br';
	if (gzip > 0) return 'gzip';
	return null;
}

/**
 * Brotli 5 with a window fitted to the page: on lesson pages 5 % smaller than the middleware's
 * brotli 4 and no slower in one call (brotli 1 would cost less but send 13 % more; the bytes are
 * what a participant pays for). Gzip at its default level 6 for clients without brotli.
 */
export function compress(body: Uint8Array, encoding: Encoding): Uint8Array<ArrayBuffer> {
	// zlib's buffers are never shared memory (which a Response body may not be).
	if (encoding === 'gzip') return gzipSync(body, { level: 6 }) as Uint8Array<ArrayBuffer>;
	return brotliCompressSync(body, {
		params: {
			[constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
			[constants.BROTLI_PARAM_QUALITY]: 5,
			[constants.BROTLI_PARAM_LGWIN]: Math.min(22, Math.max(16, Math.ceil(Math.log2(body.length)))),
			[constants.BROTLI_PARAM_SIZE_HINT]: body.length
		}
	}) as Uint8Array<ArrayBuffer>;
}

/** SvelteKit answers a matching If-None-Match with a 304 after the hooks: nothing to compress. */
function willBeNotModified(request: Request, response: Response): boolean {
	const etag = response.headers.get('etag');
	if (response.status !== 200 || !etag) return false;
	const given = request.headers.get('if-none-match');
	return given === etag || given === `W/${etag}`;
}

/**
 * The response compressed for this request when it is a whole page or JSON of a moderate size,
 * else the response as it came (the middleware decides then). Status, headers and cookies are
 * kept; `Vary: Accept-Encoding` is added, as the middleware does.
 */
export async function compressResponse(request: Request, response: Response): Promise<Response> {
	const headers = response.headers;
	const length = Number(headers.get('content-length'));
	if (
		!response.body ||
		request.method === 'HEAD' ||
		!(length >= MIN_BYTES && length <= MAX_BYTES) ||
		headers.has('content-encoding') ||
		!COMPRESSIBLE.test(headers.get('content-type') ?? '') ||
		/\bno-transform\b/i.test(headers.get('cache-control') ?? '')
	)
		return response;
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	const vary = headers.get('vary');
	if (!vary) headers.set('vary', 'Accept-Encoding');
	else if (!/\baccept-encoding\b|\*/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
	// The 304 SvelteKit makes of it keeps the Vary, as the 200 had it.
	if (!encoding || willBeNotModified(request, response)) return response;
	const body = compress(new Uint8Array(await response.arrayBuffer()), encoding);
	headers.set('content-encoding', encoding);
	headers.set('content-length', String(body.byteLength));
	return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
