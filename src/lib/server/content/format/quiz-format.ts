// The quiz format of content/README.md §5: `## question {type}`, `- [x] option`, `= answer`,
// `> explanation`. Parsed on the server only; answers never reach a browser before grading.
import { quizFrontmatter, readFrontmatter, splitFrontmatter } from './frontmatter.ts';
import { parseDecimal } from './numbers.ts';
import { readOptionLine, shortHash } from './option-line.ts';
import type { ChoiceOption, Problem, Question, Quiz } from './types.ts';

const TYPES = ['multiple', 'truefalse', 'number'] as const;
export const MAX_OPTIONS = 6;
/** An explicit question id, written `{#q-7f3a}` at the end of the `##` line. */
// `q7f3a9b1c` (no dash) is also accepted: it is the id derived from a question's text, which the
// studio writes down when it edits a question that had none, so its statistics stay with it.
export const QUESTION_ID = /^q-?[a-z0-9]{2,24}$/;

// Numbers in answers and in `= value ± tolerance` lines follow the courses' own writing rules.
export { parseDecimal } from './numbers.ts';

/** One question as written, before it is checked (what the studio's quiz editor edits). */
export interface QuizBlock {
	line: number;
	/** The stem, as after `## ` (without the `{...}` attributes). */
	text: string;
	/** The explicit id (`{#q-7f3a}`), or null when it is derived from the text. */
	id: string | null;
	type: Question['type'];
	options: (ChoiceOption & { line: number })[];
	answerLine: { line: number; value: string } | null;
	explanation: string[];
}

/**
 * The questions of a quiz body as written, line by line; lines that fit no part of a question go
 * to `err` with their line. parseQuiz checks these; the quiz editor rewrites them (quiz-edit.ts).
 */
export function readQuizBlocks(
	body: string,
	bodyLine: number,
	err: (line: number, message: string) => void
): QuizBlock[] {
	const drafts: QuizBlock[] = [];
	let current: QuizBlock | null = null;
	const lines = body.split('\n');
	lines.forEach((raw, i) => {
		const line = bodyLine + i;
		const text = raw.trim();
		if (text === '') return;
		const heading = /^##\s+(.+?)\s*(?:\{([^}]*)\})?\s*$/.exec(text);
		if (heading) {
			// `{multiple #q-7f3a}`: the type and/or an explicit stable id (written by the studio).
			let type: Question['type'] = 'single';
			let id: string | null = null;
			for (const token of heading[2]?.trim().split(/\s+/).filter(Boolean) ?? []) {
				if (token.startsWith('#')) {
					if (QUESTION_ID.test(token.slice(1)) && id === null) id = token.slice(1);
					else err(line, `id de pregunta inválido «${token}» (usa #q- y de 2 a 24 minúsculas o números, una sola vez)`);
				} else if ((TYPES as readonly string[]).includes(token) && type === 'single') {
					type = token as Question['type'];
				} else {
					err(line, `tipo de pregunta desconocido «{${token}}» (usa {multiple}, {truefalse} o {number})`);
				}
			}
			current = { line, text: heading[1], id, type, options: [], answerLine: null, explanation: [] };
			drafts.push(current);
			return;
		}
		if (!current) {
			err(line, 'texto antes de la primera pregunta: cada pregunta empieza con «## »');
			return;
		}
		const option = readOptionLine(text);
		if (option) {
			current.options.push({ id: option.id, text: option.text, correct: option.marked, line });
			return;
		}
		if (text.startsWith('=')) {
			if (current.answerLine) err(line, 'la pregunta ya tiene una respuesta «=»');
			current.answerLine = { line, value: text.slice(1).trim() };
			return;
		}
		if (text.startsWith('>')) {
			current.explanation.push(text.replace(/^>\s?/, ''));
			return;
		}
		err(line, 'línea no reconocida: usa «- [ ]» para opciones, «=» para la respuesta o «>» para la explicación');
	});
	return drafts;
}

/** The id a question without an explicit one gets: from its text, so stats follow the text. */
export function derivedQuestionId(text: string): string {
	return shortHash('q', text);
}

export interface ParsedQuiz {
	quiz: Quiz | null;
	problems: Problem[];
}

