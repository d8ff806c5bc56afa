// `npm run content:check`: every problem in content/ as `file:line: message`; exits 1 on errors.
import { checkContentDirectory, formatProblem } from '../lib/server/content/format/check-directory';

const root = process.argv[2] ?? 'content';
const problems = await checkContentDirectory(root);
for (const p of problems) console.log(formatProblem(p));
const errors = problems.filter((p) => p.severity === 'error').length;
if (errors > 0) {
	console.log(`\n${errors} error(es) en ${root}/. Corrígelos antes de publicar.`);
	process.exit(1);
}
console.log(
	`${root}/ está bien: ningún error${problems.length ? ` (${problems.length} avisos)` : ''}.`
);
