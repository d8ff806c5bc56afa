// `npm run content:check`: every problem in content/ as `file:line: message`, then a quality
// report per course (reading load, quizzes, facilitator notes); exits 1 on errors only.
// `-- --course <id>` limits the report to one course; `-- --details` adds the longest sentences
// and the flagged question lines.
import { formatCourseReport } from '../lib/server/content/format/course-report';
import {
	formatProblem,
	reportContentDirectory
} from '../lib/server/content/format/check-directory';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const valueOf = (name: string) => {
	const i = args.indexOf(name);
	return i === -1 ? undefined : args[i + 1];
};
const courseId = valueOf('--course');
const root = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--course') ?? 'content';

const { problems, reports } = await reportContentDirectory(root);
const inScope = (file: string) => !courseId || file.startsWith(`content/courses/${courseId}/`);
const shown = problems.filter((p) => inScope(p.file));
for (const p of shown) console.log(formatProblem(p));
for (const report of reports.filter((r) => !courseId || r.courseId === courseId)) {
	console.log('\n' + formatCourseReport(report, { details: flag('--details') }));
}
const errors = shown.filter((p) => p.severity === 'error').length;
const warnings = shown.length - errors;
if (errors > 0) {
	console.log(
		`\n${errors} error(es) y ${warnings} aviso(s) en ${root}/. Corrige los errores antes de publicar.`
	);
	process.exit(1);
}
console.log(`\n${root}/ está bien: ningún error${warnings ? ` (${warnings} avisos)` : ''}.`);
