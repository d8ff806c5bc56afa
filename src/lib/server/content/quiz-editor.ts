// The studio's quiz editor over a draft's quiz.md: one form per question (add, change, remove,
// move) and the quiz's settings, each written as the whole file through saveFile with the revision
// the author started from (so two people never overwrite each other), plus what makes a weak quiz
// (content:check's quiz-quality rules with the studio's 2× bank floor) and the real pass mark.
// A question edited without an explicit id gets its derived one written down, so its statistics
// and attempts keep pointing at it when its text changes.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { splitFrontmatter } from './format/frontmatter';
import { passMarkSentence, correctNeeded } from './format/pass-mark';
import {
	questionKey,
	questionProblem,
	readEditableQuiz,
	setQuizSettings,
	writeQuiz,
	type EditableQuestion,
	type EditableQuiz
} from './format/quiz-edit';
import { parseQuiz } from './format/quiz-format';
import { courseQuizWarnings } from './format/quiz-quality';
import type { Problem } from './format/types';
import {
	affectedPeople,
	ContentForbiddenError,
	ContentStudioError,
	draftFile,
	draftFileReport,
	saveFile,
	type Actor,
	type SaveResult
} from './studio';

/** The studio's floor for a bank (content:check asks 2.5 × the draw across a course). */
export const STUDIO_BANK_RATIO = 2;

const QUIZ_PATH = /^(\d{2})-([a-z0-9-]+)\/quiz\.md$/;

export function isQuizPath(path: string): boolean {
	return QUIZ_PATH.test(path);
}

export interface QuizEditorView {
	revision: number;
	title: string;
	passScore: number | null;
	draw: number | null;
	questions: (EditableQuestion & { key: string; people: number })[];
	/** Lines the forms cannot keep: edit them in the Markdown view first. */
	unreadable: Problem[];
	/** content:check errors of the file. */
	errors: Problem[];
	/** Weak-quiz warnings. */
	warnings: Problem[];
	/** "con 6 preguntas y 70 % se necesitan 5 de 6" (null for a quiz without questions). */
	passMark: string | null;
	needed: { correct: number; of: number } | null;
}

async function coursePassScore(db: Db, courseId: string): Promise<number> {
	const course = await draftFile(db, courseId, 'course.md');
	const data = course ? (splitFrontmatter('course.md', course.text).data as { passScore?: unknown }) : null;
	return typeof data?.passScore === 'number' ? data.passScore : 70;
}

async function quizFile(db: Db, courseId: string, path: string) {
	if (!isQuizPath(path)) throw new ContentStudioError('Ese archivo no es una evaluación (quiz.md).');
	const file = await draftFile(db, courseId, path);
	if (!file) throw new ContentStudioError(`«${path}» no existe en el borrador.`, 404);
	return file;
}

/** What the quiz editor shows for the draft's quiz.md at `path`. */
export async function quizEditorView(db: Db, courseId: string, path: string): Promise<QuizEditorView> {
	const file = await quizFile(db, courseId, path);
	const editable = readEditableQuiz(path, file.text);
	const meta = splitFrontmatter(path, file.text).data as Record<string, unknown> | null;
	const moduleId = QUIZ_PATH.exec(path)![2];
	const defaultPassScore = await coursePassScore(db, courseId);
	const { quiz } = parseQuiz(path, file.text, { courseId, moduleId, defaultPassScore });
	// The pass mark from the settings, even while a question has an error.
	const draw = typeof meta?.draw === 'number' ? meta.draw : editable.questions.length;
	const passScore = typeof meta?.passScore === 'number' ? meta.passScore : defaultPassScore;
	const report = await draftFileReport(db, courseId, path, file.text);
	const keys = editable.questions.map(questionKey);
	const counts = await affectedPeople(db, courseId, { questionIds: keys });
	const drawLine = file.text.split('\n').findIndex((l) => /^draw\s*:/.test(l)) + 1;
	return {
		revision: file.revision,
		title: typeof meta?.title === 'string' ? meta.title : '',
		passScore: typeof meta?.passScore === 'number' ? meta.passScore : null,
		draw: typeof meta?.draw === 'number' ? meta.draw : null,
		questions: editable.questions.map((q, i) => ({
			...q,
			key: keys[i],
			people: counts.questions[keys[i]] ?? 0
		})),
		unreadable: editable.unreadable,
		errors: report.problems.filter((p) => p.severity === 'error'),
		warnings: quiz
			? courseQuizWarnings(path, [quiz], {
					minBankRatio: STUDIO_BANK_RATIO,
					drawLines: drawLine > 0 ? { [path]: drawLine } : {}
				})
			: [],
		passMark: draw > 0 ? passMarkSentence(draw, passScore) : null,
		needed: draw > 0 ? { correct: correctNeeded(draw, passScore), of: draw } : null
	};
}

export type QuizEditResult = SaveResult | { ok: false; reason: 'invalid'; message: string };

/**
 * Applies `change` to the quiz as the author saw it at `baseRevision` and saves it. A file saved
 * by someone else since then is a conflict (nothing written); a file with lines the forms cannot
 * keep is refused (edit it as Markdown).
 */
async function editQuiz(
	db: Db,
	actor: Actor,
	input: { courseId: string; path: string; baseRevision: number },
	change: (quiz: EditableQuiz) => string | null
): Promise<QuizEditResult> {
	if (actor.role !== 'autor' && actor.role !== 'admin') throw new ContentForbiddenError();
	const file = await quizFile(db, input.courseId, input.path);
	const quiz = readEditableQuiz(input.path, file.text);
	if (file.revision !== input.baseRevision) {
		// Someone saved since this form was drawn: the page shows the quiz as it is now.
		return {
			ok: false,
			reason: 'conflict',
			theirs: { text: file.text, revision: file.revision },
			yours: '',
			base: null
		};
	}
	if (quiz.unreadable.length) {
		return {
			ok: false,
			reason: 'invalid',
			message: 'Esta evaluación tiene líneas que el formulario no puede guardar: corrígelas en la vista Markdown.'
		};
	}
	const refused = change(quiz);
	if (refused) return { ok: false, reason: 'invalid', message: refused };
	return saveFile(db, actor, { ...input, text: writeQuiz(quiz) });
}

