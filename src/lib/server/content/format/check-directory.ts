// Reads content/ from disk and runs the catalogue rules on it: used by `npm run content:check`
// and by the build (vite.config.ts). Relative imports only, so it also runs outside SvelteKit.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { buildCatalogue, type CatalogueResult } from './catalogue.ts';
import { contentReports, type CourseReport } from './course-report.ts';
import type { Problem } from './types.ts';

async function walk(dir: string): Promise<string[]> {
	const out: string[] = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...(await walk(full)));
		else out.push(full);
	}
	return out;
}

/** Loads every course file under `<root>/courses`, keyed as `content/courses/...`. */
export async function readContentDirectory(root: string): Promise<CatalogueResult> {
	const { texts, media } = await readContentFiles(root);
	return buildCatalogue({ texts, media });
}

async function readContentFiles(root: string) {
	const texts: Record<string, string> = {};
	const media: Record<string, number> = {};
	const coursesDir = join(root, 'courses');
	for (const full of await walk(coursesDir)) {
		const key = 'content/courses/' + relative(coursesDir, full).split(sep).join('/');
		if (key.endsWith('.md')) texts[key] = await readFile(full, 'utf8');
		else media[key] = (await stat(full)).size;
	}
	return { texts, media };
}

/**
 * What `npm run content:check` prints: the catalogue's problems, then the quality warnings of
 * issue 14 (reading load, quiz quality, facilitator notes) and a report per course.
 */
export async function reportContentDirectory(
	root: string
): Promise<CatalogueResult & { reports: CourseReport[] }> {
	const { texts, media } = await readContentFiles(root);
	const catalogue = buildCatalogue({ texts, media });
	const { reports, problems } = contentReports(catalogue, texts);
	return { ...catalogue, problems: [...catalogue.problems, ...problems], reports };
}

export async function checkContentDirectory(root: string): Promise<Problem[]> {
	return (await readContentDirectory(root)).problems;
}

export function formatProblem(p: Problem): string {
	return `${p.file}:${p.line}: ${p.severity === 'warning' ? 'aviso: ' : ''}${p.message}`;
}
