// Everything Microaula holds about one person, as they can download it from their account page.
// Secrets are left out (the password hash, session secrets): they identify nobody and would only
// help someone who steals the file.
import type { Db } from '../db';
import { startingWith } from '../db/query';

export interface PersonalData {
	exportedAt: string;
	account: {
		username: string;
		displayName: string;
		email: string | null;
		phone: string | null;
		role: string;
		language: string | null;
		createdAt: string;
		disabledAt: string | null;
	};
	signedInDevices: { since: string; lastUsed: string }[];
	courses: { courseId: string; enrolledAt: string }[];
	lessonsDone: { courseId: string; lessonId: string; at: string; recordedBy: string }[];
	quizAttempts: {
		courseId: string;
		moduleId: string;
		startedAt: string;
		submittedAt: string | null;
		score: number | null;
		passed: boolean | null;
		answers: unknown;
		questions: { questionId: string; correct: boolean }[];
		/** Prepared for a downloaded course, to answer without a connection. */
		preparedOffline: boolean;
		/** When the phone says it was answered, for answers sent later (else null). */
		answeredOnPhoneAt: string | null;
		/** 'already-submitted': answers from a second phone, kept but never counted. */
		notCountedReason: string | null;
	}[];
	certificates: {
		code: string;
		courseTitle: string;
		namePrinted: string;
		hours: number;
		issuedAt: string;
		revokedAt: string | null;
		revokedReason: string | null;
	}[];
	classes: {
		name: string;
		courseId: string;
		place: string | null;
		startsOn: string;
		endsOn: string;
		joinedAt: string;
	}[];
	/** Classes the person was taken out of: still counted in those classes' grouped figures. */
	formerClasses: { name: string; courseId: string; removedAt: string }[];
	attendance: { className: string; date: string; topic: string; present: boolean }[];
	/** What was done by or to this account, as the audit log recorded it. */
	history: { at: string; action: string; byThisAccount: boolean; details: unknown }[];
	/**
	 * Failed attempts counted against this account (kept at most a day): how many and when, never
	 * the addresses they came from, which may be someone else's (whoever typed the username).
	 */
	signInCounters: { kind: CounterKind; failures: number; lastFailedAt: string }[];
	/** What the person told the programme (issue 17): counted only in groups, erasable from /cuenta. */
	evidence: {
		profile: {
			consentedAt: string;
			recordedInClass: boolean;
			gender: string | null;
			ageBand: string | null;
			province: string | null;
			bornAbroad: boolean | null;
			runsBusiness: boolean | null;
			businessKind: string | null;
			businessPeople: string | null;
			updatedAt: string;
		} | null;
		profileSkippedAt: string | null;
		surveys: {
			courseId: string;
			wave: string;
			answeredAt: string;
			skipped: boolean;
			answers: { questionId: string; optionId: string; countsAsPractice: boolean }[];
		}[];
		preCourseChecks: {
			courseId: string;
			score: number | null;
			passed: boolean | null;
			skipped: boolean;
			answeredAt: string;
		}[];
	};
}

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