function newId(taken: Set<string>): string {
	for (;;) {
		const id = `q-${randomBytes(4).toString('hex').slice(0, 6)}`;
		if (!taken.has(id)) return id;
	}
}

/**
 * Saves one question from its form: the one at `index` (its `key` must still be there), or a new
 * one at the end when `index` is null.
 */
export function saveQuestion(
	db: Db,
	actor: Actor,
	input: {
		courseId: string;
		path: string;
		baseRevision: number;
		index: number | null;
		key?: string;
		question: Omit<EditableQuestion, 'id'>;
	}
): Promise<QuizEditResult> {
	const question: EditableQuestion = {
		...input.question,
		id: null,
		options:
			input.question.type === 'single' || input.question.type === 'multiple'
				? input.question.options.filter((o) => o.text.trim())
				: [],
		answer: input.question.type === 'single' || input.question.type === 'multiple' ? '' : input.question.answer,
		tolerance: input.question.type === 'number' ? input.question.tolerance : ''
	};
	return editQuiz(db, actor, input, (quiz) => {
		const taken = new Set(quiz.questions.map(questionKey));
		if (input.index === null) {
			question.id = newId(taken);
			const problem = questionProblem(question);
			if (problem) return problem;
			quiz.questions.push(question);
			return null;
		}
		const old = quiz.questions[input.index];
		if (!old || (input.key !== undefined && questionKey(old) !== input.key)) {
			return 'Esa pregunta ya no está en la evaluación.';
		}
		// The id it has now, written down when the stem changes, so the statistics stay with it.
		const key = questionKey(old);
		question.id = old.id ?? (question.stem.trim() === old.stem ? null : key);
		const problem = questionProblem(question);
		if (problem) return problem;
		if (quiz.questions.some((q, i) => i !== input.index && questionKey(q) === questionKey(question))) {
			return 'Ya hay una pregunta igual en esta evaluación.';
		}
		quiz.questions[input.index] = question;
		return null;
	});
}

/** Removes the question at `index` (whose key must be `key`). */
export function removeQuestion(
	db: Db,
	actor: Actor,
	input: { courseId: string; path: string; baseRevision: number; index: number; key: string }
): Promise<QuizEditResult> {
	return editQuiz(db, actor, input, (quiz) => {
		const old = quiz.questions[input.index];
		if (!old || questionKey(old) !== input.key) return 'Esa pregunta ya no está en la evaluación.';
		quiz.questions.splice(input.index, 1);
		return null;
	});
}

/** Moves the question at `index` one place up (-1) or down (+1). */
export function moveQuestion(
	db: Db,
	actor: Actor,
	input: { courseId: string; path: string; baseRevision: number; index: number; key: string; step: -1 | 1 }
): Promise<QuizEditResult> {
	return editQuiz(db, actor, input, (quiz) => {
		const old = quiz.questions[input.index];
		if (!old || questionKey(old) !== input.key) return 'Esa pregunta ya no está en la evaluación.';
		const to = input.index + input.step;
		if (to < 0 || to >= quiz.questions.length) return null;
		[quiz.questions[input.index], quiz.questions[to]] = [quiz.questions[to], old];
		return null;
	});
}

/** Sets the quiz's title, pass mark (null: the course's) and draw (null: every question). */
export function saveQuizSettings(
	db: Db,
	actor: Actor,
	input: {
		courseId: string;
		path: string;
		baseRevision: number;
		title: string;
		passScore: number | null;
		draw: number | null;
	}
): Promise<QuizEditResult> {
	return editQuiz(db, actor, input, (quiz) => {
		if (!input.title.trim() || input.title.length > 120) {
			return 'El título debe tener entre 1 y 120 caracteres.';
		}
		if (input.draw !== null && input.draw > quiz.questions.length) {
			return `No puedes sacar ${input.draw} preguntas de un banco de ${quiz.questions.length}.`;
		}
		quiz.head = setQuizSettings(quiz.head, input);
		return null;
	});
}

/** Starts the quiz of a module that has none: its title and one question to replace. */
export async function addQuiz(
	db: Db,
	actor: Actor,
	input: { courseId: string; moduleDir: string; title: string }
): Promise<{ path: string }> {
	const path = `${input.moduleDir}/quiz.md`;
	if (!isQuizPath(path)) throw new ContentStudioError('Ese módulo no existe en el borrador.', 404);
	if (!(await draftFile(db, input.courseId, `${input.moduleDir}/module.md`))) {
		throw new ContentStudioError('Ese módulo no existe en el borrador.', 404);
	}
	const text = writeQuiz({
		head: setQuizSettings('', { title: input.title, passScore: null, draw: null }),
		questions: [
			{
				id: newId(new Set()),
				type: 'single',
				stem: 'Escribe aquí la primera pregunta.',
				options: [
					{ text: 'Una opción incorrecta', correct: false },
					{ text: 'La opción correcta', correct: true }
				],
				answer: '',
				tolerance: '',
				explanation: 'Explica aquí, en palabras sencillas, por qué es la correcta.'
			}
		]
	});
	const result = await saveFile(db, actor, {
		courseId: input.courseId,
		path,
		text,
		baseRevision: 0
	});
	if (!result.ok) throw new ContentStudioError('Este módulo ya tiene una evaluación.', 409);
	return { path };
}
