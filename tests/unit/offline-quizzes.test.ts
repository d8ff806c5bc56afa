import { describe, expect, it } from 'vitest';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { addMember, createCohort, removeMember } from '../../src/lib/server/classes/cohorts';
import {
	attendanceOf,
	createClassSession,
	mergeAttendance,
	refusedOfflineAttendance,
	saveAttendance
} from '../../src/lib/server/classes/sessions';
import type { Quiz } from '../../src/lib/server/content/format/types';
import type { Db } from '../../src/lib/server/db';
import { passedQuizIds } from '../../src/lib/server/learning/progress';
import { findAttempt, quizSummaries, type Attempt } from '../../src/lib/server/quizzes/attempts';
import {
	clearOfflineNotice,
	offlineNotices,
	prepareOfflineAttempts,
	submitOfflineAnswers,
	type PhoneAnswers
} from '../../src/lib/server/quizzes/offline';
import { questionsForAttempt } from '../../src/lib/server/quizzes/view';
import { fixtureCourse, newDb, newUser } from './helpers';

const course = fixtureCourse();
const VERSION = 1;
const quizOf = async (attempt: Attempt): Promise<Quiz | null> =>
	course.modules.find((m) => m.id === attempt.moduleId)?.quiz ?? null;

/** Answers for an attempt's layout: all right, or with the first question wrong. */
function answersFor(attempt: Attempt, wrongFirst = false): PhoneAnswers {
	const quiz = course.modules.find((m) => m.id === attempt.moduleId)!.quiz!;
	const out: PhoneAnswers = {};
	attempt.layout.questions.forEach(({ id }, i) => {
		const q = quiz.questions.find((x) => x.id === id)!;
		const wrong = wrongFirst && i === 0;
		if (q.type === 'single') out[id] = [q.options.find((o) => o.correct !== wrong)!.id];
		if (q.type === 'truefalse') out[id] = [String(wrong ? !q.answer : q.answer)];
	});
	return out;
}

async function enrolledParticipant(db: Db) {
	const user = await newUser(db);
	return user.id;
}

