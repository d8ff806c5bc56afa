// `npm run backup -- <file>`: a consistent copy of the running SQLite database (DATABASE_PATH),
// taken online. `npm run restore -- <file>` puts a backup back (stop the server first).
import { backupSqlite, restoreSqlite } from '../lib/server/db/backup';
import { isPostgresUrl } from '../lib/server/db';

const [command, file] = process.argv.slice(2);
const database = process.env.DATABASE_PATH ?? 'data/microaula.sqlite';

if (isPostgresUrl(process.env.DATABASE_URL)) {
	console.error(
		'DATABASE_URL apunta a PostgreSQL: usa pg_dump -Fc (copia) y pg_restore (restauración).'
	);
	process.exit(2);
}
if ((command !== 'backup' && command !== 'restore') || !file) {
	console.error('Uso: npm run backup -- <archivo>   |   npm run restore -- <archivo>');
	process.exit(2);
}

try {
	const report =
		command === 'backup' ? await backupSqlite(database, file) : await restoreSqlite(file, database);
	console.log(
		command === 'backup'
			? `Copia de ${database} guardada en ${file}`
			: `${database} restaurada desde ${file}`
	);
	console.log(`  páginas: ${report.pages}; integridad: ${report.integrity}`);
	for (const [table, n] of Object.entries(report.rows)) console.log(`  ${table}: ${n}`);
	if (report.integrity !== 'ok') process.exit(1);
} catch (e) {
	console.error(`No se pudo: ${(e as Error).message}`);
	process.exit(1);
}
