import { describe, expect, it } from 'vitest';
import { reissueCertificate, searchCertificates } from '../../src/lib/server/admin/certificates';
import { auditLog, setPublished } from '../../src/lib/server/admin/courses';
import {
	changeRole,
	resetPassword,
	searchPeople,
	setDisabled
} from '../../src/lib/server/admin/people';
import {
	courseFunnel,
	hardestQuestions,
	platformStats,
	quizPassRates
} from '../../src/lib/server/admin/stats';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { findUserByUsername } from '../../src/lib/server/auth/users';
import {
	issueCertificate,
	verifyCertificate
} from '../../src/lib/server/certificates/certificates';
import { isPublished } from '../../src/lib/server/content/publishing';
import { enrol, markLessonDone } from '../../src/lib/server/learning/progress';
import { startOrResumeAttempt, submitAttempt } from '../../src/lib/server/quizzes/attempts';
import type { Db } from '../../src/lib/server/db';
import { fixtureCourse, newDb, newUser } from './helpers';

const course = fixtureCourse();

async function answer(
	db: Db,
	userId: string,
	moduleIndex: number,
	right: boolean,
	trueFalseRight = right
) {
	const quiz = course.modules[moduleIndex].quiz!;
	const attempt = await startOrResumeAttempt(db, userId, quiz, 1);
	const answers: Record<string, string> = {};
	for (const q of quiz.questions) {
		if (q.type === 'single')
			answers[q.id] = right
				? q.options.find((o) => o.correct)!.id
				: q.options.find((o) => !o.correct)!.id;
		if (q.type === 'truefalse') answers[q.id] = String(trueFalseRight ? q.answer : !q.answer);
	}
	await submitAttempt(db, { attemptId: attempt.id, userId, quiz, answers });
}

describe('platform statistics', () => {
	it('count registrations, activity, enrolments, completions, passes and the funnel', async () => {
		const db = await newDb();
		const [a, b, c, d] = [
			await newUser(db),
			await newUser(db),
			await newUser(db),
			await newUser(db)
		];
		await newUser(db, 'facilitator');
		const old = new Date(Date.now() - 20 * 86400_000);
		await markLessonDone(db, { userId: a.id, courseId: course.id, lessonId: 'hola' });
		await markLessonDone(db, { userId: a.id, courseId: course.id, lessonId: 'costos' });
		await markLessonDone(db, { userId: a.id, courseId: course.id, lessonId: 'precios' });
		await markLessonDone(db, { userId: b.id, courseId: course.id, lessonId: 'hola', at: old });
		await enrol(db, c.id, course.id);
		await answer(db, a.id, 0, true);
		await answer(db, a.id, 1, true);
		await answer(db, d.id, 0, false);

		const stats = await platformStats(db);
		expect(stats).toEqual({
			participants: 4,
			active7: 2,
			active30: 3,
			enrolments: 3,
			lessonCompletions: 4,
			certificates: 0,
			attempts: 3,
			passedAttempts: 2
		});
		await issueCertificate(db, { userId: a.id, course, nameToPrint: 'Ana' });
		expect(await courseFunnel(db, course)).toEqual({
			courseId: course.id,
			enrolled: 3,
			started: 2,
			lessonsDone: 1,
			certified: 1
		});
		const rates = await quizPassRates(db, course);
		expect(rates[0]).toEqual({ moduleId: 'primero', attempts: 2, passed: 1, passRate: 50 });
	});

	it('find the question failed most often', async () => {
		const db = await newDb();
		// The single-choice question is failed twice; the true/false one never.
		for (let i = 0; i < 3; i++) await answer(db, (await newUser(db)).id, 0, i === 0, true);
		const [hardest, easiest] = await hardestQuestions(db, course.id, 'primero');
		const single = course.modules[0].quiz!.questions.find((q) => q.type === 'single')!;
		expect(hardest).toEqual({ questionId: single.id, answered: 3, wrong: 2, failRate: 67 });
		expect(easiest.failRate).toBe(0);
	});
});

