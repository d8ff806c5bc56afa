// The practice survey of each course (issue 17): reading a submitted survey, storing a wave's
// answers (each marked, from survey.md, as doing the good practice or not), "ahora no", which wave
// a person is due, and who in a class is due the three-month follow-up. The survey text itself
// comes from the published course (content/index.ts `findSurvey`).
import * as v from 'valibot';
import { inTransaction, type Db } from '../db';
import { randomId } from '../random';
import { FOLLOW_UP_MONTHS, WAVES, type Survey, type Wave } from './types';

export const waveSchema = v.picklist(WAVES);

/** The chosen option of each answered question, by question id. */
export type SurveyAnswers = Record<string, string>;

export type SurveyForm =
	| { ok: true; answers: SurveyAnswers }
	| { ok: false; errors: Record<string, 'unknown_option'>; values: SurveyAnswers };

/**
 * Reads `q-<questionId>` fields. A question left out or answered '' is unanswered (every
 * question may be skipped); an option the question does not have, a question the survey does
 * not have, or two answers to one question make the form invalid, field by field.
 */
export function readSurveyForm(survey: Survey, form: FormData): SurveyForm {
	const questions = new Map(survey.questions.map((q) => [q.id, q]));
	const answers: SurveyAnswers = {};
	const errors: Record<string, 'unknown_option'> = {};
	for (const [name, value] of form.entries()) {
		if (!name.startsWith('q-')) continue;
		const id = name.slice(2, 60);
		const question = questions.get(id);
		const text = typeof value === 'string' ? value.slice(0, 60) : '';
		if (!question) {
			errors[id] = 'unknown_option';
			continue;
		}
		if (text === '') continue;
		if (answers[id] !== undefined || !question.options.some((o) => o.id === text)) {
			errors[id] = 'unknown_option';
			continue;
		}
		answers[id] = text;
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors, values: answers };
	return { ok: true, answers };
}

/**
 * Stores (or replaces) a person's answers to one wave of a course's survey. Each answer records
 * whether its option counts as the good practice, so later edits of survey.md do not rewrite the
 * past. Answering after an "ahora no" turns the skip into answers.
 */
export async function saveSurvey(
	db: Db,
	input: {
		userId: string;
		survey: Survey;
		wave: Wave;
		answers: SurveyAnswers;
		now?: Date;
	}
): Promise<void> {
	const at = (input.now ?? new Date()).toISOString();
	const practice = new Map(
		input.survey.questions.flatMap((q) => q.options.map((o) => [`${q.id}\n${o.id}`, o.practice]))
	);
	const rows = Object.entries(input.answers).filter(([q, o]) => practice.has(`${q}\n${o}`));
	await inTransaction(db, async (trx) => {
		const existing = await trx
			.selectFrom('survey_responses')
			.select('id')
			.where('user_id', '=', input.userId)
			.where('course_id', '=', input.survey.courseId)
			.where('wave', '=', input.wave)
			.executeTakeFirst();
		let id = existing?.id;
		if (id) {
			await trx.deleteFrom('survey_answers').where('response_id', '=', id).execute();
			await trx
				.updateTable('survey_responses')
				.set({ answered_at: at, skipped: 0 })
				.where('id', '=', id)
				.execute();
		} else {
			id = randomId();
			await trx
				.insertInto('survey_responses')
				.values({
					id,
					user_id: input.userId,
					course_id: input.survey.courseId,
					wave: input.wave,
					answered_at: at,
					skipped: 0
				})
				.execute();
		}
		if (rows.length > 0) {
			await trx
				.insertInto('survey_answers')
				.values(
					rows.map(([question, option]) => ({
						response_id: id,
						question_id: question,
						option_id: option,
						is_practice: practice.get(`${question}\n${option}`) ? 1 : 0
					}))
				)
				.execute();
		}
	});
}