/** Returns undefined when there is no such account. */
export async function personalData(
	db: Db,
	userId: string,
	now = new Date()
): Promise<PersonalData | undefined> {
	const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
	if (!user) return undefined;

	const [
		sessions,
		enrollments,
		lessons,
		attempts,
		results,
		certificates,
		classes,
		formerClasses,
		attendance
	] = await Promise.all([
		db
			.selectFrom('sessions')
			.select(['created_at', 'last_verified_at'])
			.where('user_id', '=', userId)
			.orderBy('created_at')
			.execute(),
		db
			.selectFrom('enrollments')
			.select(['course_id', 'enrolled_at'])
			.where('user_id', '=', userId)
			.orderBy('enrolled_at')
			.execute(),
		db
			.selectFrom('lesson_progress')
			.select(['course_id', 'lesson_id', 'completed_at', 'source'])
			.where('user_id', '=', userId)
			.orderBy('completed_at')
			.execute(),
		db
			.selectFrom('quiz_attempts')
			.select([
				'id',
				'course_id',
				'module_id',
				'started_at',
				'submitted_at',
				'score',
				'passed',
				'answers',
				'prepared_offline',
				'answered_at',
				'not_counted_reason'
			])
			.where('user_id', '=', userId)
			.orderBy('started_at')
			.execute(),
		db
			.selectFrom('quiz_question_results')
			.innerJoin('quiz_attempts', 'quiz_attempts.id', 'quiz_question_results.attempt_id')
			.select(['attempt_id', 'question_id', 'correct'])
			.where('quiz_attempts.user_id', '=', userId)
			.execute(),
		db
			.selectFrom('certificates')
			.selectAll()
			.where('user_id', '=', userId)
			.orderBy('issued_at')
			.execute(),
		db
			.selectFrom('cohort_members')
			.innerJoin('cohorts', 'cohorts.id', 'cohort_members.cohort_id')
			.select([
				'cohorts.name',
				'cohorts.course_id',
				'cohorts.place',
				'cohorts.starts_on',
				'cohorts.ends_on',
				'cohort_members.joined_at'
			])
			.where('cohort_members.user_id', '=', userId)
			.orderBy('cohort_members.joined_at')
			.execute(),
		db
			.selectFrom('cohort_former_members')
			.innerJoin('cohorts', 'cohorts.id', 'cohort_former_members.cohort_id')
			.select(['cohorts.name', 'cohorts.course_id', 'cohort_former_members.removed_at'])
			.where('cohort_former_members.user_id', '=', userId)
			.orderBy('cohort_former_members.removed_at')
			.execute(),
		db
			.selectFrom('attendance')
			.innerJoin('class_sessions', 'class_sessions.id', 'attendance.session_id')
			.innerJoin('cohorts', 'cohorts.id', 'class_sessions.cohort_id')
			.select(['cohorts.name', 'class_sessions.date', 'class_sessions.topic', 'attendance.present'])
			.where('attendance.user_id', '=', userId)
			.orderBy('class_sessions.date')
			.execute()
	]);
	const evidence = await evidenceOf(db, userId, user.profile_skipped_at);
	const history = await db
		.selectFrom('audit_log')
		.select(['at', 'action', 'actor_id', 'details'])
		.where((eb) =>
			eb.or([
				eb('actor_id', '=', userId),
				eb.and([eb('target_type', '=', 'user'), eb('target_id', '=', userId)]),
				eb.and([
					eb('target_type', '=', 'certificate'),
					eb('target_id', 'in', certificates.length ? certificates.map((c) => c.code) : [''])
				])
			])
		)
		.orderBy('at')
		.execute();

	return {
		exportedAt: now.toISOString(),
		account: {
			username: user.username,
			displayName: user.display_name,
			email: user.email,
			phone: user.phone,
			role: user.role,
			language: user.locale,
			createdAt: user.created_at,
			disabledAt: user.disabled_at
		},
		signedInDevices: sessions.map((s) => ({ since: s.created_at, lastUsed: s.last_verified_at })),
		courses: enrollments.map((e) => ({ courseId: e.course_id, enrolledAt: e.enrolled_at })),
		lessonsDone: lessons.map((l) => ({
			courseId: l.course_id,
			lessonId: l.lesson_id,
			at: l.completed_at,
			recordedBy: l.source
		})),
		quizAttempts: attempts.map((a) => ({
			courseId: a.course_id,
			moduleId: a.module_id,
			startedAt: a.started_at,
			submittedAt: a.submitted_at,
			score: a.score,
			passed: a.passed === null ? null : a.passed === 1,
			answers: parse(a.answers),
			questions: results
				.filter((r) => r.attempt_id === a.id)
				.map((r) => ({ questionId: r.question_id, correct: r.correct === 1 })),
			preparedOffline: a.prepared_offline === 1,
			answeredOnPhoneAt: a.answered_at,
			notCountedReason: a.not_counted_reason
		})),
		certificates: certificates.map((c) => ({
			code: c.code,
			courseTitle: c.course_title,
			namePrinted: c.name_printed,
			hours: c.hours,
			issuedAt: c.issued_at,
			revokedAt: c.revoked_at,
			revokedReason: c.revoked_reason
		})),
		classes: classes.map((c) => ({
			name: c.name,
			courseId: c.course_id,
			place: c.place,
			startsOn: c.starts_on,
			endsOn: c.ends_on,
			joinedAt: c.joined_at
		})),
		formerClasses: formerClasses.map((c) => ({
			name: c.name,
			courseId: c.course_id,
			removedAt: c.removed_at
		})),
		attendance: attendance.map((a) => ({
			className: a.name,
			date: a.date,
			topic: a.topic,
			present: a.present === 1
		})),
		history: history.map((h) => ({
			at: h.at,
			action: h.action,
			byThisAccount: h.actor_id === userId,
			details: parse(h.details)
		})),
		signInCounters: (await signInCounters(db, user.username, userId)).map((r) => ({
			kind: counterKind(r.key),
			failures: r.failures,
			lastFailedAt: r.last_failed_at
		})),
		evidence
	};
}

