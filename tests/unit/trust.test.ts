import { beforeEach, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { changePassword, changePasswordSchema, signIn } from '../../src/lib/server/auth/signin';
import { createUser, signupSchema } from '../../src/lib/server/auth/users';
import { validate } from '../../src/lib/server/validation';
import { issueCertificate } from '../../src/lib/server/certificates/certificates';
import { certificatePdf } from '../../src/lib/server/certificates/pdf';
import { isHealthy, type Db } from '../../src/lib/server/db';
import { doneLessonIds, markLessonDone } from '../../src/lib/server/learning/progress';
import { startOrResumeAttempt, submitAttempt } from '../../src/lib/server/quizzes/attempts';
import { fixtureCourse, newDb, newUser } from './helpers';

const PASSWORD = 'contraseña-segura';
const course = fixtureCourse();

describe('sessions change hands safely', () => {
	let db: Db;
	beforeEach(async () => {
		db = await newDb();
	});

	it('signing in ends the session the browser had before', async () => {
		const user = await newUser(db, 'participant', PASSWORD);
		const before = await createSession(db, user.id);
		const result = await signIn(db, {
			username: user.username,
			password: PASSWORD,
			address: '127.0.0.1',
			previousSessionId: before.session.id
		});
		expect(result.ok).toBe(true);
		expect(await validateSessionToken(db, before.token)).toBeNull();
		expect(await validateSessionToken(db, result.ok ? result.token : '')).not.toBeNull();
	});

	it('a disabled account cannot sign in, even with the right password', async () => {
		const user = await newUser(db, 'participant', PASSWORD);
		await db
			.updateTable('users')
			.set({ disabled_at: new Date().toISOString() })
			.where('id', '=', user.id)
			.execute();
		const result = await signIn(db, { username: user.username, password: PASSWORD, address: 'x' });
		expect(result).toEqual({ ok: false, reason: 'disabled' });
	});

	it('changing the password needs the current one, ends every session and clears the mark', async () => {
		const user = await createUser(db, {
			username: 'temporal',
			displayName: 'Cuenta Temporal',
			password: 'clave-temporal-1',
			mustChangePassword: true
		});
		const phone = await createSession(db, user!.id);
		const laptop = await createSession(db, user!.id);
		expect((await validateSessionToken(db, phone.token))?.user.mustChangePassword).toBe(true);

		const wrong = await changePassword(db, {
			userId: user!.id,
			current: 'no-es-esta',
			next: 'clave-nueva-2'
		});
		expect(wrong).toEqual({ ok: false, reason: 'wrong' });
		expect(await validateSessionToken(db, laptop.token)).not.toBeNull();

		const done = await changePassword(db, {
			userId: user!.id,
			current: 'clave-temporal-1',
			next: 'clave-nueva-2'
		});
		expect(done.ok).toBe(true);
		expect(await validateSessionToken(db, phone.token)).toBeNull();
		expect(await validateSessionToken(db, laptop.token)).toBeNull();
		const fresh = await validateSessionToken(db, done.ok ? done.token : '');
		expect(fresh?.user.mustChangePassword).toBe(false);
		const again = await signIn(db, {
			username: 'temporal',
			password: 'clave-nueva-2',
			address: '127.0.0.1'
		});
		expect(again.ok).toBe(true);
		const audit = await db.selectFrom('audit_log').select('action').execute();
		expect(audit.map((a) => a.action)).toContain('user.password_change');
	});

	it('the change-password form wants the new password twice and different from the old', () => {
		const mismatch = validate(changePasswordSchema, {
			current: 'clave-vieja-1',
			next: 'clave-nueva-2',
			repeat: 'clave-nueva-3'
		});
		expect(mismatch).toEqual({ ok: false, errors: { repeat: 'password_mismatch' } });
		const same = validate(changePasswordSchema, {
			current: 'clave-vieja-1',
			next: 'clave-vieja-1',
			repeat: 'clave-vieja-1'
		});
		expect(same).toEqual({ ok: false, errors: { next: 'password_same' } });
	});

	it('names with line breaks or control characters are refused at sign-up', () => {
		const result = validate(signupSchema, {
			username: 'ana-maria',
			displayName: 'Ana\nMaría',
			password: PASSWORD
		});
		expect(result).toEqual({ ok: false, errors: { displayName: 'bad_characters' } });
	});

	it('the health check answers while the database does', async () => {
		expect(await isHealthy(db)).toBe(true);
		await db.destroy();
		expect(await isHealthy(db)).toBe(false);
	});
});

describe('writes that survive retries and races', () => {
	let db: Db;
	beforeEach(async () => {
		db = await newDb();
	});

	it('marking the same lesson many times at once records it once', async () => {
		const user = await newUser(db);
		const lesson = course.lessons[0];
		await Promise.all(
			Array.from({ length: 8 }, () =>
				markLessonDone(db, { userId: user.id, courseId: course.id, lessonId: lesson.id })
			)
		);
		expect([...(await doneLessonIds(db, user.id, course.id))]).toEqual([lesson.id]);
		const enrolments = await db.selectFrom('enrollments').selectAll().execute();
		expect(enrolments).toHaveLength(1);
	});

	it('submitting the same attempt twice at once stores one result', async () => {
		const user = await newUser(db);
		const quiz = course.modules[0].quiz!;
		const attempt = await startOrResumeAttempt(db, user.id, quiz, course.version);
		const results = await Promise.all(
			[1, 2, 3].map(() =>
				submitAttempt(db, { attemptId: attempt.id, userId: user.id, quiz, answers: {} })
			)
		);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok && r.reason === 'already-submitted')).toHaveLength(2);
	});

	it('two simultaneous requests for a certificate make only one', async () => {
		const user = await newUser(db);
		for (const lesson of course.lessons) {
			await markLessonDone(db, { userId: user.id, courseId: course.id, lessonId: lesson.id });
		}
		for (const mod of course.modules) {
			const quiz = mod.quiz!;
			const attempt = await startOrResumeAttempt(db, user.id, quiz, course.version);
			const answers: Record<string, string> = {};
			for (const q of quiz.questions) {
				if (q.type === 'single') answers[q.id] = q.options.find((o) => o.correct)!.id;
				if (q.type === 'truefalse') answers[q.id] = String(q.answer);
			}
			await submitAttempt(db, { attemptId: attempt.id, userId: user.id, quiz, answers });
		}
		const results = await Promise.all(
			[1, 2, 3].map(() => issueCertificate(db, { userId: user.id, course, nameToPrint: 'Ana' }))
		);
		const codes = new Set(results.map((r) => (r.ok ? r.certificate.code : null)));
		expect(codes.size).toBe(1);
		expect(await db.selectFrom('certificates').selectAll().execute()).toHaveLength(1);
	});
});

