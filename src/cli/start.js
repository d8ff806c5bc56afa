// `npm start`: build when the sources are newer than the last build, then serve. (content/ is read
// at start-up, not built in: a changed seed needs no build.) The server
// migrates the database and (unless MICROAULA_DEMO=0) creates the demo accounts as it starts.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = [
	'src',
	'migrations',
	'static',
	'svelte.config.js',
	'vite.config.ts',
	'package.json'
];
const BUILD_MARK = 'build/handler.js';

/** @param {string} path @returns {number} */
function newest(path) {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let max = stat.mtimeMs;
	for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
	return max;
}

function buildIsStale() {
	if (!existsSync(BUILD_MARK)) return true;
	const built = statSync(BUILD_MARK).mtimeMs;
	return SOURCES.some((s) => existsSync(s) && newest(s) > built);
}

if (process.env.MICROAULA_SKIP_BUILD !== '1' && buildIsStale()) {
	console.log('Construyendo Microaula (npm run build)…');
	const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

await import('./serve.js');
