// `npm run db:migrate`: applies pending migrations to the database at DATABASE_PATH.
import { closeDb, db, migrateToLatest } from '../lib/server/db';

const applied = await migrateToLatest(db());
console.log(
	applied.length
		? `Migraciones aplicadas: ${applied.join(', ')}`
		: 'La base de datos ya está al día.'
);
await closeDb();