describe('people', () => {
	it('search by username, name, e-mail or phone, one page at a time', async () => {
		const db = await newDb();
		const rosa = await newUser(db);
		await db
			.updateTable('users')
			.set({ display_name: 'Rosa Mendoza', email: 'rosa@correo.ec', phone: '0991234567' })
			.where('id', '=', rosa.id)
			.execute();
		for (let i = 0; i < 25; i++) await newUser(db);
		expect((await searchPeople(db, 'MENDOZA', 1)).items.map((p) => p.id)).toEqual([rosa.id]);
		expect((await searchPeople(db, 'rosa@', 1)).total).toBe(1);
		expect((await searchPeople(db, '099123', 1)).total).toBe(1);
		const all = await searchPeople(db, '', 2);
		expect([all.total, all.pages, all.items.length]).toEqual([26, 2, 6]);
		expect((await searchPeople(db, '', 3)).items).toEqual([]);
	});

	it('role changes, disabling and resets are audited, and end the person’s sessions', async () => {
		const db = await newDb();
		const admin = await newUser(db, 'admin');
		const person = await newUser(db);
		const { token } = await createSession(db, person.id);
		expect(await changeRole(db, admin.id, person.id, 'facilitator')).toEqual({ ok: true });
		expect(await validateSessionToken(db, token)).toBeNull();
		const second = await createSession(db, person.id);
		expect(await setDisabled(db, admin.id, person.id, true)).toEqual({ ok: true });
		expect(await validateSessionToken(db, second.token)).toBeNull();
		expect(await setDisabled(db, admin.id, person.id, false)).toEqual({ ok: true });
		const temporary = await resetPassword(db, admin.id, person.id);
		const after = await findUserByUsername(db, person.username);
		expect(after?.must_change_password).toBe(1);
		expect(await verifyPassword(after!.password_hash, temporary!)).toBe(true);
		const actions = (await auditLog(db, {}, 1)).items.map((e) => e.action).sort();
		expect(actions).toEqual(['user.disable', 'user.enable', 'user.password.reset', 'user.role']);
		expect((await auditLog(db, { action: 'user.role' }, 1)).items[0]).toMatchObject({
			actor: admin.username,
			targetId: person.id
		});
	});

	it('never leave the platform without an active admin', async () => {
		const db = await newDb();
		const admin = await newUser(db, 'admin');
		expect(await changeRole(db, admin.id, admin.id, 'participant')).toEqual({
			ok: false,
			reason: 'last-admin'
		});
		expect(await setDisabled(db, admin.id, admin.id, true)).toEqual({
			ok: false,
			reason: 'last-admin'
		});
		const second = await newUser(db, 'admin');
		expect(await changeRole(db, second.id, admin.id, 'participant')).toEqual({ ok: true });
		expect(await changeRole(db, second.id, second.id, 'facilitator')).toEqual({
			ok: false,
			reason: 'last-admin'
		});
		expect(await changeRole(db, second.id, 'nobody', 'admin')).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});
});

describe('courses and certificates', () => {
	it('unpublishing is recorded and reversible', async () => {
		const db = await newDb();
		const admin = await newUser(db, 'admin');
		await setPublished(db, admin.id, course.id, false);
		expect(await isPublished(db, course.id)).toBe(false);
		await setPublished(db, admin.id, course.id, true);
		expect(await isPublished(db, course.id)).toBe(true);
		expect((await auditLog(db, { action: 'course.' }, 1)).total).toBe(2);
	});

	it('re-issuing after a name correction revokes the old code and points it to the new one', async () => {
		const db = await newDb();
		const admin = await newUser(db, 'admin');
		const person = await newUser(db);
		for (const l of course.lessons)
			await markLessonDone(db, { userId: person.id, courseId: course.id, lessonId: l.id });
		await answer(db, person.id, 0, true);
		await answer(db, person.id, 1, true);
		const issued = await issueCertificate(db, { userId: person.id, course, nameToPrint: 'Nick' });
		if (!issued.ok) throw new Error('not issued');
		const result = await reissueCertificate(db, {
			code: issued.certificate.code,
			name: 'Nicolás Pérez',
			actorId: admin.id
		});
		if (!result.ok) throw new Error('not reissued');
		expect(await verifyCertificate(db, issued.certificate.code)).toMatchObject({
			status: 'revoked',
			replacedBy: result.code
		});
		expect(await verifyCertificate(db, result.code)).toMatchObject({
			status: 'valid',
			name: 'Nicolás Pérez'
		});
		expect((await searchCertificates(db, 'nicolás', 1)).items.map((c) => c.code)).toEqual([
			result.code
		]);
		// What is typed is matched literally: `%` and `_` are not wildcards.
		expect((await searchCertificates(db, '%', 1)).total).toBe(0);
		expect((await searchCertificates(db, '_', 1)).total).toBe(0);
		expect(
			await reissueCertificate(db, { code: issued.certificate.code, name: 'x', actorId: admin.id })
		).toEqual({ ok: false, reason: 'revoked' });
	});
});
