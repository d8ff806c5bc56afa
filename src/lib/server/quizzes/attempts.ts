// Quiz attempts: starting (or resuming) one, reading a submitted form, grading and storing it.
import { inTransaction, type Db } from '../db';
import type { QuizAttemptRow } from '../db/schema';
import type { Quiz } from '../content/format/types';
import { randomId } from '../random';
import { gradeAttempt, type Answers, type Grade } from './grading';
import { drawLayout, type AttemptLayout } from './layout';

export interface Attempt {
	id: string;
	userId: string;
	courseId: string;
	moduleId: string;
	contentVersion: number;
	layout: AttemptLayout;
	answers: Answers | null;
	score: number | null;
	passed: boolean | null;
	startedAt: string;
	submittedAt: string | null;
	preparedOffline: boolean;
	answeredAt: string | null;
	notCountedReason: string | null;
}

export function toAttempt(row: QuizAttemptRow): Attempt {
	return {
		id: row.id,
		userId: row.user_id,
		courseId: row.course_id,
		moduleId: row.module_id,
		contentVersion: row.content_version,
		layout: JSON.parse(row.layout) as AttemptLayout,
		answers: row.answers === null ? null : (JSON.parse(row.answers) as Answers),
		score: row.score,
		passed: row.passed === null ? null : row.passed === 1,
		startedAt: row.started_at,
		submittedAt: row.submitted_at,
		preparedOffline: row.prepared_offline === 1,
		answeredAt: row.answered_at,
		notCountedReason: row.not_counted_reason
	};
}

/** The open attempt of this person on this quiz, or a new one with freshly drawn questions. */
export async function startOrResumeAttempt(
	db: Db,
	userId: string,
	quiz: Quiz,
	contentVersion: number
): Promise<Attempt> {
	const open = await db
		.selectFrom('quiz_attempts')
		.selectAll()
		.where('user_id', '=', userId)
		.where('course_id', '=', quiz.courseId)
		.where('module_id', '=', quiz.moduleId)
		.where('content_version', '=', contentVersion)
		.where('submitted_at', 'is', null)
		.orderBy('started_at', 'desc')
		.executeTakeFirst();
	if (open) return toAttempt(open);
	const id = randomId();
	const row = await db
		.insertInto('quiz_attempts')
		.values({
			id,
			user_id: userId,
			course_id: quiz.courseId,
			module_id: quiz.moduleId,
			content_version: contentVersion,
			layout: JSON.stringify(drawLayout(quiz, id)),
			answers: null,
			score: null,
			passed: null,
			started_at: new Date().toISOString(),
			submitted_at: null
		})
		.returningAll()
		.executeTakeFirstOrThrow();
	return toAttempt(row);
}

export async function findAttempt(db: Db, attemptId: string): Promise<Attempt | undefined> {
	const row = await db
		.selectFrom('quiz_attempts')
		.selectAll()
		.where('id', '=', attemptId)
		.executeTakeFirst();
	return row && toAttempt(row);
}

export type ReadAnswersResult = { ok: true; answers: Answers } | { ok: false };

/**
 * Reads `q-<questionId>` fields from a form. A field for a question this attempt did not draw, an
 * option the question does not show, a true/false answer that is neither, or two answers to a
 * one-answer question make the whole form invalid.
 */
export function readAnswers(form: FormData, layout: AttemptLayout, quiz: Quiz): ReadAnswersResult {
	const shown = new Map(layout.questions.map((q) => [q.id, q.options]));
	const types = new Map(quiz.questions.map((q) => [q.id, q.type]));
	const answers: Answers = {};
	for (const [name, value] of form.entries()) {
		if (!name.startsWith('q-')) continue;
		const questionId = name.slice(2);
		const options = shown.get(questionId);
		const type = types.get(questionId);
		if (!options || !type || typeof value !== 'string' || value.length > 40) return { ok: false };
		const previous = answers[questionId];
		if (type === 'multiple') {
			const list = previous === undefined ? [] : (previous as string[]);
			if (!options.includes(value) || list.includes(value)) return { ok: false };
			answers[questionId] = [...list, value];
			continue;
		}
		if (previous !== undefined) return { ok: false };
		if (type === 'single' && !options.includes(value)) return { ok: false };
		if (type === 'truefalse' && value !== 'true' && value !== 'false') return { ok: false };
		answers[questionId] = value.trim();
	}
	return { ok: true, answers };
}

