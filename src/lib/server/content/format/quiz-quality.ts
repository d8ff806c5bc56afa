// What makes a quiz measure learning rather than test-taking (issue 14): a bank large enough for
// the draw, a correct option that is not given away by its length, true/false answers not mostly
// one way, multiple-choice questions with real wrong options, explanations that say why, and no
// question asked twice in a course. Pure: content:check reports these as warnings (never errors)
// and the studio's quiz editor shows the same ones.
import { correctNeeded, passMarkSentence } from './pass-mark.ts';
import type { Problem, Question, Quiz } from './types.ts';

/** Course rule: a bank of at least 2.5 × the draw (issue 14). The studio's floor is 2 ×. */
export const MIN_BANK_RATIO = 2.5;
/** At most this share of a course's single-choice questions may have the longest option correct. */
export const MAX_LONGEST_CORRECT_SHARE = 0.4;
/** True/false answers "verdadero" between these shares of a course's true/false questions. */
export const TRUE_SHARE_RANGE: readonly [number, number] = [0.4, 0.6];
export const MIN_WRONG_OPTIONS_MULTIPLE = 2;
/** An explanation shorter than this many words rarely says why. */
export const MIN_EXPLANATION_WORDS = 6;

export interface QuizStats {
	file: string;
	moduleId: string;
	title: string;
	bank: number;
	draw: number;
	passScore: number;
	/** Correct answers needed per attempt, by the grader's rule. */
	needed: number;
	passMark: string;
	single: number;
	/** Lines of single-choice questions whose correct option is strictly the longest. */
	longestCorrect: number[];
	truefalse: number;
	verdadero: number;
	multiple: number;
	/** Lines of multiple-choice questions with fewer than MIN_WRONG_OPTIONS_MULTIPLE wrong options. */
	fewWrong: number[];
	number: number;
	/** Lines of questions with a missing or too short explanation. */
	shortExplanations: number[];
}

export interface CourseQuizStats {
	quizzes: QuizStats[];
	single: number;
	longestCorrect: number;
	/** Share (0–1) of single-choice questions with the longest option correct; null if none. */
	longestCorrectShare: number | null;
	truefalse: number;
	verdadero: number;
	verdaderoShare: number | null;
	/** Questions asked in more than one module: where each copy is. */
	duplicates: { text: string; places: { file: string; line: number }[] }[];
}

function words(text: string): number {
	return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Plain length of an option as a reader sees it (emphasis markers and spaces do not count). */
function visibleLength(text: string): number {
	return text.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim().length;
}

/** Whether a single-choice question's correct option is strictly longer than every wrong one. */
export function correctIsLongest(question: Question): boolean {
	if (question.type !== 'single') return false;
	const right = question.options.filter((o) => o.correct);
	const wrong = question.options.filter((o) => !o.correct);
	if (right.length !== 1 || wrong.length === 0) return false;
	const len = visibleLength(right[0].text);
	return wrong.every((o) => visibleLength(o.text) < len);
}

/** Stems compared for duplicates: case, accents, punctuation and the type marker do not count. */
export function normaliseStem(text: string): string {
	return text
		.toLowerCase()
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/\{[^}]*\}/g, '')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

export function quizStats(quiz: Quiz): QuizStats {
	const s: QuizStats = {
		file: quiz.file,
		moduleId: quiz.moduleId,
		title: quiz.title,
		bank: quiz.questions.length,
		draw: quiz.draw,
		passScore: quiz.passScore,
		needed: correctNeeded(quiz.draw, quiz.passScore),
		passMark: passMarkSentence(quiz.draw, quiz.passScore),
		single: 0,
		longestCorrect: [],
		truefalse: 0,
		verdadero: 0,
		multiple: 0,
		fewWrong: [],
		number: 0,
		shortExplanations: []
	};
	for (const q of quiz.questions) {
		if (words(q.explanation) < MIN_EXPLANATION_WORDS) s.shortExplanations.push(q.line);
		switch (q.type) {
			case 'single':
				s.single++;
				if (correctIsLongest(q)) s.longestCorrect.push(q.line);
				break;
			case 'multiple':
				s.multiple++;
				if (q.options.filter((o) => !o.correct).length < MIN_WRONG_OPTIONS_MULTIPLE) {
					s.fewWrong.push(q.line);
				}
				break;
			case 'truefalse':
				s.truefalse++;
				if (q.answer) s.verdadero++;
				break;
			case 'number':
				s.number++;
		}
	}
	return s;
}