describe('prepared attempts', () => {
	it('prepares one attempt per module quiz not passed, and the phone gets no answers', async () => {
		const db = await newDb();
		const userId = await enrolledParticipant(db);
		const first = await prepareOfflineAttempts(db, userId, course, VERSION);
		expect(first.map((a) => a.moduleId)).toEqual(course.modules.map((m) => m.id));
		expect(first.every((a) => a.preparedOffline && a.submittedAt === null)).toBe(true);
		// Again (another download, a sync): the same attempts, none added.
		const again = await prepareOfflineAttempts(db, userId, course, VERSION);
		expect(again.map((a) => a.id)).toEqual(first.map((a) => a.id));

		// What the page shows of it: questions and option texts, nothing about which is right.
		const quiz = course.modules[0].quiz!;
		const shown = JSON.stringify(questionsForAttempt(quiz, first[0].layout));
		expect(shown).toContain('¿Cuánto es 2 + 2?');
		expect(shown).not.toMatch(/correct|explanation|answer|Dos más dos son cuatro/);
		await db.destroy();
	});

	it('grades answers sent later once, with the time answered, and prepares the next attempt', async () => {
		const db = await newDb();
		const userId = await enrolledParticipant(db);
		const [attempt] = await prepareOfflineAttempts(db, userId, course, VERSION);
		const answeredAt = new Date(Date.now() - 60 * 60 * 1000).toISOString();
		const sent = await submitOfflineAnswers(db, {
			userId,
			courseId: course.id,
			attemptId: attempt.id,
			answers: answersFor(attempt, true),
			answeredAt,
			quizOf
		});
		expect(sent.ok).toBe(true);
		if (!sent.ok) return;
		expect(sent.grade.correctCount).toBe(1);
		expect(sent.grade.passed).toBe(true); // pass mark 50 %: one of two
		const stored = (await findAttempt(db, attempt.id))!;
		// Clamped to not before the attempt was drawn (it was drawn a moment ago).
		expect(stored.answeredAt).toBe(attempt.startedAt);
		expect(stored.score).toBe(50);

		// Its owner sees a notice until they open the result (counted with their session, so the
		// pages only read the notices when there are some).
		const { token } = await createSession(db, userId);
		const notices = await offlineNotices(db, userId);
		expect(notices).toMatchObject([{ attemptId: attempt.id, score: 50, counted: true }]);
		expect((await validateSessionToken(db, token))?.offlineNotices).toBe(1);
		await clearOfflineNotice(db, userId, attempt.id);
		expect(await offlineNotices(db, userId)).toEqual([]);
		expect((await validateSessionToken(db, token))?.offlineNotices).toBe(0);

		// The same answers again (the phone missed the reply): nothing changes.
		const replay = await submitOfflineAnswers(db, {
			userId,
			courseId: course.id,
			attemptId: attempt.id,
			answers: answersFor(attempt, true),
			answeredAt,
			quizOf
		});
		expect(replay).toMatchObject({ ok: true, replay: true });
		expect((await quizSummaries(db, userId, course.id)).get(attempt.moduleId)?.attempts).toBe(1);

		// Passed: no new attempt for that module; the other module keeps its own.
		expect(await passedQuizIds(db, userId, course.id)).toEqual(new Set([attempt.moduleId]));
		const next = await prepareOfflineAttempts(db, userId, course, VERSION);
		expect(next.map((a) => a.moduleId)).toEqual([course.modules[1].id]);
		await db.destroy();
	});

	it('a failed module gets a new prepared attempt, and the phone clock is corrected', async () => {
		const db = await newDb();
		const userId = await enrolledParticipant(db);
		const now = new Date(Date.now() + 3 * 60 * 60 * 1000);
		const [attempt] = await prepareOfflineAttempts(db, userId, course, VERSION);
		// Both wrong: fails.
		const both: PhoneAnswers = {};
		const quiz = course.modules[0].quiz!;
		for (const { id } of attempt.layout.questions) {
			const q = quiz.questions.find((x) => x.id === id)!;
			if (q.type === 'single') both[id] = [q.options.find((o) => !o.correct)!.id];
			if (q.type === 'truefalse') both[id] = [String(!q.answer)];
		}
		// The phone's clock is a day behind: answered "an hour before it sent", by its own clock.
		const phoneNow = new Date(now.getTime() - 24 * 60 * 60 * 1000);
		const result = await submitOfflineAnswers(db, {
			userId,
			courseId: course.id,
			attemptId: attempt.id,
			answers: both,
			answeredAt: new Date(phoneNow.getTime() - 60 * 60 * 1000).toISOString(),
			sentAt: phoneNow.toISOString(),
			quizOf,
			now
		});
		expect(result).toMatchObject({ ok: true, grade: { passed: false, score: 0 } });
		expect((await findAttempt(db, attempt.id))!.answeredAt).toBe(
			new Date(now.getTime() - 60 * 60 * 1000).toISOString()
		);
		const next = await prepareOfflineAttempts(db, userId, course, VERSION);
		expect(next[0].moduleId).toBe(attempt.moduleId);
		expect(next[0].id).not.toBe(attempt.id);

		// A time in the future is taken as "now".
		const future = await submitOfflineAnswers(db, {
			userId,
			courseId: course.id,
			attemptId: next[0].id,
			answers: answersFor(next[0]),
			answeredAt: new Date(now.getTime() + 86_400_000).toISOString(),
			quizOf,
			now
		});
		expect(future.ok).toBe(true);
		expect((await findAttempt(db, next[0].id))!.answeredAt).toBe(now.toISOString());
		await db.destroy();
	});

	it('refuses someone else’s attempt, foreign options, tampered questions and bad times', async () => {
		const db = await newDb();
		const owner = await enrolledParticipant(db);
		const intruder = await enrolledParticipant(db);
		const [mine] = await prepareOfflineAttempts(db, owner, course, VERSION);
		const [theirs] = await prepareOfflineAttempts(db, intruder, course, VERSION);
		const send = (userId: string, attemptId: string, answers: PhoneAnswers, answeredAt?: string) =>
			submitOfflineAnswers(db, {
				userId,
				courseId: course.id,
				attemptId,
				answers,
				answeredAt: answeredAt ?? new Date().toISOString(),
				quizOf
			});

		expect(await send(intruder, mine.id, answersFor(mine))).toEqual({
			ok: false,
			reason: 'not-found'
		});
		// An option id this attempt does not show (the fixture's two quizzes share their options).
		const mixed = { ...answersFor(mine) };
		const single = mine.layout.questions.find((q) => q.options.length > 0)!;
		mixed[single.id] = ['o-de-otro-intento'];
		expect(await send(owner, mine.id, mixed)).toMatchObject({ ok: false, reason: 'bad-answers' });
		// A question this attempt did not draw.
		expect(
			await send(owner, mine.id, { ...answersFor(mine), 'q-inventada': ['true'] })
		).toMatchObject({ ok: false, reason: 'bad-answers' });
		expect(await send(owner, mine.id, answersFor(mine), 'ayer')).toMatchObject({
			ok: false,
			reason: 'bad-time'
		});
		expect(
			await send(
				owner,
				mine.id,
				answersFor(mine),
				new Date(Date.now() - 90 * 86_400_000).toISOString()
			)
		).toMatchObject({ ok: true });
		// Nothing of the refused ones was stored; the intruder's own attempt is untouched.
		expect((await findAttempt(db, theirs.id))!.submittedAt).toBeNull();
		await db.destroy();
	});

	it('a second phone answering the same attempt is told so, and its answers never count', async () => {
		const db = await newDb();
		const userId = await enrolledParticipant(db);
		const [attempt] = await prepareOfflineAttempts(db, userId, course, VERSION);
		const quiz = course.modules[0].quiz!;
		// Phone A: one wrong. Phone B: all right, arriving later.
		const phoneA = answersFor(attempt, true);
		const phoneB = answersFor(attempt);
		const sendFrom = (answers: PhoneAnswers) =>
			submitOfflineAnswers(db, {
				userId,
				courseId: course.id,
				attemptId: attempt.id,
				answers,
				answeredAt: new Date().toISOString(),
				quizOf
			});
		expect((await sendFrom(phoneA)).ok).toBe(true);
		const second = await sendFrom(phoneB);
		expect(second).toMatchObject({ ok: false, reason: 'already-submitted' });
		const kept = await findAttempt(db, (second as { notCountedId: string }).notCountedId);
		expect(kept).toMatchObject({
			notCountedReason: 'already-submitted',
			score: null,
			passed: null,
			answers: Object.fromEntries(Object.entries(phoneB).map(([k, v]) => [k, v[0]]))
		});
		// Phone B sends again: still one row kept, nothing counted.
		expect(await sendFrom(phoneB)).toMatchObject({ ok: false, reason: 'already-submitted' });
		const rows = await db
			.selectFrom('quiz_attempts')
			.select(['id', 'not_counted_reason'])
			.where('user_id', '=', userId)
			.where('module_id', '=', quiz.moduleId)
			.execute();
		expect(rows.filter((r) => r.not_counted_reason !== null)).toHaveLength(1);
		const summary = (await quizSummaries(db, userId, course.id)).get(quiz.moduleId)!;
		expect(summary).toEqual({ bestScore: 50, passed: true, attempts: 1 });
		// The owner is told about both: one counted, one not.
		const notices = await offlineNotices(db, userId);
		expect(notices.map((n) => n.counted)).toEqual([true, false]);
		await db.destroy();
	});
});