export type SubmitResult =
	| { ok: true; attempt: Attempt; grade: Grade }
	| { ok: false; reason: 'not-found' | 'already-submitted' };

/**
 * Grades and stores an attempt once, with each question's result (for the authors' statistics);
 * a second submission of the same attempt changes nothing. Answers that come from a phone later
 * carry the time they were given (`answeredAt`) and leave a notice for their owner.
 */
export async function submitAttempt(
	db: Db,
	input: {
		attemptId: string;
		userId: string;
		quiz: Quiz;
		answers: Answers;
		now?: Date;
		answeredAt?: string;
	}
): Promise<SubmitResult> {
	const attempt = await findAttempt(db, input.attemptId);
	if (
		!attempt ||
		attempt.userId !== input.userId ||
		attempt.courseId !== input.quiz.courseId ||
		attempt.moduleId !== input.quiz.moduleId
	) {
		return { ok: false, reason: 'not-found' };
	}
	if (attempt.submittedAt !== null) return { ok: false, reason: 'already-submitted' };
	const grade = gradeAttempt(input.quiz, attempt.layout, input.answers);
	const submittedAt = (input.now ?? new Date()).toISOString();
	const stored = await inTransaction(db, async (trx) => {
		const result = await trx
			.updateTable('quiz_attempts')
			.set({
				answers: JSON.stringify(input.answers),
				score: grade.score,
				passed: grade.passed ? 1 : 0,
				submitted_at: submittedAt,
				...(input.answeredAt ? { answered_at: input.answeredAt, offline_notice: 1 } : {})
			})
			.where('id', '=', attempt.id)
			.where('submitted_at', 'is', null)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) return false;
		if (grade.questions.length > 0) {
			await trx
				.insertInto('quiz_question_results')
				.values(
					grade.questions.map((q) => ({
						attempt_id: attempt.id,
						course_id: attempt.courseId,
						module_id: attempt.moduleId,
						question_id: q.question.id,
						correct: q.correct ? 1 : 0
					}))
				)
				.execute();
		}
		return true;
	});
	if (!stored) return { ok: false, reason: 'already-submitted' };
	return {
		ok: true,
		attempt: {
			...attempt,
			answers: input.answers,
			score: grade.score,
			passed: grade.passed,
			submittedAt,
			answeredAt: input.answeredAt ?? null
		},
		grade
	};
}

export interface QuizSummary {
	bestScore: number | null;
	passed: boolean;
	attempts: number;
}

/** Best score and attempt count per module quiz of a course, for one person. */
export async function quizSummaries(
	db: Db,
	userId: string,
	courseId: string
): Promise<Map<string, QuizSummary>> {
	const rows = await db
		.selectFrom('quiz_attempts')
		.select((eb) => [
			'module_id',
			eb.fn.max('score').as('best'),
			eb.fn.max('passed').as('passed'),
			eb.fn.count<number>('id').as('attempts')
		])
		.where('user_id', '=', userId)
		.where('course_id', '=', courseId)
		.where('submitted_at', 'is not', null)
		.where('not_counted_reason', 'is', null)
		.groupBy('module_id')
		.execute();
	return new Map(
		rows.map((r) => [
			r.module_id,
			{
				bestScore: r.best === null ? null : Number(r.best),
				passed: Number(r.passed) === 1,
				attempts: Number(r.attempts)
			}
		])
	);
}
