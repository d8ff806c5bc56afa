import { defineConfig } from '@playwright/test';

// Browser tests run against the production build (`npm run build` first), in Debian's Chromium,
// on a phone-sized screen, each journey twice: with JavaScript and without it.
const PORT = 4173;
// Set once in the main process; the test workers inherit it and open the same database.
process.env.E2E_DATABASE_PATH ??= `data/e2e-${Date.now()}.sqlite`;
const DATABASE_PATH = process.env.E2E_DATABASE_PATH;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: process.env.CI ? 'list' : 'line',
	timeout: 60_000,
	use: {
		baseURL: `http://localhost:${PORT}`,
		viewport: { width: 360, height: 740 },
		locale: 'es-EC',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	},
	projects: [
		{ name: 'con-js', use: { javaScriptEnabled: true } },
		{ name: 'sin-js', use: { javaScriptEnabled: false } }
	],
	webServer: {
		command: 'node src/cli/serve.js',
		url: `http://localhost:${PORT}/`,
		reuseExistingServer: false,
		timeout: 60_000,
		// Every journey signs up from 127.0.0.1; the sign-up limit has its own test on its own server.
		env: { PORT: String(PORT), DATABASE_PATH, MICROAULA_DEMO: '1', SIGNUP_PER_ADDRESS: '10000' }
	}
});
