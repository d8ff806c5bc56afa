// Vitest global setup of the `postgres` project: after the run, drop the schemas newDb() made.
import { sql } from 'kysely';
import { openPostgres } from '../../src/lib/server/db';

/** Schemas made by newDb() on PostgreSQL start with this. */
export const PG_TEST_SCHEMA_PREFIX = 'microaula_t_';

export default function setup() {
	return async function teardown() {
		const url = process.env.TEST_DATABASE_URL;
		if (!url) return;
		const db = openPostgres(url, { max: 1, allowExitOnIdle: true });
		try {
			const { rows } = await sql<{ nspname: string }>`
				select nspname from pg_namespace where nspname like ${PG_TEST_SCHEMA_PREFIX + '%'}
			`.execute(db);
			for (const { nspname } of rows) {
				await sql`drop schema ${sql.id(nspname)} cascade`.execute(db);
			}
		} finally {
			await db.destroy();
		}
	};
}
