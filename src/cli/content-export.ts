// `npm run content:export -- <course-id> <folder | file.zip> [--version N]`: writes a course (its
// published version, else the latest) in exactly the content/ layout, ready for git or for
// content:import elsewhere.
import { closeDb, db, migrateToLatest } from '../lib/server/db';
import { ContentStudioError, exportCourse } from '../lib/server/content/studio';
import { writeCourse } from '../lib/server/content/transfer';

const args = process.argv.slice(2);
const versionAt = args.indexOf('--version');
const version = versionAt >= 0 ? Number(args[versionAt + 1]) : undefined;
const [courseId, target] = args.filter(
	(a, i) => !a.startsWith('--') && (versionAt < 0 || i !== versionAt + 1)
);
if (!courseId || !target || (version !== undefined && !Number.isInteger(version))) {
	console.error(
		'Uso: npm run content:export -- <id-del-curso> <carpeta | archivo.zip> [--version N]'
	);
	process.exit(2);
}
let code = 0;
try {
	await migrateToLatest(db());
	const files = await exportCourse(db(), courseId, version);
	const written = await writeCourse(target, courseId, files);
	console.log(`Curso «${courseId}» exportado en ${written}.`);
} catch (e) {
	if (!(e instanceof ContentStudioError)) throw e;
	console.error(e.message);
	code = 1;
} finally {
	await closeDb();
}
process.exit(code);
