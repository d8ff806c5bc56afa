// `npm run content:check [-- <content folder | course folder | course.zip>]`: every problem as
// `file:line: message`; exits 1 on errors. Default: the whole content/ folder (the seed).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkVersion } from '../lib/server/content/course-version';
import { checkContentDirectory, formatProblem } from '../lib/server/content/format/check-directory';
import type { Problem } from '../lib/server/content/format/types';
import { ContentImportError, readCourseSource } from '../lib/server/content/transfer';

const root = process.argv[2] ?? 'content';
let problems: Problem[];
if (root.toLowerCase().endsWith('.zip') || existsSync(join(root, 'course.md'))) {
	try {
		const { id, files } = await readCourseSource(root);
		problems = checkVersion(id, files).problems;
	} catch (e) {
		if (!(e instanceof ContentImportError)) throw e;
		for (const p of e.problems) console.log(`${root}: ${p}`);
		process.exit(1);
	}
} else {
	problems = await checkContentDirectory(root);
}
for (const p of problems) console.log(formatProblem(p));
const errors = problems.filter((p) => p.severity === 'error').length;
if (errors > 0) {
	console.log(`\n${errors} error(es) en ${root}. Corrígelos antes de publicar.`);
	process.exit(1);
}
console.log(
	`${root} está bien: ningún error${problems.length ? ` (${problems.length} avisos)` : ''}.`
);