describe('names on a certificate', () => {
	it('print as written, however odd, with nothing interpreted', async () => {
		const name = 'Ñusta "Ana" O\'Brien (=1+1) <b>\\n</b>';
		const pdf = await certificatePdf({
			name,
			courseTitle: 'Curso',
			hours: 1,
			issuedAt: '2026-11-26T12:00:00Z',
			code: 'MA-7KQ4-X9PD-3M',
			verifyUrl: 'http://localhost/verificar/MA-7KQ4-X9PD-3M',
			programme: 'Microaula'
		});
		const doc = await getDocument({ data: pdf }).promise;
		const text = (await (await doc.getPage(1)).getTextContent()).items
			.map((i) => ('str' in i ? i.str : ''))
			.join(' ');
		expect(text).toContain(name);
	});

	it('with characters the font lacks still makes a PDF', async () => {
		const pdf = await certificatePdf({
			name: 'Ana 😀 李',
			courseTitle: 'Curso',
			hours: 1,
			issuedAt: '2026-11-26T12:00:00Z',
			code: 'MA-7KQ4-X9PD-3M',
			verifyUrl: 'http://localhost/verificar/MA-7KQ4-X9PD-3M',
			programme: 'Microaula'
		});
		expect(pdf.byteLength).toBeGreaterThan(1000);
	});
});
