import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
	CODE_ALPHABET,
	generateCertificateCode,
	normalizeCertificateCode
} from '../../src/lib/server/certificates/code';
import {
	issueCertificate,
	revokeCertificate,
	verifyCertificate
} from '../../src/lib/server/certificates/certificates';
import { certificatePdf } from '../../src/lib/server/certificates/pdf';
import {
	startOrResumeAttempt,
	submitAttempt,
	quizSummaries
} from '../../src/lib/server/quizzes/attempts';
import { completeCourse, fixtureCourse, newDb, newUser, passAllQuizzes } from './helpers';

const course = fixtureCourse();

describe('verification codes', () => {
	it('look like MA-XXXX-XXXX-XX with no ambiguous characters', () => {
		for (let i = 0; i < 200; i++) {
			const code = generateCertificateCode();
			expect(code).toMatch(/^MA-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
			expect(code.slice(3)).not.toMatch(/[01OI]/);
		}
		expect(CODE_ALPHABET).toHaveLength(32); // 10 characters × 5 bits = 50 bits
	});

	it('are unique in practice', () => {
		const codes = new Set(Array.from({ length: 20_000 }, generateCertificateCode));
		expect(codes.size).toBe(20_000);
	});

	it('accept what people type', () => {
		expect(normalizeCertificateCode('ma 7kq4 x9pd 3m')).toBe('MA-7KQ4-X9PD-3M');
		expect(normalizeCertificateCode('7KQ4X9PD3M')).toBe('MA-7KQ4-X9PD-3M');
		expect(normalizeCertificateCode('MA-7KQ4-X9PD-30')).toBeNull();
		expect(normalizeCertificateCode('hola')).toBeNull();
	});
});

describe('quiz attempts', () => {
	it('resume the same open attempt, store a submission once, and keep the best score', async () => {
		const db = await newDb();
		const user = await newUser(db);
		const quiz = course.modules[0].quiz!;
		const a = await startOrResumeAttempt(db, user.id, quiz, 1);
		expect((await startOrResumeAttempt(db, user.id, quiz, 1)).id).toBe(a.id);
		const first = await submitAttempt(db, { attemptId: a.id, userId: user.id, quiz, answers: {} });
		expect(first.ok && first.grade.score).toBe(0);
		const again = await submitAttempt(db, { attemptId: a.id, userId: user.id, quiz, answers: {} });
		expect(again).toEqual({ ok: false, reason: 'already-submitted' });
		const other = await newUser(db);
		const b = await startOrResumeAttempt(db, user.id, quiz, 1);
		expect(b.id).not.toBe(a.id);
		expect(
			await submitAttempt(db, { attemptId: b.id, userId: other.id, quiz, answers: {} })
		).toEqual({
			ok: false,
			reason: 'not-found'
		});
		await passAllQuizzes(db, course, user.id);
		const summary = (await quizSummaries(db, user.id, course.id)).get(quiz.moduleId);
		expect(summary).toEqual({ bestScore: 100, passed: true, attempts: 2 });
	});
});

describe('certificates', () => {
	it('are issued only for a completed course, once', async () => {
		const db = await newDb();
		const user = await newUser(db);
		expect(
			await issueCertificate(db, { userId: user.id, course, nameToPrint: 'María José Peña' })
		).toEqual({
			ok: false,
			reason: 'incomplete'
		});
		await completeCourse(db, course, user.id);
		const first = await issueCertificate(db, {
			userId: user.id,
			course,
			nameToPrint: 'María José Peña'
		});
		const second = await issueCertificate(db, {
			userId: user.id,
			course,
			nameToPrint: 'Otro nombre'
		});
		expect(first.ok && first.created).toBe(true);
		expect(second.ok && !second.created && second.certificate.code).toBe(
			first.ok && first.certificate.code
		);
		expect(await db.selectFrom('certificates').selectAll().execute()).toHaveLength(1);
	});

	it('can be revoked with a reason, recorded in the audit log, and verification says so', async () => {
		const db = await newDb();
		const user = await newUser(db);
		const admin = await newUser(db, 'admin');
		await completeCourse(db, course, user.id);
		const issued = await issueCertificate(db, {
			userId: user.id,
			course,
			nameToPrint: 'Ñusta Añez'
		});
		if (!issued.ok) throw new Error('not issued');
		const code = issued.certificate.code;
		expect(await verifyCertificate(db, code)).toMatchObject({
			status: 'valid',
			name: 'Ñusta Añez',
			courseTitle: 'Curso de prueba'
		});
		expect(
			await revokeCertificate(db, { code, reason: 'Nombre equivocado', actorId: admin.id })
		).toEqual({ ok: true });
		expect(await revokeCertificate(db, { code, reason: 'otra vez', actorId: admin.id })).toEqual({
			ok: false,
			reason: 'already-revoked'
		});
		expect((await verifyCertificate(db, code))?.status).toBe('revoked');
		const audit = await db.selectFrom('audit_log').selectAll().execute();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({
			action: 'certificate.revoke',
			target_id: code,
			actor_id: admin.id
		});
		expect(await verifyCertificate(db, 'MA-AAAA-AAAA-AA')).toBeNull();
	});

	it('print as a small A4 landscape PDF with the name, accents included, and the code', async () => {
		const name = 'María José Añez de la Peña Suárez-Ibáñez';
		const pdf = await certificatePdf({
			name,
			courseTitle: 'Finanzas para tu hogar y tu negocio',
			hours: 10,
			issuedAt: '2026-11-26T12:00:00Z',
			code: 'MA-7KQ4-X9PD-3M',
			verifyUrl: 'http://localhost:3000/verificar/MA-7KQ4-X9PD-3M',
			programme: 'Microaula'
		});
		expect(pdf.byteLength).toBeLessThan(100 * 1024);
		const doc = await getDocument({ data: pdf }).promise;
		const page = await doc.getPage(1);
		const [, , width, height] = page.view;
		expect(width).toBeGreaterThan(height);
		const text = (await page.getTextContent()).items
			.map((i) => ('str' in i ? i.str : ''))
			.join(' ');
		expect(text).toContain(name);
		expect(text).toContain('MA-7KQ4-X9PD-3M');
		expect(text).toContain('26 de noviembre de 2026');
	});
});
