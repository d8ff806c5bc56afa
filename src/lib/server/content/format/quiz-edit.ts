// The quiz format as the studio's quiz editor edits it: a quiz.md read into plain questions (the
// text as written: stems, options, raw answers) and written back. Reading reuses the parser's own
// line reader (readQuizBlocks); writing gives the canonical layout of content/README.md §5, so a
// file written here reads back to the same questions, ids and answers (tests/unit/quiz-edit.test.ts
// checks it on every seed quiz). Numbers stay as the author wrote them ("0,25"), never reformatted.
import { splitFrontmatter } from './frontmatter.ts';
import { parseDecimal } from './numbers.ts';
import { derivedQuestionId, MAX_OPTIONS, readQuizBlocks, QUESTION_ID } from './quiz-format.ts';
import type { Problem, Question } from './types.ts';

export type QuestionType = Question['type'];
export const QUESTION_TYPES: readonly QuestionType[] = ['single', 'multiple', 'truefalse', 'number'];
export const MAX_STEM_CHARS = 500;
export const MAX_OPTION_CHARS = 300;
export const MAX_EXPLANATION_CHARS = 2000;

export interface EditableQuestion {
	/** The explicit id written in the file, or null (then it is derived from the stem). */
	id: string | null;
	type: QuestionType;
	stem: string;
	/** Single and multiple choice only. */
	options: { text: string; correct: boolean }[];
	/** Truefalse: "verdadero" or "falso"; number: the value as written. Empty otherwise. */
	answer: string;
	/** Number only: the tolerance as written, or empty for an exact answer. */
	tolerance: string;
	explanation: string;
}

export interface EditableQuiz {
	/** The frontmatter lines as written (comments kept), without a trailing newline. */
	head: string;
	questions: EditableQuestion[];
	/** Lines the form cannot represent (they would be lost): the Markdown view must fix them. */
	unreadable: Problem[];
}

/** Reads a quiz.md into questions the editor's forms show. */
export function readEditableQuiz(file: string, source: string): EditableQuiz {
	const text = source.replace(/\r\n?/g, '\n');
	const split = splitFrontmatter(file, text);
	const lines = text.split('\n');
	const head = split.bodyLine > 1 ? lines.slice(0, split.bodyLine - 1).join('\n') : '';
	const unreadable: Problem[] = split.problems.filter((p) => /encabezado/.test(p.message));
	const blocks = readQuizBlocks(split.body, split.bodyLine, (line, message) =>
		unreadable.push({ file, line, message, severity: 'error' })
	);
	const questions = blocks.map((b): EditableQuestion => {
		const [value = '', tolerance = ''] = (b.answerLine?.value ?? '').split(/±|\+-/);
		const choice = b.type === 'single' || b.type === 'multiple';
		return {
			id: b.id,
			type: b.type,
			stem: b.text.trim(),
			options: choice ? b.options.map((o) => ({ text: o.text, correct: o.correct })) : [],
			answer: choice ? '' : b.type === 'truefalse' ? value.trim().toLowerCase() : value.trim(),
			tolerance: b.type === 'number' ? tolerance.trim() : '',
			explanation: b.explanation.join('\n').trim()
		};
	});
	// Options on a true/false or number question, or "=" on a choice question, are errors the
	// form would silently drop: they are also "unreadable" for the form.
	for (const b of blocks) {
		const choice = b.type === 'single' || b.type === 'multiple';
		if (choice && b.answerLine) {
			unreadable.push({
				file,
				line: b.answerLine.line,
				message: 'una pregunta de opciones no lleva «=»',
				severity: 'error'
			});
		}
		if (!choice && b.options.length) {
			unreadable.push({
				file,
				line: b.options[0].line,
				message: `una pregunta {${b.type}} no lleva opciones «- [ ]»`,
				severity: 'error'
			});
		}
	}
	return { head, questions, unreadable };
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** One question in the canonical layout (no trailing newline). */
export function writeQuestion(q: EditableQuestion): string {
	const attrs = [q.type === 'single' ? '' : q.type, q.id ? `#${q.id}` : ''].filter(Boolean);
	const stem = oneLine(q.stem);
	// A stem that itself ends in "{...}" would be read as attributes: an empty block keeps it text.
	const tail = attrs.length ? ` {${attrs.join(' ')}}` : /\}$/.test(stem) ? ' {}' : '';
	const out = [`## ${stem}${tail}`];
	if (q.type === 'single' || q.type === 'multiple') {
		for (const o of q.options) out.push(`- [${o.correct ? 'x' : ' '}] ${oneLine(o.text)}`);
	} else if (q.type === 'truefalse') {
		out.push(`= ${q.answer}`);
	} else {
		out.push(`= ${oneLine(q.answer)}${q.tolerance.trim() ? ` ± ${oneLine(q.tolerance)}` : ''}`);
	}
	const explanation = q.explanation.replace(/\r\n?/g, '\n').trim();
	if (explanation) {
		out.push('');
		for (const line of explanation.split('\n')) out.push(line.trim() ? `> ${line.trim()}` : '>');
	}
	return out.join('\n');
}

