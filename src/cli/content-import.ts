// `npm run content:import -- <course folder | course.zip> [--borrador]`: brings a course in, in the
// content/ layout. By default it is published at once if content:check finds no errors (nothing is
// stored otherwise); with --borrador it becomes a draft to review in /admin/cursos. An existing
// course gets a new version; refused while it has an open draft. Audited as content.import.
import { closeDb, db, migrateToLatest } from '../lib/server/db';
import { formatProblem } from '../lib/server/content/format/check-directory';
import { importCourse } from '../lib/server/content/studio';
import { ContentImportError, readCourseSource } from '../lib/server/content/transfer';

const args = process.argv.slice(2);
const source = args.find((a) => !a.startsWith('--'));
if (!source) {
	console.error('Uso: npm run content:import -- <carpeta-del-curso | curso.zip> [--borrador]');
	process.exit(2);
}
let code = 0;
try {
	await migrateToLatest(db());
	const { id, files } = await readCourseSource(source);
	const result = await importCourse(db(), null, {
		id,
		files,
		publishNow: !args.includes('--borrador')
	});
	if (result.ok) {
		console.log(
			`Curso «${id}»: versión ${result.version.number} ${result.published ? 'publicada' : 'guardada como borrador'}${result.created ? ' (curso nuevo)' : ''}.`
		);
	} else if (result.reason === 'draft-open') {
		console.error(
			`El curso «${id}» tiene un borrador abierto (versión ${result.draft.number}): publícalo o restaura otra versión antes de importar. No se cambió nada.`
		);
		code = 1;
	} else {
		for (const p of result.problems) console.error(formatProblem(p));
		console.error(`\nEl curso tiene errores: no se importó nada.`);
		code = 1;
	}
} catch (e) {
	if (!(e instanceof ContentImportError)) throw e;
	for (const p of e.problems) console.error(`${source}: ${p}`);
	console.error('No se importó nada.');
	code = 1;
} finally {
	await closeDb();
}
process.exit(code);
