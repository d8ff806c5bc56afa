import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { checkContentDirectory, formatProblem } from './src/lib/server/content/check-directory.ts';

/** The build refuses to ship content that `npm run content:check` would reject. */
function contentGuard(): Plugin {
	return {
		name: 'microaula-content-guard',
		apply: 'build',
		async buildStart() {
			const problems = await checkContentDirectory('content');
			const errors = problems.filter((p) => p.severity === 'error');
			if (errors.length > 0) {
				this.error(
					`content/ has ${errors.length} error(s):\n${errors.map(formatProblem).join('\n')}`
				);
			}
		}
	};
}

export default defineConfig({
	plugins: [
		contentGuard(),
		// Under Vitest the messages are compiled beforehand (npm run i18n:compile); the plugin's file
		// watcher would otherwise keep the test process alive.
		!process.env.VITEST &&
			paraglideVitePlugin({
				project: './src/lib/i18n/project.inlang',
				outdir: './src/lib/paraglide',
				strategy: ['cookie', 'preferredLanguage', 'baseLocale'],
				cookieName: 'microaula-lang'
			}),
		sveltekit()
	],
	server: { fs: { allow: ['content'] } },
	test: {
		expect: { requireAssertions: true },
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		pool: 'forks'
	}
});
