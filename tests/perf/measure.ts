// Counting what a page costs a phone on the wire: bytes transferred (compressed, headers included)
// by type, requests, and JavaScript, read from Chromium's own network events. Shared by the
// `npm run bench:pages` script and the byte-budget browser test.
import type { BrowserContext, CDPSession, Page } from '@playwright/test';

export type Kind = 'html' | 'js' | 'css' | 'img' | 'font' | 'data' | 'other';
export const KINDS: Kind[] = ['html', 'js', 'css', 'img', 'font', 'data', 'other'];

export interface Transfer {
	url: string;
	kind: Kind;
	/** Bytes that came over the network (0 when served from a cache or by the service worker). */
	bytes: number;
	/** Decoded size of the body, as the browser parses it. */
	rawBytes: number;
	/** Fetched by the service worker itself (precaching, downloads), not by the page. */
	byServiceWorker: boolean;
}

export interface Totals {
	bytes: number;
	requests: number;
	byKind: Record<Kind, number>;
	jsRaw: number;
	/** Of `bytes`, what the service worker fetched in the background. */
	serviceWorkerBytes: number;
}

export function kindOf(mime: string, url: string): Kind {
	const m = mime.toLowerCase();
	if (m.includes('html')) return 'html';
	if (m.includes('javascript') || /\.m?js(\?|$)/.test(url)) return 'js';
	if (m.includes('css')) return 'css';
	if (m.startsWith('image/')) return 'img';
	if (m.startsWith('font/') || /\.(woff2?|ttf|otf)(\?|$)/.test(url)) return 'font';
	if (m.includes('json')) return 'data';
	return 'other';
}

interface Pending {
	url: string;
	mime: string;
	cached: boolean;
	raw: number;
}

/**
 * Records every request of a page (through the Chrome DevTools protocol, which knows what came
 * from a cache) and, when Playwright reports them, the service worker's own requests.
 */
export async function trackTransfers(page: Page): Promise<{
	transfers: Transfer[];
	reset: () => void;
	settle: () => Promise<void>;
	stop: () => Promise<void>;
}> {
	const transfers: Transfer[] = [];
	const pending = new Map<string, Pending>();
	const cdp: CDPSession = await page.context().newCDPSession(page);
	await cdp.send('Network.enable');
	// Every fetch really goes to the browser cache: a warm load then shows what a phone saves.
	await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });

	cdp.on('Network.requestWillBeSent', (e) => {
		pending.set(e.requestId, { url: e.request.url, mime: '', cached: false, raw: 0 });
	});
	cdp.on('Network.requestServedFromCache', (e) => {
		const p = pending.get(e.requestId);
		if (p) p.cached = true;
	});
	cdp.on('Network.responseReceived', (e) => {
		const p = pending.get(e.requestId);
		if (!p) return;
		p.mime = e.response.mimeType;
		if (e.response.fromDiskCache || e.response.fromServiceWorker || e.response.fromPrefetchCache) {
			p.cached = true;
		}
	});
	cdp.on('Network.dataReceived', (e) => {
		const p = pending.get(e.requestId);
		if (p) p.raw += e.dataLength;
	});
	cdp.on('Network.loadingFinished', (e) => {
		const p = pending.get(e.requestId);
		if (!p || p.url.startsWith('data:')) return;
		pending.delete(e.requestId);
		transfers.push({
			url: p.url,
			kind: kindOf(p.mime, p.url),
			bytes: p.cached ? 0 : e.encodedDataLength,
			rawBytes: p.raw,
			byServiceWorker: false
		});
	});

	// Requests the service worker makes itself (Playwright reports them for Chromium).
	const context: BrowserContext = page.context();
	const swPending: Promise<void>[] = [];
	const onFinished = (request: import('@playwright/test').Request) => {
		if (!request.serviceWorker()) return;
		swPending.push(
			(async () => {
				const response = await request.response();
				if (!response) return;
				const sizes = await request.sizes();
				const headers = await response.allHeaders();
				const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
				let raw = 0;
				try {
					raw = (await response.body()).length;
				} catch {
					raw = 0;
				}
				transfers.push({
					url: request.url(),
					kind: kindOf(headers['content-type'] ?? '', request.url()),
					bytes: response.status() === 304 ? sizes.responseHeadersSize : bytes,
					rawBytes: raw,
					byServiceWorker: true
				});
			})()
		);
	};
	context.on('requestfinished', onFinished);

	return {
		transfers,
		reset: () => {
			transfers.length = 0;
		},
		settle: async () => {
			await Promise.all(swPending.splice(0));
		},
		stop: async () => {
			context.off('requestfinished', onFinished);
			await Promise.all(swPending.splice(0));
			await cdp.detach().catch(() => {});
		}
	};
}

export function totals(
	transfers: Transfer[],
	skip: (t: Transfer) => boolean = () => false
): Totals {
	const byKind = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
	let bytes = 0;
	let requests = 0;
	let jsRaw = 0;
	let serviceWorkerBytes = 0;
	for (const t of transfers) {
		if (skip(t)) continue;
		requests++;
		bytes += t.bytes;
		byKind[t.kind] += t.bytes;
		if (t.kind === 'js') jsRaw += t.rawBytes;
		if (t.byServiceWorker) serviceWorkerBytes += t.bytes;
	}
	return { bytes, requests, byKind, jsRaw, serviceWorkerBytes };
}

/** Lesson images are left out of the page budget: their size belongs to the course author. */
export const isLessonImage = (t: Transfer) => new URL(t.url).pathname.startsWith('/media/');

/**
 * Waits until the page has settled: loaded, the service worker (if any) installed, and the
 * network quiet. Never throws: a page without a service worker simply has nothing to wait for.
 */
export async function settle(page: Page): Promise<void> {
	await page.waitForLoadState('load');
	await page
		.evaluate(async () => {
			if (!('serviceWorker' in navigator)) return;
			// SvelteKit registers the worker on the load event: give it a moment to appear.
			let registration = await navigator.serviceWorker.getRegistration();
			for (let i = 0; !registration && i < 20; i++) {
				await new Promise((resolve) => setTimeout(resolve, 100));
				registration = await navigator.serviceWorker.getRegistration();
			}
			if (!registration) return;
			await Promise.race([
				navigator.serviceWorker.ready,
				new Promise((resolve) => setTimeout(resolve, 15_000))
			]);
		})
		.catch(() => {});
	await page.waitForLoadState('networkidle').catch(() => {});
}

/**
 * The service worker's own script, fetched by the browser as it registers the worker: neither the
 * page's nor the worker's network events show it, so it is weighed here as the server sends it
 * (gzip, with its headers) and added to the first visit's transfers. Nothing when no worker.
 */
export async function addServiceWorkerScript(page: Page, transfers: Transfer[]): Promise<void> {
	const script = await page.evaluate(async () => {
		const registration = await navigator.serviceWorker?.getRegistration();
		return registration?.active?.scriptURL ?? registration?.installing?.scriptURL ?? null;
	});
	if (!script) return;
	const response = await fetch(script, { headers: { 'accept-encoding': 'gzip' } });
	const raw = (await response.arrayBuffer()).byteLength;
	let headers = 'HTTP/1.1 200 OK\r\n'.length;
	response.headers.forEach((value, name) => (headers += name.length + value.length + 4));
	transfers.push({
		url: script,
		kind: 'js',
		bytes: Number(response.headers.get('content-length') ?? raw) + headers,
		rawBytes: raw,
		byServiceWorker: true
	});
}

export const kb = (bytes: number) => (bytes / 1024).toFixed(1);
