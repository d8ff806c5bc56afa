// Quizzes answered without a connection (issue 16): one attempt prepared in advance per module
// quiz not yet passed, the answers that arrive later from a phone (graded once, against the
// version the attempt was drawn from), answers for an attempt already submitted (kept, never
// counted), and the notice its owner sees on their next page.
import type { Db } from '../db';
import type { Course, Quiz } from '../content/format/types';
import { randomId } from '../random';
import { markTime, parseTime } from '../learning/offline-sync';
import { passedQuizIds } from '../learning/progress';
import { findAttempt, readAnswers, startOrResumeAttempt, submitAttempt } from './attempts';
import type { Attempt } from './attempts';
import { gradeAttempt, type Answers, type Grade } from './grading';
import { noticeCutoff } from './notice-count';

/** A phone may keep answers this long before sending them (as for lessons marked offline). */
export const ANSWERS_MAX_AGE_DAYS = 60;
const DAY = 24 * 60 * 60 * 1000;
/** Answers beyond this many for one attempt are refused without being kept. */
const MAX_NOT_COUNTED = 5;

/**
 * Makes sure each module quiz of the course that the person has not passed has an open attempt
 * drawn from the published version, flagged as prepared for offline use. An open attempt that
 * already exists is reused (and flagged): the phone and the quiz page then show the same one.
 */
export async function prepareOfflineAttempts(
	db: Db,
	userId: string,
	course: Course,
	contentVersion: number
): Promise<Attempt[]> {
	const passed = await passedQuizIds(db, userId, course.id);
	const prepared: Attempt[] = [];
	for (const mod of course.modules) {
		if (!mod.quiz || passed.has(mod.id)) continue;
		const attempt = await startOrResumeAttempt(db, userId, mod.quiz, contentVersion);
		if (!attempt.preparedOffline) {
			await db
				.updateTable('quiz_attempts')
				.set({ prepared_offline: 1 })
				.where('id', '=', attempt.id)
				.execute();
		}
		prepared.push({ ...attempt, preparedOffline: true });
	}
	return prepared;
}

export type OfflineAnswersRefusal =
	| 'not-found'
	| 'other-course'
	| 'bad-answers'
	| 'bad-time'
	| 'too-old'
	| 'already-submitted'
	| 'too-many';

export type OfflineAnswersResult =
	| { ok: true; attempt: Attempt; grade: Grade; replay: boolean }
	| { ok: false; reason: OfflineAnswersRefusal; notCountedId?: string };

/** The answers as the phone kept them from the form: every value given for each question. */
export type PhoneAnswers = Record<string, string[]>;

function asForm(answers: PhoneAnswers): FormData | null {
	const form = new FormData();
	const entries = Object.entries(answers);
	if (entries.length > 200) return null;
	for (const [questionId, values] of entries) {
		if (!Array.isArray(values) || values.length > 20) return null;
		for (const value of values) {
			if (typeof value !== 'string') return null;
			form.append(`q-${questionId}`, value);
		}
	}
	return form;
}

const sameAnswers = (a: Answers | null, b: Answers) =>
	a !== null &&
	JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * Answers a phone kept while offline, arriving now. Only the attempt's owner may send them (the
 * caller checks who is signed in; someone else's attempt is `not-found`), only for questions and
 * options of that attempt's layout, and only once: the same answers sent again change nothing
 * (`replay`), other answers for a submitted attempt are kept in the history as not counted.
 */
