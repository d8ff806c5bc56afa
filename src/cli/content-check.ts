// `npm run content:check [-- <content folder | course folder | course.zip>] [--course <id>]
// [--details]`: every problem as `file:line: message`, then a quality report per course (reading
// load, quizzes, facilitator notes; content/README.md §10); exits 1 on errors only (warnings never
// fail). Default: the whole content/ folder (the seed). `--course` limits the output to one
// course; `--details` adds the longest sentences and the flagged question lines.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildCatalogue } from '../lib/server/content/format/catalogue';
import {
	formatProblem,
	reportContentDirectory
} from '../lib/server/content/format/check-directory';
import {
	contentReports,
	formatCourseReport,
	type CourseReport
} from '../lib/server/content/format/course-report';
import type { Problem } from '../lib/server/content/format/types';
import { ContentImportError, readCourseSource } from '../lib/server/content/transfer';

const args = process.argv.slice(2);
const valueOf = (name: string) => {
	const i = args.indexOf(name);
	return i === -1 ? undefined : args[i + 1];
};
const courseId = valueOf('--course');
const root = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--course') ?? 'content';

let problems: Problem[];
let reports: CourseReport[];
if (root.toLowerCase().endsWith('.zip') || existsSync(join(root, 'course.md'))) {
	try {
		const { id, files } = await readCourseSource(root);
		// The same rules as for the seed folder, on the course's files keyed as under content/.
		const texts: Record<string, string> = {};
		for (const [path, text] of Object.entries(files.texts))
			texts[`content/courses/${id}/${path}`] = text;
		const media: Record<string, number> = {};
		for (const [path, bytes] of Object.entries(files.media)) {
			media[`content/courses/${id}/${path}`] = bytes.length;
		}
		const catalogue = buildCatalogue({ texts, media });
		const quality = contentReports(catalogue, texts);
		problems = [...catalogue.problems, ...quality.problems];
		reports = quality.reports;
	} catch (e) {
		if (!(e instanceof ContentImportError)) throw e;
		for (const p of e.problems) console.log(`${root}: ${p}`);
		process.exit(1);
	}
} else {
	({ problems, reports } = await reportContentDirectory(root));
}
const inScope = (file: string) => !courseId || file.startsWith(`content/courses/${courseId}/`);
const shown = problems.filter((p) => inScope(p.file));
for (const p of shown) console.log(formatProblem(p));
for (const report of reports.filter((r) => !courseId || r.courseId === courseId)) {
	console.log('\n' + formatCourseReport(report, { details: args.includes('--details') }));
}
const errors = shown.filter((p) => p.severity === 'error').length;
const warnings = shown.length - errors;
if (errors > 0) {
	console.log(
		`\n${errors} error(es) y ${warnings} aviso(s) en ${root}. Corrige los errores antes de publicar.`
	);
	process.exit(1);
}
console.log(`\n${root} está bien: ningún error${warnings ? ` (${warnings} avisos)` : ''}.`);
