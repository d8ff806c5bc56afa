import { describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
	CODE_ALPHABET,
	generateCertificateCode,
	normalizeCertificateCode
} from '../../src/lib/server/certificates/code';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import {
	issueCertificate,
	revokeCertificate,
	verifyCertificate
} from '../../src/lib/server/certificates/certificates';
import { reissueCertificate } from '../../src/lib/server/admin/certificates';
import { unprintableCharacters } from '../../src/lib/server/certificates/fonts';
import { certificatePdf } from '../../src/lib/server/certificates/pdf';
import { SHARE_IMAGE, shareImagePng } from '../../src/lib/server/certificates/share-image';
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

		// The revocation holds: its owner cannot issue themselves a fresh one under another name.
		const again = await issueCertificate(db, {
			userId: user.id,
			course,
			nameToPrint: 'Otra Persona'
		});
		expect(again).toMatchObject({ ok: false, reason: 'revoked' });
		const rows = await db.selectFrom('certificates').select(['code', 'revoked_at']).execute();
		expect(rows).toEqual([{ code, revoked_at: expect.any(String) }]);
	});

	it('a corrected re-issue is not a revocation: its owner still has a valid certificate', async () => {
		const db = await newDb();
		const user = await newUser(db);
		const admin = await newUser(db, 'admin');
		await completeCourse(db, course, user.id);
		const issued = await issueCertificate(db, { userId: user.id, course, nameToPrint: 'Ana Pe' });
		if (!issued.ok) throw new Error('not issued');
		const reissued = await reissueCertificate(db, {
			code: issued.certificate.code,
			name: 'Ana Pérez',
			actorId: admin.id
		});
		if (!reissued.ok) throw new Error('not re-issued');
		const mine = await issueCertificate(db, { userId: user.id, course, nameToPrint: 'x y' });
		expect(mine).toMatchObject({ ok: true, created: false, certificate: { code: reissued.code } });
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

describe('names the certificate font cannot draw', () => {
	it('are found character by character, as people see them', () => {
		// Noto Sans draws Latin (every Spanish and Kichwa letter), Greek, Cyrillic, Devanagari
		// (shaped by fontkit: conjuncts and reordered vowel signs come out right) and Vietnamese.
		for (const name of [
			'María José Quishpe Ñáñez',
			'Ñusta Añez',
			'Dmitri Дмитриев',
			'Nguyễn Thị Ánh'
		]) {
			expect(unprintableCharacters(name)).toEqual([]);
		}
		// Decomposed accents (e + ◌́), as some keyboards send them, print as composed letters.
		expect(unprintableCharacters('Jose\u0301 Pen\u0303a')).toEqual([]);
		expect(unprintableCharacters('王小明')).toEqual(['王', '小', '明']);
		expect(unprintableCharacters('فاطمة Ana')).toEqual(['ف', 'ا', 'ط', 'م', 'ة']);
		expect(unprintableCharacters('Ana 😀 Ruiz 👩‍💻')).toEqual(['😀', '👩‍💻']);
	});

	it('are refused when issuing and re-issuing, and nothing is stored', async () => {
		const db = await newDb();
		const user = await newUser(db);
		const admin = await newUser(db, 'admin');
		await completeCourse(db, course, user.id);
		expect(await issueCertificate(db, { userId: user.id, course, nameToPrint: '李 Ana' })).toEqual({
			ok: false,
			reason: 'unprintable',
			characters: ['李']
		});
		expect(await db.selectFrom('certificates').selectAll().execute()).toHaveLength(0);
		const issued = await issueCertificate(db, {
			userId: user.id,
			course,
			nameToPrint: 'Jose\u0301 Pen\u0303a'
		});
		if (!issued.ok) throw new Error('not issued');
		expect(issued.certificate.name_printed).toBe('José Peña');
		expect(
			await reissueCertificate(db, {
				code: issued.certificate.code,
				name: 'José 🎓 Peña',
				actorId: admin.id
			})
		).toEqual({ ok: false, reason: 'unprintable', characters: ['🎓'] });
		// The certificate it would have replaced is untouched.
		expect((await verifyCertificate(db, issued.certificate.code))?.status).toBe('valid');
	});
});

describe('the share image', () => {
	it('is a 1200 × 630 PNG on which OCR reads the name, the course and "verificado"', async () => {
		const name = 'María José Quishpe Ñáñez';
		const png = await shareImagePng({
			name,
			courseTitle: 'Finanzas para tu hogar y tu negocio',
			hours: 10,
			date: '26 de noviembre de 2026',
			code: 'MA-7KQ4-X9PD-3M',
			programme: 'Microaula',
			host: 'microaula.ec'
		});
		const meta = await sharp(png).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual([
			'png',
			SHARE_IMAGE.width,
			SHARE_IMAGE.height
		]);
		expect(png.byteLength).toBeLessThan(100 * 1024);
		const file = join(await mkdtemp(join(tmpdir(), 'share-')), 'share.png');
		await writeFile(file, png);
		const { stdout } = await promisify(execFile)('tesseract', [file, '-', '-l', 'spa']);
		const text = stdout.replace(/\s+/g, ' ');
		expect(text).toContain('Certificado verificado');
		expect(text).toContain('Finanzas para tu hogar y tu negocio');
		expect(text).toContain('26 de noviembre de 2026');
		expect(text).toMatch(/María José Quishpe .áñez/); // Tesseract reads a capital Ñ as N now and then
	});
});