const bool = (n: number | null) => (n === null ? null : n === 1);

async function evidenceOf(
	db: Db,
	userId: string,
	profileSkippedAt: string | null
): Promise<PersonalData['evidence']> {
	const [profile, responses, answers, checks] = await Promise.all([
		db
			.selectFrom('participant_profiles')
			.selectAll()
			.where('user_id', '=', userId)
			.executeTakeFirst(),
		db
			.selectFrom('survey_responses')
			.selectAll()
			.where('user_id', '=', userId)
			.orderBy('answered_at')
			.execute(),
		db
			.selectFrom('survey_answers')
			.innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
			.select([
				'survey_answers.response_id',
				'survey_answers.question_id',
				'survey_answers.option_id',
				'survey_answers.is_practice'
			])
			.where('survey_responses.user_id', '=', userId)
			.execute(),
		db
			.selectFrom('knowledge_checks')
			.selectAll()
			.where('user_id', '=', userId)
			.orderBy('answered_at')
			.execute()
	]);
	return {
		profile: profile
			? {
					consentedAt: profile.consented_at,
					recordedInClass: profile.recorded_by !== null,
					gender: profile.gender,
					ageBand: profile.age_band,
					province: profile.province,
					bornAbroad: bool(profile.born_abroad),
					runsBusiness: bool(profile.runs_business),
					businessKind: profile.business_kind,
					businessPeople: profile.business_people,
					updatedAt: profile.updated_at
				}
			: null,
		profileSkippedAt,
		surveys: responses.map((r) => ({
			courseId: r.course_id,
			wave: r.wave,
			answeredAt: r.answered_at,
			skipped: r.skipped === 1,
			answers: answers
				.filter((a) => a.response_id === r.id)
				.map((a) => ({
					questionId: a.question_id,
					optionId: a.option_id,
					countsAsPractice: a.is_practice === 1
				}))
		})),
		preCourseChecks: checks.map((c) => ({
			courseId: c.course_id,
			score: c.score,
			passed: bool(c.passed),
			skipped: c.skipped === 1,
			answeredAt: c.answered_at
		}))
	};
}

export type CounterKind = 'sign-in' | 'password-confirmation' | 'join-code';

function counterKind(key: string): CounterKind {
	if (key.startsWith('signin:')) return 'sign-in';
	if (key.startsWith('join:')) return 'join-code';
	return 'password-confirmation';
}

/**
 * The rate-limit rows that belong to this person: failed sign-ins to their username (from any
 * address), failed password confirmations while signed in and wrong class codes they typed.
 */
export async function signInCounters(db: Db, username: string, userId: string) {
	return db
		.selectFrom('rate_limits')
		.select(['key', 'failures', 'last_failed_at'])
		.where((eb) =>
			eb.or([
				eb('key', 'like', startingWith(`signin:account:${username}|`)),
				eb('key', '=', `password:${userId}`),
				eb('key', 'like', startingWith(`join:account:${userId}|`))
			])
		)
		.execute();
}
