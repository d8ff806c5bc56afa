// Certificates: issued once a course is complete, verifiable by code, revocable with a reason.
import { inTransaction, type Db } from '../db';
import type { CertificateRow } from '../db/schema';
import type { Course } from '../content/format/types';
import { writeAudit } from '../audit';
import { randomId } from '../random';
import { isCourseComplete } from '../learning/rules';
import { courseRecord } from '../learning/progress';
import { generateCertificateCode } from './code';
import { printableForm, unprintableCharacters } from './fonts';

export const MAX_PRINTED_NAME = 80;

export type PrintableName = { ok: true; name: string } | { ok: false; characters: string[] };

/**
 * The name as it will be printed, or the characters the certificate font cannot draw. Issuing
 * and re-issuing both go through here, so no certificate is made with letters that would print
 * blank (see ./fonts.ts for why such names are refused rather than drawn with another font).
 */
export function printableName(name: string): PrintableName {
	const characters = unprintableCharacters(name);
	return characters.length > 0
		? { ok: false, characters }
		: { ok: true, name: printableForm(name) };
}

export type CertificateStatus = 'valid' | 'revoked';

export function certificateStatus(row: CertificateRow): CertificateStatus {
	return row.revoked_at === null ? 'valid' : 'revoked';
}

/** The person's certificates for one course, to narrow down. */
function certificatesFor(db: Db, userId: string, courseId: string) {
	return db
		.selectFrom('certificates')
		.selectAll()
		.where('user_id', '=', userId)
		.where('course_id', '=', courseId);
}

export async function activeCertificate(
	db: Db,
	userId: string,
	courseId: string
): Promise<CertificateRow | undefined> {
	return certificatesFor(db, userId, courseId).where('revoked_at', 'is', null).executeTakeFirst();
}

/**
 * The person's certificate for the course that an administrator revoked (not one replaced by a
 * corrected re-issue), if any: after it, the person cannot issue themselves a new one.
 */
export async function revokedCertificate(
	db: Db,
	userId: string,
	courseId: string
): Promise<CertificateRow | undefined> {
	return certificatesFor(db, userId, courseId)
		.where('revoked_at', 'is not', null)
		.where('replaced_by', 'is', null)
		.orderBy('revoked_at', 'desc')
		.executeTakeFirst();
}

export async function findCertificateByCode(
	db: Db,
	code: string
): Promise<CertificateRow | undefined> {
	return db.selectFrom('certificates').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function certificatesOfUser(db: Db, userId: string): Promise<CertificateRow[]> {
	return db
		.selectFrom('certificates')
		.selectAll()
		.where('user_id', '=', userId)
		.orderBy('issued_at', 'desc')
		.execute();
}

/**
 * Inserts a certificate with a fresh code; returns undefined when the person already has a valid
 * one for this course (another request was faster: the unique index `certificates_one_valid`).
 */
export async function insertWithFreshCode(
	db: Db,
	values: Omit<CertificateRow, 'id' | 'code'>
): Promise<CertificateRow | undefined> {
	// Callers check first and tell the person; this only stops a new caller that forgot.
	if (!printableName(values.name_printed).ok) throw new Error('name the certificate cannot print');
	// 50 random bits make a clash vanishingly rare; the unique index is the real guarantee.
	for (let tries = 0; ; tries++) {
		const row = await db
			.insertInto('certificates')
			.values({ id: randomId(), code: generateCertificateCode(), ...values })
			.onConflict((oc) => oc.doNothing())
			.returningAll()
			.executeTakeFirst();
		if (row) return row;
		if (values.user_id && (await activeCertificate(db, values.user_id, values.course_id))) {
			return undefined;
		}
		if (tries > 5) throw new Error('could not find a free certificate code');
	}
}

export type IssueResult =
	| { ok: true; certificate: CertificateRow; created: boolean }
	| { ok: false; reason: 'incomplete' }
	| { ok: false; reason: 'revoked'; revokedAt: string }
	| { ok: false; reason: 'unprintable'; characters: string[] };

/**
 * Issues the certificate for a completed course, or returns the one already issued. The server
 * checks completion itself; nothing the browser sends can make an incomplete course count.
 */
export async function issueCertificate(
	db: Db,
	input: { userId: string; course: Course; nameToPrint: string; now?: Date }
): Promise<IssueResult> {
	const existing = await activeCertificate(db, input.userId, input.course.id);
	if (existing) return { ok: true, certificate: existing, created: false };
	// A revocation would mean nothing if the person could simply issue another one.
	const revoked = await revokedCertificate(db, input.userId, input.course.id);
	if (revoked) return { ok: false, reason: 'revoked', revokedAt: revoked.revoked_at! };
	const record = await courseRecord(db, input.userId, input.course.id);
	if (!isCourseComplete(input.course, record)) return { ok: false, reason: 'incomplete' };
	const name = printableName(input.nameToPrint);
	if (!name.ok) return { ok: false, reason: 'unprintable', characters: name.characters };
	const inserted = await insertWithFreshCode(db, {
		user_id: input.userId,
		course_id: input.course.id,
		name_printed: name.name,
		course_title: input.course.title,
		hours: input.course.hours,
		issued_at: (input.now ?? new Date()).toISOString(),
		revoked_at: null,
		revoked_reason: null,
		replaced_by: null
	});
	if (inserted) return { ok: true, certificate: inserted, created: true };
	const winner = await activeCertificate(db, input.userId, input.course.id);
	if (!winner) throw new Error('certificate vanished while being issued');
	return { ok: true, certificate: winner, created: false };
}

export type RevokeResult = { ok: true } | { ok: false; reason: 'not-found' | 'already-revoked' };

export async function revokeCertificate(
	db: Db,
	input: { code: string; reason: string; actorId: string | null; now?: Date }
): Promise<RevokeResult> {
	return inTransaction(db, async (trx) => {
		const row = await findCertificateByCode(trx, input.code);
		if (!row) return { ok: false, reason: 'not-found' };
		if (row.revoked_at !== null) return { ok: false, reason: 'already-revoked' };
		const at = (input.now ?? new Date()).toISOString();
		await trx
			.updateTable('certificates')
			.set({ revoked_at: at, revoked_reason: input.reason })
			.where('id', '=', row.id)
			.execute();
		await writeAudit(trx, {
			actorId: input.actorId,
			action: 'certificate.revoke',
			targetType: 'certificate',
			targetId: row.code,
			details: { reason: input.reason }
		});
		return { ok: true };
	});
}

export interface Verification {
	status: CertificateStatus;
	name: string;
	courseTitle: string;
	hours: number;
	issuedAt: string;
	revokedAt: string | null;
	replacedBy: string | null;
}

/** What the public verification page may show: nothing about the person but the printed name. */
export async function verifyCertificate(db: Db, code: string): Promise<Verification | null> {
	const row = await findCertificateByCode(db, code);
	if (!row) return null;
	return {
		status: certificateStatus(row),
		name: row.name_printed,
		courseTitle: row.course_title,
		hours: row.hours,
		issuedAt: row.issued_at,
		revokedAt: row.revoked_at,
		replacedBy: row.replaced_by
	};
}
