// What the server does once before it takes requests: migrate, take in the courses of content/
// that this database does not have yet (published as version 1), load the published catalogue into
// memory, then (unless turned off) make sure the demo accounts exist and say how to use them.
import type { Db } from './db';
import { migrateToLatest } from './db';
import { loadCatalogue } from './content';
import { importSeed } from './content/seed';
import { printDemoAccounts, seedDemo } from './demo';

export function demoEnabled(env = process.env): boolean {
	return env.MICROAULA_DEMO !== '0';
}

export async function prepareDatabase(db: Db): Promise<void> {
	const applied = await migrateToLatest(db);
	if (applied.length) console.log(`Migraciones aplicadas: ${applied.join(', ')}`);
	const imported = await importSeed(db, process.env.MICROAULA_CONTENT_DIR ?? 'content');
	if (imported.length) console.log(`Cursos importados de content/: ${imported.join(', ')}`);
	await loadCatalogue(db);
	if (demoEnabled()) {
		await seedDemo(db);
		printDemoAccounts();
	}
}
