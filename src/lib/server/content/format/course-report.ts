// The per-course quality report of `npm run content:check` (issue 14): words, reading minutes and
// INFLESZ per lesson with the course average, quiz banks, draw, real pass mark, longest-correct
// share and true/false balance, facilitator notes; and the warnings these rules raise. Pure: it
// reads the catalogue and the file texts it was built from.
import { posix } from 'node:path';
import type { CatalogueResult } from './catalogue.ts';
import { SURVEY_FILE } from './survey-format.ts';
import { FACILITATOR_NOTES_FILE } from './facilitator-notes.ts';
import {
	averageInflesz,
	checkLessonReading,
	formatScore,
	LESSON_WORDS,
	MIN_COURSE_INFLESZ,
	MIN_LESSON_INFLESZ
} from './lesson-rules.ts';
import {
	courseQuizStats,
	courseQuizWarnings,
	MAX_LONGEST_CORRECT_SHARE,
	MIN_BANK_RATIO,
	TRUE_SHARE_RANGE,
	type CourseQuizStats
} from './quiz-quality.ts';
import { infleszBand, readingMinutes, type Readability } from './readability.ts';
import type { Course, Problem } from './types.ts';

export interface LessonReport {
	id: string;
	moduleId: string;
	file: string;
	title: string;
	/** The frontmatter's reading time. */
	minutes: number;
	/** Reading time at 80 words a minute. */
	expectedMinutes: number;
	readability: Readability;
}

export interface CourseReport {
	courseId: string;
	title: string;
	file: string;
	lessons: LessonReport[];
	/** Mean of the lessons' INFLESZ; null for a course without lessons. */
	averageInflesz: number | null;
	quizzes: CourseQuizStats;
	/** Per module, the notes file and whether it exists (and parsed). */
	facilitatorNotes: { moduleId: string; file: string; present: boolean }[];
	/** Warnings of these rules, file:line where the author fixes them. */
	problems: Problem[];
}

function quizDrawLines(texts: Record<string, string>, files: string[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const file of files) {
		const i = (texts[file] ?? '').split('\n').findIndex((l) => /^draw\s*:/.test(l));
		if (i !== -1) out[file] = i + 1;
	}
	return out;
}

export function courseReport(
	course: Course,
	texts: Record<string, string>,
	catalogue: Pick<CatalogueResult, 'facilitatorNotes'>
): CourseReport {
	const problems: Problem[] = [];
	const lessons: LessonReport[] = course.lessons.map((lesson) => {
		const { readability, problems: p } = checkLessonReading(
			lesson.file,
			texts[lesson.file] ?? '',
			lesson.minutes
		);
		problems.push(...p);
		return {
			id: lesson.id,
			moduleId: lesson.moduleId,
			file: lesson.file,
			title: lesson.title,
			minutes: lesson.minutes,
			expectedMinutes: readingMinutes(readability.words),
			readability
		};
	});
	const average = averageInflesz(lessons.map((l) => l.readability.inflesz));
	if (average !== null && average < MIN_COURSE_INFLESZ) {
		problems.push({
			file: course.file,
			line: 1,
			message: `el promedio INFLESZ del curso es ${formatScore(average)} (mínimo ${MIN_COURSE_INFLESZ}): simplifica las lecciones más difíciles`,
			severity: 'warning'
		});
	}
	const quizzes = course.modules.flatMap((m) => (m.quiz ? [m.quiz] : []));
	problems.push(
		...courseQuizWarnings(course.file, quizzes, {
			drawLines: quizDrawLines(
				texts,
				quizzes.map((q) => q.file)
			)
		})
	);
	const facilitatorNotes = course.modules.map((m) => {
		const anyFile = m.quiz?.file ?? m.lessons[0]?.file ?? `${course.file}/${m.id}/x`;
		const file = `${posix.dirname(anyFile)}/${FACILITATOR_NOTES_FILE}`;
		const present = catalogue.facilitatorNotes.some(
			(n) => n.courseId === course.id && n.moduleId === m.id
		);
		if (texts[file] === undefined) {
			problems.push({
				file,
				line: 1,
				message: 'el módulo no tiene notas para facilitar la sesión presencial (facilitador.md)',
				severity: 'warning'
			});
		}
		return { moduleId: m.id, file, present };
	});
	const surveyFile = `${posix.dirname(course.file)}/${SURVEY_FILE}`;
	if (texts[surveyFile] === undefined) {
		problems.push({
			file: surveyFile,
			line: 1,
			message:
				'el curso no tiene encuesta de prácticas (survey.md): sin ella no hay evidencia de cambios',
			severity: 'warning'
		});
	}
	return {
		courseId: course.id,
		title: course.title,
		file: course.file,
		lessons,
		averageInflesz: average,
		quizzes: courseQuizStats(quizzes),
		facilitatorNotes,
		problems
	};
}

/** Reports for every course of a catalogue, and all their warnings. */
export function contentReports(
	catalogue: CatalogueResult,
	texts: Record<string, string>
): { reports: CourseReport[]; problems: Problem[] } {
	const reports = catalogue.courses
		.slice()
		.sort((a, b) => a.id.localeCompare(b.id))
		.map((c) => courseReport(c, texts, catalogue));
	return { reports, problems: reports.flatMap((r) => r.problems) };
}

function pct(share: number | null): string {
	return share === null ? '—' : `${Math.round(share * 100)} %`;
}

function pad(text: string | number, width: number, right = false): string {
	const s = String(text);
	return right ? s.padStart(width) : s.padEnd(width);
}

