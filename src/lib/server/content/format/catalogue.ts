// Builds the course catalogue from the files under content/courses, and reports every problem
// an author must fix (content/README.md §7). Pure: it takes file texts and media sizes, so the
// build, `npm run content:check`, the server and the tests all run the same rules.
import { posix } from 'node:path';
import { BOX_KINDS } from '../render/rehype-lesson-boxes.js';
import {
	courseFrontmatter,
	lessonFrontmatter,
	moduleFrontmatter,
	readFrontmatter,
	splitFrontmatter
} from './frontmatter.ts';
import { parseQuiz } from './quiz-format.ts';
import { parseSurvey, SURVEY_FILE } from './survey-format.ts';
import type { Survey } from '../../evidence/types.ts';
import {
	FACILITATOR_NOTES_FILE,
	parseFacilitatorNotes,
	type FacilitatorNotes
} from './facilitator-notes.ts';
import type { Course, Lesson, Module, Problem } from './types.ts';

export const COURSES_DIR = 'content/courses';
export const MAX_LESSON_WORDS = 1200;
export const MAX_IMAGE_BYTES = 100 * 1024;
export const IMAGE_EXTENSIONS = ['.svg', '.webp'];
/** Path segments that routes under /cursos/<course>/ use, so no lesson may take them. */
export const RESERVED_IDS = [
	'evaluacion',
	'certificado',
	'descargar',
	'media',
	'encuesta',
	'prueba-inicial'
];

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ORDERED = /^(\d{2})-(.+)$/;

export interface ContentFiles {
	/** Markdown texts by path relative to the repository root (content/courses/...). */
	texts: Record<string, string>;
	/** Byte sizes of media files by path; omit to skip image checks (as the server does). */
	media?: Record<string, number>;
}

export interface CatalogueResult {
	courses: Course[];
	problems: Problem[];
	/** Kept apart from the courses: for the facilitator's handout only, never for participants. */
	facilitatorNotes: FacilitatorNotes[];
	/** Each course's practice survey (survey.md), for the evidence pages only. */
	surveys: Survey[];
}

/** Counts words a reader sees: Markdown markers and box tags are not words. */
export function countWords(markdown: string): number {
	return markdown
		.replace(/^>\s*\[![^\]]*\]/gm, '')
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.split(/\s+/)
		.filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

function lineOf(text: string, index: number): number {
	return text.slice(0, index).split('\n').length;
}

interface Entry {
	order: number;
	id: string;
	name: string;
}

/** Reads `NN-id` names, reporting bad names, repeated ids, and gaps or repeats in the order. */
function orderedEntries(
	names: string[],
	where: (name: string) => string,
	what: string,
	problems: Problem[]
): Entry[] {
	const entries: Entry[] = [];
	for (const name of names) {
		const m = ORDERED.exec(name);
		if (!m || !ID.test(m[2])) {
			problems.push({
				file: where(name),
				line: 1,
				message: `nombre inválido «${name}»: usa NN-id, con id en minúsculas sin tildes, números y guiones`,
				severity: 'error'
			});
			continue;
		}
		entries.push({ order: Number(m[1]), id: m[2], name });
	}
	entries.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
	entries.forEach((e, i) => {
		if (e.order !== i + 1) {
			const expected = String(i + 1).padStart(2, '0');
			problems.push({
				file: where(e.name),
				line: 1,
				message: `orden ${String(e.order).padStart(2, '0')} fuera de secuencia: se esperaba ${expected} (sin saltos ni repetidos)`,
				severity: 'error'
			});
		}
	});
	return entries;
}