/** "Ahora no": the wave is not asked again; answers given before, if any, stay. */
export async function skipSurvey(
	db: Db,
	input: { userId: string; courseId: string; wave: Wave; now?: Date }
): Promise<void> {
	await db
		.insertInto('survey_responses')
		.values({
			id: randomId(),
			user_id: input.userId,
			course_id: input.courseId,
			wave: input.wave,
			answered_at: (input.now ?? new Date()).toISOString(),
			skipped: 1
		})
		.onConflict((oc) => oc.columns(['user_id', 'course_id', 'wave']).doNothing())
		.execute();
}

export interface WaveRecord {
	wave: Wave;
	answeredAt: string;
	skipped: boolean;
	answers: SurveyAnswers;
}

/** The waves a person answered (or declined) for a course, with their answers. */
export async function surveyRecord(
	db: Db,
	userId: string,
	courseId: string
): Promise<Map<Wave, WaveRecord>> {
	const rows = await db
		.selectFrom('survey_responses')
		.leftJoin('survey_answers', 'survey_answers.response_id', 'survey_responses.id')
		.select([
			'survey_responses.wave',
			'survey_responses.answered_at',
			'survey_responses.skipped',
			'survey_answers.question_id',
			'survey_answers.option_id'
		])
		.where('survey_responses.user_id', '=', userId)
		.where('survey_responses.course_id', '=', courseId)
		.execute();
	const out = new Map<Wave, WaveRecord>();
	for (const r of rows) {
		const wave = r.wave as Wave;
		let record = out.get(wave);
		if (!record) {
			record = { wave, answeredAt: r.answered_at, skipped: r.skipped === 1, answers: {} };
			out.set(wave, record);
		}
		if (r.question_id && r.option_id) record.answers[r.question_id] = r.option_id;
	}
	return out;
}

/** Erases every survey answer of a person (their "skips" too, so nothing is left to count). */
export async function eraseSurveys(db: Db, userId: string): Promise<number> {
	const result = await db
		.deleteFrom('survey_responses')
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}

/**
 * The date FOLLOW_UP_MONTHS calendar months after `from` (the last day of the month when that
 * month is shorter: 31 August → 30 November).
 */
export function followUpDate(from: Date, months = FOLLOW_UP_MONTHS): Date {
	const y = from.getUTCFullYear();
	const mo = from.getUTCMonth() + months;
	const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
	const day = Math.min(from.getUTCDate(), lastDay);
	return new Date(
		Date.UTC(
			y,
			mo,
			day,
			from.getUTCHours(),
			from.getUTCMinutes(),
			from.getUTCSeconds(),
			from.getUTCMilliseconds()
		)
	);
}

/** Whether the follow-up of a certificate issued at `issuedAt` is due at `now`. */
export function followUpDue(issuedAt: Date, now: Date): boolean {
	return now.getTime() >= followUpDate(issuedAt).getTime();
}

/**
 * Which wave to ask a person about a course now, if any: the follow-up once three months have
 * passed since their valid certificate, the final wave once the course is complete, the first
 * wave while it is not. A wave answered or declined is not asked again.
 */
export function waveDue(input: {
	enrolled: boolean;
	complete: boolean;
	certificateIssuedAt: string | null;
	done: ReadonlySet<Wave>;
	now: Date;
}): Wave | null {
	if (!input.enrolled) return null;
	if (
		input.certificateIssuedAt &&
		followUpDue(new Date(input.certificateIssuedAt), input.now) &&
		!input.done.has('seguimiento')
	) {
		return 'seguimiento';
	}
	if (input.complete || input.certificateIssuedAt) {
		return input.done.has('final') ? null : 'final';
	}
	return input.done.has('inicio') ? null : 'inicio';
}

/**
 * Whether a person may open a wave's form now (to answer it, or to change what they answered):
 * the first wave once enrolled, the final one once the course is complete, the follow-up once it
 * is due.
 */
export function waveOpen(
	wave: Wave,
	input: { enrolled: boolean; complete: boolean; certificateIssuedAt: string | null; now: Date }
): boolean {
	if (!input.enrolled) return false;
	if (wave === 'inicio') return true;
	if (wave === 'final') return input.complete || input.certificateIssuedAt !== null;
	return (
		input.certificateIssuedAt !== null &&
		followUpDue(new Date(input.certificateIssuedAt), input.now)
	);
}