describe('attendance taken offline', () => {
	async function classWith(db: Db, count: number) {
		const facilitator = await newUser(db, 'facilitator');
		const cohort = await createCohort(db, facilitator.id, {
			courseId: course.id,
			name: 'Clase sin señal',
			startsOn: '2026-11-01',
			endsOn: '2026-12-31',
			place: null
		});
		const people: string[] = [];
		for (let i = 0; i < count; i++) {
			const person = await newUser(db);
			await addMember(db, cohort, person.id, null, 'code');
			people.push(person.id);
		}
		const session = await createClassSession(db, cohort, {
			date: '2026-11-20',
			time: null,
			topic: 'Costos',
			moduleId: null
		});
		return { facilitator, cohort, people, session };
	}

	it('the last change per person wins by the time it was made, whatever arrives first', async () => {
		const db = await newDb();
		const { facilitator, cohort, people, session } = await classWith(db, 3);
		const [ana, beto, carla] = people;
		const t = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
		// Online, at "now": Ana present, the others absent.
		await saveAttendance(db, cohort, session.id, [ana], facilitator.id);
		// Ticks made offline earlier (30 min ago) arrive now: older than the online save, they lose.
		const late = await mergeAttendance(
			db,
			cohort,
			session.id,
			[
				{ userId: ana, present: false, changedAt: t(30) },
				{ userId: beto, present: true, changedAt: t(30) }
			],
			facilitator.id
		);
		expect(late).toMatchObject({ applied: [], superseded: [ana, beto] });
		// Ticks made after the online save win; in one batch the latest tick of a person counts.
		const newer = await mergeAttendance(
			db,
			cohort,
			session.id,
			[
				{ userId: carla, present: true, changedAt: new Date(Date.now() + 1000).toISOString() },
				{ userId: beto, present: true, changedAt: new Date(Date.now() + 2000).toISOString() },
				{ userId: beto, present: false, changedAt: new Date(Date.now() + 1000).toISOString() }
			],
			facilitator.id,
			{ now: new Date(Date.now() + 5000) }
		);
		expect(newer.applied.sort()).toEqual([beto, carla].sort());
		expect(await attendanceOf(db, session.id)).toEqual(
			new Map([
				[ana, true],
				[beto, true],
				[carla, true]
			])
		);
		// Each change is in the audit log: who made it, when, and what became of it.
		const audit = await db
			.selectFrom('audit_log')
			.select(['action', 'actor_id', 'details'])
			.where('target_id', '=', session.id)
			.execute();
		expect(audit).toHaveLength(4);
		expect(audit.every((a) => a.actor_id === facilitator.id)).toBe(true);
		expect(audit.map((a) => a.action).sort()).toEqual([
			'attendance.offline.applied',
			'attendance.offline.applied',
			'attendance.offline.superseded',
			'attendance.offline.superseded'
		]);
		await db.destroy();
	});

	it('someone removed from the class meanwhile is refused; the rest is applied', async () => {
		const db = await newDb();
		const { facilitator, cohort, people, session } = await classWith(db, 2);
		const [stays, leaves] = people;
		await removeMember(db, cohort, leaves);
		const outsider = (await newUser(db)).id;
		const result = await mergeAttendance(
			db,
			cohort,
			session.id,
			[
				{ userId: stays, present: true, changedAt: new Date().toISOString() },
				{ userId: leaves, present: true, changedAt: new Date().toISOString() },
				{ userId: outsider, present: true, changedAt: new Date().toISOString() },
				{ userId: stays, present: true, changedAt: 'no es una hora' }
			],
			facilitator.id
		);
		expect(result.applied).toEqual([stays]);
		expect(result.refused.sort()).toEqual([leaves, outsider].sort());
		expect(result.invalid).toEqual([stays]);
		expect(await attendanceOf(db, session.id)).toEqual(new Map([[stays, true]]));
		const refused = await refusedOfflineAttendance(db, session.id, facilitator.id);
		expect(refused.map((p) => p.id).sort()).toEqual([leaves, outsider].sort());
		// Once the facilitator saves the session's attendance again, the notice has done its work.
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(await saveAttendance(db, cohort, session.id, [stays], facilitator.id)).toEqual({
			ok: true
		});
		expect(await refusedOfflineAttendance(db, session.id, facilitator.id)).toEqual([]);
		await db.destroy();
	});

	it('a phone whose clock is ahead cannot win over later changes with a time in the future', async () => {
		const db = await newDb();
		const { facilitator, cohort, people, session } = await classWith(db, 1);
		const [ana] = people;
		const now = new Date();
		await mergeAttendance(
			db,
			cohort,
			session.id,
			[
				{
					userId: ana,
					present: true,
					changedAt: new Date(now.getTime() + 86_400_000).toISOString()
				}
			],
			facilitator.id,
			{ now }
		);
		const row = await db
			.selectFrom('attendance')
			.selectAll()
			.where('session_id', '=', session.id)
			.executeTakeFirstOrThrow();
		expect(row.recorded_at).toBe(now.toISOString());
		expect(row.recorded_by).toBe(facilitator.id);
		await db.destroy();
	});

	it('stays for the facilitator when someone else (an administrator) saves the attendance', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const admin = await newUser(db, 'admin');
		const cohort = await createCohort(db, facilitator.id, {
			courseId: 'curso-demo',
			name: 'Clase',
			startsOn: '2026-11-01',
			endsOn: '2026-12-31',
			place: null
		});
		const stays = (await newUser(db)).id;
		const leaves = (await newUser(db)).id;
		await addMember(db, cohort, stays, null, 'code');
		await addMember(db, cohort, leaves, null, 'code');
		const session = await createClassSession(db, cohort, {
			date: '2026-11-20',
			time: null,
			topic: 'Costos',
			moduleId: null
		});
		await removeMember(db, cohort, leaves);
		const changedAt = new Date(Date.now() - 60_000).toISOString();
		await mergeAttendance(
			db,
			cohort,
			session.id,
			[
				{ userId: stays, present: true, changedAt },
				{ userId: leaves, present: true, changedAt }
			],
			facilitator.id
		);
		expect(
			(await refusedOfflineAttendance(db, session.id, facilitator.id)).map((p) => p.id)
		).toEqual([leaves]);
		await new Promise((resolve) => setTimeout(resolve, 5));
		// The administrator corrects the attendance: the facilitator has not seen the notice yet.
		expect(await saveAttendance(db, cohort, session.id, [stays], admin.id)).toEqual({ ok: true });
		expect(
			(await refusedOfflineAttendance(db, session.id, facilitator.id)).map((p) => p.id)
		).toEqual([leaves]);
		// The facilitator's own save is what ends it.
		await new Promise((resolve) => setTimeout(resolve, 5));
		expect(await saveAttendance(db, cohort, session.id, [stays], facilitator.id)).toEqual({
			ok: true
		});
		expect(await refusedOfflineAttendance(db, session.id, facilitator.id)).toEqual([]);
		await db.destroy();
	});
});
