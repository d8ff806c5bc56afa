// The pre-course knowledge check of issue 17: a short draw from all the course's module banks,
// offered when a person starts a course, graded like a quiz but never counted for progress or
// the certificate. Only its score is kept (knowledge_checks); the module quizzes give the "after".
// The draw is seeded by person and course, so the page and its submission see the same questions
// without storing them.
import type { Course, Question, Quiz } from '../content/format/types';
import type { Db } from '../db';
import { gradeAttempt, type Grade } from '../quizzes/grading';
import { drawLayout, type AttemptLayout } from '../quizzes/layout';
import { readAnswers } from '../quizzes/attempts';
import { questionsForAttempt, type QuestionForm } from '../quizzes/view';

/** Questions in a pre check: enough to tell before from after, short enough for a phone. */
export const PRE_CHECK_QUESTIONS = 8;

export interface PreCheck {
	/** A quiz made of the drawn questions, their ids prefixed with their module's. */
	quiz: Quiz;
	layout: AttemptLayout;
}

/**
 * Draws the pre check: questions spread over the modules (the first modules get one more when
 * they do not divide evenly), in a shuffled order with shuffled options.
 */
export function drawPreCheck(course: Course, userId: string): PreCheck | null {
	const banks = course.modules.flatMap((m) =>
		m.quiz && m.quiz.questions.length > 0 ? [{ moduleId: m.id, questions: m.quiz.questions }] : []
	);
	if (banks.length === 0) return null;
	const seed = `pre:${course.id}:${userId}`;
	const picked: Question[] = [];
	const per = Math.floor(PRE_CHECK_QUESTIONS / banks.length);
	const extra = PRE_CHECK_QUESTIONS % banks.length;
	banks.forEach((bank, i) => {
		const want = Math.max(1, per + (i < extra ? 1 : 0));
		const bankQuiz: Quiz = {
			courseId: course.id,
			moduleId: bank.moduleId,
			title: '',
			passScore: course.passScore,
			draw: Math.min(want, bank.questions.length),
			questions: bank.questions,
			file: ''
		};
		for (const { id } of drawLayout(bankQuiz, `${seed}:${bank.moduleId}`).questions) {
			const q = bank.questions.find((x) => x.id === id)!;
			picked.push({ ...q, id: `${bank.moduleId}.${q.id}` });
		}
	});
	const quiz: Quiz = {
		courseId: course.id,
		moduleId: '',
		title: course.title,
		passScore: course.passScore,
		draw: picked.length,
		questions: picked,
		file: ''
	};
	return { quiz, layout: drawLayout(quiz, seed) };
}

/** What the page shows: questions and options, no answers. */
export function preCheckQuestions(check: PreCheck): QuestionForm[] {
	return questionsForAttempt(check.quiz, check.layout);
}

export type PreCheckResult = { ok: true; grade: Grade } | { ok: false };

/** Grades a submitted pre check; a field for a question not drawn or an unknown option is refused. */
export function gradePreCheck(check: PreCheck, form: FormData): PreCheckResult {
	const read = readAnswers(form, check.layout, check.quiz);
	if (!read.ok) return { ok: false };
	return { ok: true, grade: gradeAttempt(check.quiz, check.layout, read.answers) };
}

export interface KnowledgeCheck {
	score: number | null;
	passed: boolean | null;
	skipped: boolean;
	answeredAt: string;
}

export async function findPreCheck(
	db: Db,
	userId: string,
	courseId: string
): Promise<KnowledgeCheck | null> {
	const row = await db
		.selectFrom('knowledge_checks')
		.selectAll()
		.where('user_id', '=', userId)
		.where('course_id', '=', courseId)
		.executeTakeFirst();
	if (!row) return null;
	return {
		score: row.score,
		passed: row.passed === null ? null : row.passed === 1,
		skipped: row.skipped === 1,
		answeredAt: row.answered_at
	};
}

/**
 * Stores the result of a pre check, once: the first result (or skip) stands, so the "before" is
 * never taken after learning. True when this call stored it.
 */
export async function savePreCheck(
	db: Db,
	input: {
		userId: string;
		courseId: string;
		result: { score: number; passed: boolean } | 'skipped';
		now?: Date;
	}
): Promise<boolean> {
	const skipped = input.result === 'skipped';
	const result = await db
		.insertInto('knowledge_checks')
		.values({
			user_id: input.userId,
			course_id: input.courseId,
			score: skipped ? null : (input.result as { score: number }).score,
			passed: skipped ? null : (input.result as { passed: boolean }).passed ? 1 : 0,
			skipped: skipped ? 1 : 0,
			answered_at: (input.now ?? new Date()).toISOString()
		})
		.onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
		.executeTakeFirst();
	return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Whether to offer the pre check: not taken or declined yet, and nothing learnt in the course yet
 * (no lesson done, no module quiz submitted); otherwise it would not measure "before".
 */
export async function preCheckOpen(db: Db, userId: string, course: Course): Promise<boolean> {
	if (!course.modules.some((m) => m.quiz && m.quiz.questions.length > 0)) return false;
	const [check, lesson, attempt] = await Promise.all([
		findPreCheck(db, userId, course.id),
		db
			.selectFrom('lesson_progress')
			.select('lesson_id')
			.where('user_id', '=', userId)
			.where('course_id', '=', course.id)
			.executeTakeFirst(),
		db
			.selectFrom('quiz_attempts')
			.select('id')
			.where('user_id', '=', userId)
			.where('course_id', '=', course.id)
			.where('submitted_at', 'is not', null)
			.executeTakeFirst()
	]);
	return !check && !lesson && !attempt;
}