export function parseQuiz(
	file: string,
	source: string,
	ids: { courseId: string; moduleId: string; defaultPassScore: number }
): ParsedQuiz {
	const split = splitFrontmatter(file, source);
	const problems = [...split.problems];
	const meta = readFrontmatter(quizFrontmatter, split, file, problems);
	const err = (line: number, message: string) =>
		problems.push({ file, line, message, severity: 'error' });

	const drafts = readQuizBlocks(split.body, split.bodyLine, err);

	const questions: Question[] = [];
	const seen = new Map<string, number>();
	for (const d of drafts) {
		const base = {
			id: d.id ?? derivedQuestionId(d.text),
			text: d.text,
			explanation: d.explanation.join('\n').trim(),
			line: d.line
		};
		if (seen.has(base.id)) err(d.line, `pregunta repetida (igual a la de la línea ${seen.get(base.id)})`);
		seen.set(base.id, d.line);
		if (!base.explanation) err(d.line, 'falta la explicación («> ...») después de la pregunta');

		if (d.type === 'single' || d.type === 'multiple') {
			if (d.answerLine) err(d.answerLine.line, 'una pregunta de opciones no lleva «=»; marca la correcta con [x]');
			if (d.options.length < 2) err(d.line, 'una pregunta de opciones necesita al menos 2 opciones');
			if (d.options.length > MAX_OPTIONS) err(d.line, `demasiadas opciones (máximo ${MAX_OPTIONS})`);
			const correct = d.options.filter((o) => o.correct).length;
			if (correct === 0) err(d.line, 'ninguna opción está marcada como correcta con [x]');
			if (d.type === 'single' && correct > 1) {
				err(d.line, 'hay más de una opción correcta: si es a propósito, añade {multiple} al final de la pregunta');
			}
			const optionIds = new Set<string>();
			for (const o of d.options) {
				if (optionIds.has(o.id)) err(o.line, 'opción repetida');
				optionIds.add(o.id);
			}
			questions.push({
				...base,
				type: d.type,
				options: d.options.map(({ id, text, correct }) => ({ id, text, correct }))
			});
			continue;
		}
		if (d.options.length > 0) err(d.options[0].line, `una pregunta {${d.type}} no lleva opciones «- [ ]»`);
		if (d.type === 'truefalse') {
			const value = d.answerLine?.value.toLowerCase();
			if (!d.answerLine) err(d.line, 'falta la respuesta: «= verdadero» o «= falso»');
			else if (value !== 'verdadero' && value !== 'falso') {
				err(d.answerLine.line, 'la respuesta debe ser «= verdadero» o «= falso»');
			}
			questions.push({ ...base, type: 'truefalse', answer: value === 'verdadero' });
			continue;
		}
		// number
		if (!d.answerLine) {
			err(d.line, 'falta la respuesta numérica: «= 0.25» o «= 0.25 ± 0.01»');
			continue;
		}
		const [valueText, toleranceText] = d.answerLine.value.split(/±|\+-/);
		const answer = parseDecimal(valueText ?? '');
		const tolerance = toleranceText === undefined ? 0 : parseDecimal(toleranceText);
		if (answer === null) err(d.answerLine.line, `«${valueText?.trim()}» no es un número`);
		if (tolerance === null || tolerance < 0) err(d.answerLine.line, 'la tolerancia debe ser un número positivo');
		questions.push({ ...base, type: 'number', answer: answer ?? 0, tolerance: tolerance ?? 0 });
	}

	if (drafts.length === 0) err(split.bodyLine, 'la evaluación no tiene preguntas');
	const draw = meta?.draw ?? questions.length;
	if (meta?.draw !== undefined && meta.draw > questions.length) {
		err(
			split.keyLines.get('draw') ?? 1,
			`«draw» es ${meta.draw} pero el banco solo tiene ${questions.length} preguntas`
		);
	}
	if (!meta || problems.some((p) => p.severity === 'error')) return { quiz: null, problems };
	return {
		quiz: {
			courseId: ids.courseId,
			moduleId: ids.moduleId,
			title: meta.title,
			passScore: meta.passScore ?? ids.defaultPassScore,
			draw,
			questions,
			file
		},
		problems
	};
}