function checkLessonBody(
	file: string,
	body: string,
	bodyLine: number,
	texts: Record<string, string>,
	media: Record<string, number> | undefined,
	problems: Problem[]
): void {
	const err = (index: number, message: string) =>
		problems.push({ file, line: bodyLine - 1 + lineOf(body, index), message, severity: 'error' });
	let inCode = false;
	let offset = 0;
	for (const line of body.split('\n')) {
		if (/^\s*```/.test(line)) inCode = !inCode;
		if (!inCode) {
			if (/^#\s/.test(line)) err(offset, 'no uses «# »: el título sale del campo title; usa «## » para subtítulos');
			if (/[{}]/.test(line)) err(offset, 'las llaves { } no se pueden usar en el texto de una lección');
			const box = /^>\s*\[!([^\]]+)\]/.exec(line);
			if (box && !(box[1].trim() in BOX_KINDS)) {
				err(offset, `caja desconocida «[!${box[1]}]» (usa: ${Object.keys(BOX_KINDS).join(', ')})`);
			}
		}
		offset += line.length + 1;
	}

	const dir = posix.dirname(file);
	for (const m of body.matchAll(/(!?)\[([^\]]*)\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)/g)) {
		const [, bang, label, target] = m;
		const index = m.index ?? 0;
		if (/^(https?:|mailto:|tel:|#)/.test(target)) {
			if (bang) err(index, 'las imágenes deben estar en la carpeta media/ del curso, no en internet');
			continue;
		}
		const resolved = posix.normalize(posix.join(dir, target.split('#')[0]));
		if (bang) {
			if (!label.trim()) err(index, `la imagen «${target}» no tiene texto alternativo: ![describe la imagen](...)`);
			if (!IMAGE_EXTENSIONS.includes(posix.extname(resolved).toLowerCase())) {
				err(index, `la imagen «${target}» debe ser SVG o WebP`);
			}
			if (media) {
				const size = media[resolved];
				if (size === undefined) err(index, `la imagen «${target}» no existe`);
				else if (size > MAX_IMAGE_BYTES) {
					err(index, `la imagen «${target}» pesa ${Math.round(size / 1024)} KB (máximo ${MAX_IMAGE_BYTES / 1024} KB)`);
				}
			}
		} else if (!resolved.endsWith('.md') || texts[resolved] === undefined) {
			err(index, `enlace roto «${target}»: no existe ${resolved}`);
		}
	}
}

export function buildCatalogue({ texts, media }: ContentFiles): CatalogueResult {
	const problems: Problem[] = [];
	const courses: Course[] = [];
	const facilitatorNotes: FacilitatorNotes[] = [];
	const surveys: Survey[] = [];
	const byCourse = new Map<string, string[]>();
	for (const path of Object.keys(texts).sort()) {
		if (!path.startsWith(COURSES_DIR + '/')) continue;
		const rest = path.slice(COURSES_DIR.length + 1).split('/');
		if (rest.length < 2) continue;
		const list = byCourse.get(rest[0]) ?? [];
		list.push(rest.slice(1).join('/'));
		byCourse.set(rest[0], list);
	}

	for (const [courseId, paths] of byCourse) {
		const courseDir = `${COURSES_DIR}/${courseId}`;
		const courseFile = `${courseDir}/course.md`;
		if (!ID.test(courseId)) {
			problems.push({
				file: courseDir,
				line: 1,
				message: `id de curso inválido «${courseId}»: minúsculas sin tildes, números y guiones`,
				severity: 'error'
			});
			continue;
		}
		if (texts[courseFile] === undefined) {
			problems.push({ file: courseFile, line: 1, message: 'falta course.md', severity: 'error' });
			continue;
		}
		const courseSplit = splitFrontmatter(courseFile, texts[courseFile]);
		problems.push(...courseSplit.problems);
		const meta = readFrontmatter(courseFrontmatter, courseSplit, courseFile, problems);

		const moduleDirs = [...new Set(paths.filter((p) => p.includes('/')).map((p) => p.split('/')[0]))]
			.filter((d) => d !== 'media');
		const moduleEntries = orderedEntries(moduleDirs, (n) => `${courseDir}/${n}`, 'módulo', problems);
		const modules: Module[] = [];
		const lessons: Lesson[] = [];
		const lessonIds = new Map<string, string>();
		const moduleIds = new Set<string>();

		for (const entry of moduleEntries) {
			const dir = `${courseDir}/${entry.name}`;
			if (moduleIds.has(entry.id)) {
				problems.push({ file: dir, line: 1, message: `id de módulo repetido «${entry.id}»`, severity: 'error' });
			}
			moduleIds.add(entry.id);
			const inDir = paths
				.filter((p) => p.startsWith(entry.name + '/'))
				.map((p) => p.slice(entry.name.length + 1))
				.filter((p) => !p.includes('/'));

			const moduleFile = `${dir}/module.md`;
			let moduleMeta: { title: string; summary: string } | null = null;
			if (texts[moduleFile] === undefined) {
				problems.push({ file: moduleFile, line: 1, message: 'falta module.md', severity: 'error' });
			} else {
				const split = splitFrontmatter(moduleFile, texts[moduleFile]);
				problems.push(...split.problems);
				moduleMeta = readFrontmatter(moduleFrontmatter, split, moduleFile, problems);
			}

			const lessonNames = inDir
				.filter(
					(n) =>
						n.endsWith('.md') &&
						n !== 'module.md' &&
						n !== 'quiz.md' &&
						n !== FACILITATOR_NOTES_FILE
				)
				.map((n) => n.slice(0, -3));
			const lessonEntries = orderedEntries(lessonNames, (n) => `${dir}/${n}.md`, 'lección', problems);
			if (lessonEntries.length === 0) {
				problems.push({ file: dir, line: 1, message: 'el módulo no tiene lecciones', severity: 'error' });
			}
			const moduleLessons: Lesson[] = [];
			for (const le of lessonEntries) {
				const file = `${dir}/${le.name}.md`;
				if (lessonIds.has(le.id)) {
					problems.push({
						file,
						line: 1,
						message: `id de lección repetido «${le.id}» (también en ${lessonIds.get(le.id)})`,
						severity: 'error'
					});
					continue;
				}
				if (RESERVED_IDS.includes(le.id)) {
					problems.push({ file, line: 1, message: `«${le.id}» es un id reservado; elige otro`, severity: 'error' });
					continue;
				}
				lessonIds.set(le.id, file);
				const split = splitFrontmatter(file, texts[file]);
				problems.push(...split.problems);
				const lm = readFrontmatter(lessonFrontmatter, split, file, problems);
				const words = countWords(split.body);
				if (words > MAX_LESSON_WORDS) {
					problems.push({
						file,
						line: split.bodyLine,
						message: `la lección tiene ${words} palabras (máximo ${MAX_LESSON_WORDS}): divídela en dos`,
						severity: 'error'
					});
				}
				checkLessonBody(file, split.body, split.bodyLine, texts, media, problems);
				if (!lm) continue;
				const lesson: Lesson = {
					id: le.id,
					courseId,
					moduleId: entry.id,
					title: lm.title,
					minutes: lm.minutes,
					words,
					file
				};
				moduleLessons.push(lesson);
				lessons.push(lesson);
			}

			const quizFile = `${dir}/quiz.md`;
			let quiz = null;
			if (texts[quizFile] === undefined) {
				problems.push({ file: quizFile, line: 1, message: 'el módulo no tiene evaluación (quiz.md)', severity: 'error' });
			} else {
				const parsed = parseQuiz(quizFile, texts[quizFile], {
					courseId,
					moduleId: entry.id,
					defaultPassScore: meta?.passScore ?? 70
				});
				problems.push(...parsed.problems);
				quiz = parsed.quiz;
			}
			const notesFile = `${dir}/${FACILITATOR_NOTES_FILE}`;
			if (texts[notesFile] !== undefined) {
				const parsed = parseFacilitatorNotes(notesFile, texts[notesFile], {
					courseId,
					moduleId: entry.id
				});
				problems.push(...parsed.problems);
				if (parsed.notes) facilitatorNotes.push(parsed.notes);
			}
			if (moduleMeta) {
				modules.push({
					id: entry.id,
					courseId,
					title: moduleMeta.title,
					summary: moduleMeta.summary,
					lessons: moduleLessons,
					quiz
				});
			}
		}

		const surveyFile = `${courseDir}/${SURVEY_FILE}`;
		// A missing survey is a quality warning of content:check (course-report.ts), not an error.
		if (texts[surveyFile] !== undefined) {
			const parsed = parseSurvey(surveyFile, texts[surveyFile], courseId);
			problems.push(...parsed.problems);
			if (parsed.survey) surveys.push(parsed.survey);
		}

		for (const p of paths.filter(
			(p) => !p.includes('/') && p !== 'course.md' && p !== SURVEY_FILE
		)) {
			problems.push({ file: `${courseDir}/${p}`, line: 1, message: 'archivo inesperado en la carpeta del curso', severity: 'warning' });
		}
		if (!meta) continue;
		courses.push({ id: courseId, ...meta, file: courseFile, modules, lessons });
	}
	return { courses, problems, facilitatorNotes, surveys };
}