export interface FollowUpDue {
	userId: string;
	displayName: string;
	username: string;
	certificateIssuedAt: string;
	/** When the follow-up became due (three months after the certificate). */
	dueSince: string;
}

/**
 * The members of a class who are due the three-month follow-up of the class's course: a valid
 * certificate issued three months ago or more, and no follow-up answered yet (declining it online
 * still leaves it to ask in person). For the class's facilitator, who asks them in person.
 */
export async function dueFollowUps(
	db: Db,
	classId: string,
	now = new Date()
): Promise<FollowUpDue[]> {
	const cohort = await db
		.selectFrom('cohorts')
		.select('course_id')
		.where('id', '=', classId)
		.executeTakeFirst();
	if (!cohort) return [];
	// Issued on or before this instant means three months have passed (calendar months, clamped,
	// checked again below: a coarse bound in SQL, the exact rule in code).
	const bound = new Date(now.getTime() - 27 * 24 * 60 * 60 * 1000 * FOLLOW_UP_MONTHS).toISOString();
	const rows = await db
		.selectFrom('cohort_members')
		.innerJoin('users', 'users.id', 'cohort_members.user_id')
		.innerJoin('certificates', (join) =>
			join
				.onRef('certificates.user_id', '=', 'cohort_members.user_id')
				.on('certificates.course_id', '=', cohort.course_id)
				.on('certificates.revoked_at', 'is', null)
		)
		.leftJoin('survey_responses', (join) =>
			join
				.onRef('survey_responses.user_id', '=', 'cohort_members.user_id')
				.on('survey_responses.course_id', '=', cohort.course_id)
				.on('survey_responses.wave', '=', 'seguimiento')
				.on('survey_responses.skipped', '=', 0)
		)
		.select(['users.id', 'users.display_name', 'users.username', 'certificates.issued_at'])
		.where('cohort_members.cohort_id', '=', classId)
		.where('users.role', '=', 'participant')
		.where('certificates.issued_at', '<=', bound)
		.where('survey_responses.id', 'is', null)
		.orderBy('certificates.issued_at')
		.execute();
	return rows
		.filter((r) => followUpDue(new Date(r.issued_at), now))
		.map((r) => ({
			userId: r.id,
			displayName: r.display_name,
			username: r.username,
			certificateIssuedAt: r.issued_at,
			dueSince: followUpDate(new Date(r.issued_at)).toISOString()
		}));
}

/**
 * The courses whose follow-up a person is due now (shown on their next visit): a valid
 * certificate three months old or more and no follow-up answered or declined.
 */
export async function followUpsDueFor(
	db: Db,
	userId: string,
	now = new Date()
): Promise<{ courseId: string; courseTitle: string }[]> {
	const rows = await db
		.selectFrom('certificates')
		.leftJoin('survey_responses', (join) =>
			join
				.onRef('survey_responses.user_id', '=', 'certificates.user_id')
				.onRef('survey_responses.course_id', '=', 'certificates.course_id')
				.on('survey_responses.wave', '=', 'seguimiento')
		)
		.select(['certificates.course_id', 'certificates.course_title', 'certificates.issued_at'])
		.where('certificates.user_id', '=', userId)
		.where('certificates.revoked_at', 'is', null)
		.where('survey_responses.id', 'is', null)
		.execute();
	return rows
		.filter((r) => followUpDue(new Date(r.issued_at), now))
		.map((r) => ({ courseId: r.course_id, courseTitle: r.course_title }));
}

/** How many survey waves a person answered (declined ones not counted). */
export async function countSurveys(db: Db, userId: string): Promise<number> {
	const row = await db
		.selectFrom('survey_responses')
		.select((eb) => eb.fn.countAll().as('n'))
		.where('user_id', '=', userId)
		.where('skipped', '=', 0)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
