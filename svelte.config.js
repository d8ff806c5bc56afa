import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	// Course Markdown is data, rendered at run time through a sanitising pipeline
	// (src/lib/server/content/render/markdown.ts); no site page is written in Markdown, so no mdsvex.
	preprocess: [vitePreprocess()],
	kit: {
		adapter: adapter({ precompress: true }),
		files: { serviceWorker: 'src/service-worker.ts' },
		// Absolute asset paths: the service worker shows the stored "no connection" page at any
		// address, where paths relative to /sin-conexion would point nowhere.
		paths: { relative: false },
		// Registered by src/lib/browser/phone.js, which lesson pages (no framework) load too.
		serviceWorker: { register: false },
		// Scripts run only if they are our files or an inline script whose hash this page's policy
		// lists; nothing from other sites. Hashes rather than nonces: a nonce changes every response,
		// so a page seen before could never be answered with a 304 (0.1 KB instead of 4-6 KB on a
		// phone paying for data). Inline style="" attributes stay allowed: progress bars use them.
		// SvelteKit's origin check on form posts (kit.csrf) stays at its default: on.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
