import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chooseEncoding, compressResponse } from '../../src/lib/server/compression';

const page =
	'<!doctype html><html><body>' + '<p>Punto de equilibrio: ventas = costos.</p>'.repeat(60);

function rendered(body = page, extra: Record<string, string> = {}): Response {
	const bytes = new TextEncoder().encode(body);
	const headers = new Headers({
		'content-type': 'text/html',
		'content-length': String(bytes.byteLength),
		etag: '"abc"',
		...extra
	});
	headers.append('set-cookie', 'a=1; Path=/');
	headers.append('set-cookie', 'b=2; Path=/');
	return new Response(bytes, { status: 200, headers });
}

const get = (headers: Record<string, string> = {}, method = 'GET') =>
	new Request('http://localhost/cursos/x/y', { method, headers });

describe('choosing an encoding', () => {
	it('prefers brotli, falls back to gzip, honours q=0 and *', () => {
		expect(chooseEncoding('gzip, deflate, br')).toBe('br');
		expect(chooseEncoding('gzip')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
		expect(chooseEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding('gzip;q=0, br;q=0')).toBeNull();
		expect(chooseEncoding('')).toBeNull();
		expect(chooseEncoding(null)).toBeNull();
	});
});

describe('compressing a rendered page', () => {
	it('sends brotli a browser can read back, with status, cookies and a Vary', async () => {
		const out = await compressResponse(get({ 'accept-encoding': 'gzip, br' }), rendered());
		expect(out.headers.get('content-encoding')).toBe('br');
		expect(out.headers.get('vary')).toBe('Accept-Encoding');
		expect(out.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
		const body = new Uint8Array(await out.arrayBuffer());
		expect(Number(out.headers.get('content-length'))).toBe(body.byteLength);
		expect(body.byteLength).toBeLessThan(page.length / 5);
		expect(brotliDecompressSync(body).toString()).toBe(page);
	});

	it('sends gzip to a client without brotli', async () => {
		const out = await compressResponse(get({ 'accept-encoding': 'gzip' }), rendered());
		expect(out.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(new Uint8Array(await out.arrayBuffer())).toString()).toBe(page);
	});

	it('leaves alone what it should not touch', async () => {
		const br = { 'accept-encoding': 'br' };
		const untouched = [
			// No compression accepted (the Vary still says it depends on that).
			[get(), rendered()],
			// A 304 follows: SvelteKit compares the ETag after the hooks.
			[get({ ...br, 'if-none-match': '"abc"' }), rendered()],
			[get(br, 'HEAD'), rendered()],
			// Too small to gain anything.
			[get(br), rendered('<p>hola</p>')],
			// Streamed (no length): the server's middleware compresses it as it comes.
			[get(br), new Response(page, { headers: { 'content-type': 'text/html' } })],
			[get(br), rendered(page, { 'content-type': 'text/csv' })],
			[get(br), rendered(page, { 'cache-control': 'no-transform' })]
		] as const;
		for (const [request, response] of untouched) {
			const out = await compressResponse(request, response);
			expect(out).toBe(response);
			expect(out.headers.get('content-encoding')).toBeNull();
		}
	});
});
