// What the server does once before it takes requests: migrate, then (unless turned off) make sure
// the demo accounts exist and say how to use them.
import type { Db } from './db';
import { migrateToLatest } from './db';
import { printDemoAccounts, seedDemo } from './demo';

export function demoEnabled(env = process.env): boolean {
	return env.MICROAULA_DEMO !== '0';
}

export async function prepareDatabase(db: Db): Promise<void> {
	const applied = await migrateToLatest(db);
	if (applied.length) console.log(`Migraciones aplicadas: ${applied.join(', ')}`);
	if (demoEnabled()) {
		await seedDemo(db);
		printDemoAccounts();
	}
}