/** The whole quiz.md: the frontmatter as it was, then each question, a blank line between. */
export function writeQuiz(quiz: Pick<EditableQuiz, 'head' | 'questions'>): string {
	const body = quiz.questions.map(writeQuestion).join('\n\n');
	return `${quiz.head}${quiz.head ? '\n\n' : ''}${body}\n`;
}

/**
 * What makes a question impossible to save from the form (the file would not parse), in plain
 * Spanish; null when it can be written. Quality (short explanations…) is a warning, not this.
 */
export function questionProblem(q: EditableQuestion): string | null {
	const stem = oneLine(q.stem);
	if (!stem) return 'Escribe la pregunta.';
	if (stem.length > MAX_STEM_CHARS) return `La pregunta es muy larga (máximo ${MAX_STEM_CHARS} caracteres).`;
	if (q.id !== null && !QUESTION_ID.test(q.id)) return 'El id de la pregunta no es válido.';
	if (q.explanation.length > MAX_EXPLANATION_CHARS) {
		return `La explicación es muy larga (máximo ${MAX_EXPLANATION_CHARS} caracteres).`;
	}
	if (q.type === 'single' || q.type === 'multiple') {
		const options = q.options.filter((o) => oneLine(o.text));
		if (options.length < 2) return 'Escribe al menos 2 opciones.';
		if (options.length > MAX_OPTIONS) return `Escribe como máximo ${MAX_OPTIONS} opciones.`;
		if (options.some((o) => oneLine(o.text).length > MAX_OPTION_CHARS)) {
			return `Una opción es muy larga (máximo ${MAX_OPTION_CHARS} caracteres).`;
		}
		const texts = options.map((o) => oneLine(o.text).toLowerCase());
		if (new Set(texts).size !== texts.length) return 'Hay dos opciones iguales.';
		const correct = options.filter((o) => o.correct).length;
		if (correct === 0) return 'Marca la opción correcta.';
		if (q.type === 'single' && correct > 1) {
			return 'Marcaste más de una opción correcta: elige «Varias respuestas» como tipo, o deja una.';
		}
		return null;
	}
	if (q.type === 'truefalse') {
		return q.answer === 'verdadero' || q.answer === 'falso'
			? null
			: 'Elige si la respuesta es «verdadero» o «falso».';
	}
	if (parseDecimal(q.answer) === null) {
		return 'Escribe la respuesta como un número, por ejemplo 0,25 o 1650.';
	}
	if (q.tolerance.trim()) {
		const t = parseDecimal(q.tolerance);
		if (t === null || t < 0) return 'La tolerancia debe ser un número positivo, por ejemplo 0,01.';
	}
	return null;
}

/** The id a question has now: its explicit one, or the one derived from its stem. */
export function questionKey(q: Pick<EditableQuestion, 'id' | 'stem'>): string {
	return q.id ?? derivedQuestionId(q.stem);
}

/**
 * Sets `title`, `passScore` and `draw` in the frontmatter lines (null removes an optional field),
 * keeping every other line as written.
 */
export function setQuizSettings(
	head: string,
	settings: { title: string; passScore: number | null; draw: number | null }
): string {
	const inner = head ? head.split('\n').slice(1, -1) : [];
	const fields: [string, string | null][] = [
		['title', JSON.stringify(oneLine(settings.title))],
		['passScore', settings.passScore === null ? null : String(settings.passScore)],
		['draw', settings.draw === null ? null : String(settings.draw)]
	];
	let lines = inner;
	for (const [key, value] of fields) {
		const at = lines.findIndex((l) => new RegExp(`^${key}\\s*:`).test(l));
		if (value === null) {
			if (at !== -1) lines = lines.filter((_, i) => i !== at);
		} else if (at !== -1) {
			lines = lines.map((l, i) => (i === at ? `${key}: ${value}` : l));
		} else {
			lines = [...lines, `${key}: ${value}`];
		}
	}
	return ['---', ...lines, '---'].join('\n');
}
