import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { mdsvex } from 'mdsvex';
import { rehypeLessonBoxes } from './src/lib/server/content/rehype-lesson-boxes.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	extensions: ['.svelte', '.md'],
	preprocess: [
		vitePreprocess(),
		// Lessons are Markdown compiled to Svelte components at build time; they are rendered on
		// the server only (see src/lib/server/content/lessons.ts), never shipped as client JS.
		mdsvex({ extensions: ['.md'], smartypants: false, rehypePlugins: [rehypeLessonBoxes] })
	],
	kit: {
		adapter: adapter({ precompress: true }),
		files: { serviceWorker: 'src/service-worker.ts' },
		// Absolute asset paths: the service worker shows the stored "no connection" page at any
		// address, where paths relative to /sin-conexion would point nowhere.
		paths: { relative: false },
		// Registered by src/lib/browser/phone.js, which lesson pages (no framework) load too.
		serviceWorker: { register: false }
	}
};

export default config;
