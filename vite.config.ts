import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import {
	checkContentDirectory,
	formatProblem
} from './src/lib/server/content/format/check-directory.ts';

/** Unit tests that touch the database: they run on SQLite, and on PostgreSQL too when
 * TEST_DATABASE_URL is set. */
const DB_TESTS = [
	'tests/unit/accounts.test.ts',
	'tests/unit/admin.test.ts',
	'tests/unit/classes.test.ts',
	'tests/unit/certificates.test.ts',
	'tests/unit/learning.test.ts',
	'tests/unit/session.test.ts',
	'tests/unit/rate-limit.test.ts',
	'tests/unit/trust.test.ts',
	'tests/unit/privacy.test.ts',
	'tests/unit/content-store.test.ts',
	'tests/unit/offline-quizzes.test.ts'
];

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
		environment: 'node',
		pool: 'forks',
		projects: [
			{ extends: true, test: { name: 'sqlite', include: ['tests/unit/**/*.test.ts'] } },
			// The same database-level tests again on PostgreSQL, when one is given.
			...(process.env.TEST_DATABASE_URL
				? [
						{
							extends: true as const,
							test: {
								name: 'postgres',
								include: DB_TESTS,
								env: { MICROAULA_TEST_DB: 'postgres' },
								globalSetup: ['tests/unit/pg-setup.ts']
							}
						}
					]
				: [])
		]
	}
});