function mark(ok: boolean): string {
	return ok ? ' ' : '!';
}

/**
 * The report as text for a terminal: one block per course. `details` adds each lesson's longest
 * sentences and each quiz's flagged lines (what /work/tools/content-report prints).
 */
export function formatCourseReport(r: CourseReport, options: { details?: boolean } = {}): string {
	const out: string[] = [];
	const [minW, maxW] = LESSON_WORDS;
	out.push(`== ${r.courseId} — ${r.title}`);
	out.push('');
	out.push(
		`Lecciones (palabras ${minW}–${maxW}; min = «minutes» escrito / a 80 palabras por minuto; INFLESZ ≥ ${MIN_LESSON_INFLESZ}; «!» = fuera de la regla)`
	);
	out.push(`  ${pad('lección', 44)} ${pad('palabras', 9, true)} ${pad('min', 7, true)} ${pad('INFLESZ', 8, true)}  escala        F-Huerta`);
	for (const l of r.lessons) {
		const w = l.readability.words;
		const name = `${l.moduleId.slice(0, 18)}/${l.id}`;
		const minutes = `${l.minutes}/${l.expectedMinutes}`;
		out.push(
			`  ${pad(name.length > 44 ? name.slice(0, 43) + '…' : name, 44)} ${pad(w, 8, true)}${mark(w >= minW && w <= maxW)} ${pad(minutes, 6, true)}${mark(Math.abs(l.minutes - l.expectedMinutes) <= 1)} ${pad(formatScore(l.readability.inflesz), 7, true)}${mark(l.readability.inflesz >= MIN_LESSON_INFLESZ)}  ${pad(l.readability.band, 14)} ${formatScore(l.readability.fernandezHuerta)}`
		);
		if (options.details) {
			for (const s of l.readability.longestSentences) {
				const text = s.text.length > 110 ? s.text.slice(0, 109) + '…' : s.text;
				out.push(`      línea ${s.line} (${s.words} palabras): ${text}`);
			}
		}
	}
	const avg = r.averageInflesz;
	out.push(
		`  Promedio INFLESZ del curso: ${avg === null ? '—' : `${formatScore(avg)} (${infleszBand(avg)})`}${avg !== null && avg < MIN_COURSE_INFLESZ ? ` ! mínimo ${MIN_COURSE_INFLESZ}` : ''}`
	);
	out.push('');
	const q = r.quizzes;
	out.push(
		`Evaluaciones (banco ≥ ${MIN_BANK_RATIO} × draw; correcta más larga ≤ ${pct(MAX_LONGEST_CORRECT_SHARE)}; verdadero ${pct(TRUE_SHARE_RANGE[0])}–${pct(TRUE_SHARE_RANGE[1])})`
	);
	out.push(`  ${pad('módulo', 30)} ${pad('banco', 6, true)} ${pad('draw', 5, true)}  aprobar    corr.larga  verdadero  multi<2 expl.corta`);
	for (const s of q.quizzes) {
		const bankOk = s.bank >= Math.ceil(MIN_BANK_RATIO * s.draw);
		out.push(
			`  ${pad(s.moduleId.slice(0, 30), 30)} ${pad(s.bank, 5, true)}${mark(bankOk)} ${pad(s.draw, 5, true)}  ${pad(`${s.needed} de ${s.draw}`, 9)}  ${pad(`${s.longestCorrect.length}/${s.single}`, 10)}  ${pad(`${s.verdadero}/${s.truefalse}`, 9)}  ${pad(s.fewWrong.length, 7)} ${s.shortExplanations.length}`
		);
		if (options.details) {
			const flagged = [
				s.longestCorrect.length && `correcta más larga: líneas ${s.longestCorrect.join(', ')}`,
				s.fewWrong.length && `{multiple} con menos de 2 incorrectas: líneas ${s.fewWrong.join(', ')}`,
				s.shortExplanations.length && `explicación corta o ausente: líneas ${s.shortExplanations.join(', ')}`
			].filter(Boolean);
			for (const f of flagged) out.push(`      ${s.file}: ${f}`);
			out.push(`      ${s.passMark}`);
		}
	}
	out.push(
		`  Curso: correcta más larga en ${q.longestCorrect} de ${q.single} preguntas de una opción (${pct(q.longestCorrectShare)})${q.longestCorrectShare !== null && q.longestCorrectShare > MAX_LONGEST_CORRECT_SHARE ? ' !' : ''}; «verdadero» en ${q.verdadero} de ${q.truefalse} (${pct(q.verdaderoShare)})${q.verdaderoShare !== null && (q.verdaderoShare < TRUE_SHARE_RANGE[0] || q.verdaderoShare > TRUE_SHARE_RANGE[1]) ? ' !' : ''}`
	);
	if (q.duplicates.length) {
		out.push(`  Preguntas repetidas entre módulos: ${q.duplicates.length} !`);
		if (options.details) {
			for (const d of q.duplicates) {
				out.push(`      «${d.text}»: ${d.places.map((p) => `${p.file}:${p.line}`).join(', ')}`);
			}
		}
	} else out.push('  Preguntas repetidas entre módulos: ninguna');
	out.push('');
	const missing = r.facilitatorNotes.filter((n) => !n.present);
	out.push(
		`Notas para facilitar: ${r.facilitatorNotes.length - missing.length} de ${r.facilitatorNotes.length} módulos${missing.length ? ` (faltan o tienen errores: ${missing.map((n) => n.moduleId).join(', ')})` : ''}`
	);
	return out.join('\n');
}