export function courseQuizStats(quizzes: Quiz[]): CourseQuizStats {
	const stats = quizzes.map(quizStats);
	const single = stats.reduce((n, s) => n + s.single, 0);
	const longestCorrect = stats.reduce((n, s) => n + s.longestCorrect.length, 0);
	const truefalse = stats.reduce((n, s) => n + s.truefalse, 0);
	const verdadero = stats.reduce((n, s) => n + s.verdadero, 0);
	const byStem = new Map<string, { text: string; places: { file: string; line: number; moduleId: string }[] }>();
	for (const quiz of quizzes) {
		for (const q of quiz.questions) {
			const key = normaliseStem(q.text);
			const entry = byStem.get(key) ?? { text: q.text, places: [] };
			entry.places.push({ file: quiz.file, line: q.line, moduleId: quiz.moduleId });
			byStem.set(key, entry);
		}
	}
	const duplicates = [...byStem.values()]
		.filter((e) => new Set(e.places.map((p) => p.moduleId)).size > 1)
		.map((e) => ({ text: e.text, places: e.places.map(({ file, line }) => ({ file, line })) }));
	return {
		quizzes: stats,
		single,
		longestCorrect,
		longestCorrectShare: single ? longestCorrect / single : null,
		truefalse,
		verdadero,
		verdaderoShare: truefalse ? verdadero / truefalse : null,
		duplicates
	};
}

function percent(share: number): string {
	return `${Math.round(share * 100)} %`;
}

export interface QuizQualityOptions {
	/** Bank ÷ draw below this is a warning (course rule 2.5; the studio may pass 2). */
	minBankRatio?: number;
	/** Line of the `draw:` field, per quiz file, for the bank warning. */
	drawLines?: Record<string, number>;
}

/** Warnings about one quiz on its own (what the quiz editor shows while a question is edited). */
export function quizWarnings(quiz: Quiz, options: QuizQualityOptions = {}): Problem[] {
	const s = quizStats(quiz);
	const ratio = options.minBankRatio ?? MIN_BANK_RATIO;
	const out: Problem[] = [];
	const warn = (line: number, message: string) =>
		out.push({ file: quiz.file, line, message, severity: 'warning' });
	const drawLine = options.drawLines?.[quiz.file] ?? 1;
	if (s.bank < Math.ceil(ratio * s.draw)) {
		warn(
			drawLine,
			s.bank === s.draw
				? `cada intento saca las ${s.draw} preguntas del banco: escribe al menos ${Math.ceil(ratio * s.draw)} para un «draw» de ${s.draw} (${ratio} veces), o baja el «draw»`
				: `el banco tiene ${s.bank} preguntas para un «draw» de ${s.draw}: se necesitan al menos ${Math.ceil(ratio * s.draw)} (${ratio} veces el «draw»)`
		);
	}
	for (const line of s.fewWrong) {
		warn(
			line,
			`una pregunta {multiple} necesita al menos ${MIN_WRONG_OPTIONS_MULTIPLE} opciones incorrectas (si no, se adivina marcando todo)`
		);
	}
	for (const line of s.shortExplanations) {
		warn(
			line,
			`la explicación es muy corta (menos de ${MIN_EXPLANATION_WORDS} palabras): di por qué es la respuesta`
		);
	}
	return out;
}

/**
 * Every quiz warning of a course: per quiz (bank, wrong options, explanations), across the course
 * (longest correct option, true/false balance, questions repeated in other modules).
 * `courseFile` receives the course-wide warnings.
 */
export function courseQuizWarnings(
	courseFile: string,
	quizzes: Quiz[],
	options: QuizQualityOptions = {}
): Problem[] {
	const out = quizzes.flatMap((q) => quizWarnings(q, options));
	const c = courseQuizStats(quizzes);
	const warn = (file: string, line: number, message: string) =>
		out.push({ file, line, message, severity: 'warning' });
	if (c.longestCorrectShare !== null && c.longestCorrectShare > MAX_LONGEST_CORRECT_SHARE) {
		const where = c.quizzes
			.filter((s) => s.longestCorrect.length)
			.map((s) => `${s.moduleId}: líneas ${s.longestCorrect.join(', ')}`)
			.join('; ');
		warn(
			courseFile,
			1,
			`la opción correcta es la más larga en ${c.longestCorrect} de ${c.single} preguntas de una opción (${percent(c.longestCorrectShare)}; máximo ${percent(MAX_LONGEST_CORRECT_SHARE)}): alarga las incorrectas o acorta la correcta (${where})`
		);
	}
	if (c.verdaderoShare !== null) {
		const [lo, hi] = TRUE_SHARE_RANGE;
		if (c.verdaderoShare < lo || c.verdaderoShare > hi) {
			warn(
				courseFile,
				1,
				`${c.verdadero} de ${c.truefalse} preguntas {truefalse} son «verdadero» (${percent(c.verdaderoShare)}): deben ser entre ${percent(lo)} y ${percent(hi)}`
			);
		}
	}
	for (const d of c.duplicates) {
		const [first, ...rest] = d.places;
		for (const p of rest) {
			warn(p.file, p.line, `pregunta repetida en otro módulo (igual a ${first.file}:${first.line})`);
		}
	}
	return out;
}