export async function submitOfflineAnswers(
	db: Db,
	input: {
		userId: string;
		courseId: string;
		attemptId: string;
		answers: PhoneAnswers;
		answeredAt: string;
		sentAt?: string | null;
		/** The quiz as the attempt's version had it (see quizOfVersion). */
		quizOf: (attempt: Attempt) => Promise<Quiz | null>;
		now?: Date;
	}
): Promise<OfflineAnswersResult> {
	const now = input.now ?? new Date();
	const attempt = await findAttempt(db, input.attemptId);
	if (!attempt || attempt.userId !== input.userId || attempt.notCountedReason !== null) {
		return { ok: false, reason: 'not-found' };
	}
	if (attempt.courseId !== input.courseId) return { ok: false, reason: 'other-course' };
	const quiz = await input.quizOf(attempt);
	if (!quiz) return { ok: false, reason: 'not-found' };
	const form = asForm(input.answers);
	const read = form && readAnswers(form, attempt.layout, quiz);
	if (!read || !read.ok) return { ok: false, reason: 'bad-answers' };

	const answered = parseTime(input.answeredAt);
	const sentAt = input.sentAt == null ? null : parseTime(input.sentAt);
	if (!answered || (input.sentAt != null && !sentAt)) return { ok: false, reason: 'bad-time' };
	// Never in the future, never before the questions were drawn.
	const started = new Date(attempt.startedAt);
	let at = markTime(answered, sentAt, now);
	if (at.getTime() > now.getTime()) at = now;
	if (at.getTime() < started.getTime()) at = started;
	if (now.getTime() - at.getTime() > ANSWERS_MAX_AGE_DAYS * DAY) {
		return { ok: false, reason: 'too-old' };
	}
	const answeredAt = at.toISOString();

	if (attempt.submittedAt === null) {
		const result = await submitAttempt(db, {
			attemptId: attempt.id,
			userId: input.userId,
			quiz,
			answers: read.answers,
			answeredAt,
			now
		});
		if (result.ok) return { ...result, replay: false };
	}
	const current = (await findAttempt(db, attempt.id))!;
	if (sameAnswers(current.answers, read.answers)) {
		// The phone did not hear the first answer (the connection dropped): nothing new.
		return {
			ok: true,
			attempt: current,
			grade: gradeAttempt(quiz, current.layout, current.answers ?? {}),
			replay: true
		};
	}
	return keepNotCounted(db, current, read.answers, answeredAt, now);
}

/** Answers for an attempt already submitted (another phone, or sent twice): history only. */
async function keepNotCounted(
	db: Db,
	attempt: Attempt,
	answers: Answers,
	answeredAt: string,
	now: Date
): Promise<OfflineAnswersResult> {
	const kept = await db
		.selectFrom('quiz_attempts')
		.select(['id', 'answers'])
		.where('duplicate_of', '=', attempt.id)
		.execute();
	const same = kept.find(
		(row) => row.answers !== null && sameAnswers(JSON.parse(row.answers), answers)
	);
	if (same) return { ok: false, reason: 'already-submitted', notCountedId: same.id };
	if (kept.length >= MAX_NOT_COUNTED) return { ok: false, reason: 'too-many' };
	const id = randomId();
	await db
		.insertInto('quiz_attempts')
		.values({
			id,
			user_id: attempt.userId,
			course_id: attempt.courseId,
			module_id: attempt.moduleId,
			content_version: attempt.contentVersion,
			layout: JSON.stringify(attempt.layout),
			answers: JSON.stringify(answers),
			// No score and no pass: whatever reads the attempts (best score, passed, statistics)
			// finds nothing to count here even if it forgets the reason.
			score: null,
			passed: null,
			started_at: attempt.startedAt,
			submitted_at: now.toISOString(),
			prepared_offline: 1,
			answered_at: answeredAt,
			not_counted_reason: 'already-submitted',
			duplicate_of: attempt.id,
			offline_notice: 1
		})
		.execute();
	return { ok: false, reason: 'already-submitted', notCountedId: id };
}

export interface OfflineNotice {
	attemptId: string;
	courseId: string;
	moduleId: string;
	score: number | null;
	passed: boolean;
	counted: boolean;
}

/** Results of answers that came from a phone, which their owner has not opened yet. */
export async function offlineNotices(
	db: Db,
	userId: string,
	now = new Date()
): Promise<OfflineNotice[]> {
	const rows = await db
		.selectFrom('quiz_attempts')
		.select(['id', 'course_id', 'module_id', 'score', 'passed', 'not_counted_reason'])
		.where('user_id', '=', userId)
		.where('offline_notice', '=', 1)
		.where('submitted_at', '>=', noticeCutoff(now))
		.orderBy('submitted_at')
		.limit(10)
		.execute();
	return rows.map((r) => ({
		attemptId: r.id,
		courseId: r.course_id,
		moduleId: r.module_id,
		score: r.score,
		passed: r.passed === 1,
		counted: r.not_counted_reason === null
	}));
}

/** The owner has seen this result: its notice goes. */
export async function clearOfflineNotice(db: Db, userId: string, attemptId: string) {
	await db
		.updateTable('quiz_attempts')
		.set({ offline_notice: 0 })
		.where('id', '=', attemptId)
		.where('user_id', '=', userId)
		.where('offline_notice', '=', 1)
		.execute();
}
