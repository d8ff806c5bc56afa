// Certificates as administrators see them: search, and re-issue after a name correction.
import { sql } from 'kysely';
import { inTransaction, type Db } from '../db';
import type { CertificateRow } from '../db/schema';
import { writeAudit } from '../audit';
import { insertWithFreshCode, printableName } from '../certificates/certificates';
import { containing, fetchPage, type Page } from '../db/query';

export async function searchCertificates(
	db: Db,
	query: string,
	page: number
): Promise<Page<CertificateRow>> {
	const q = query.trim().toLowerCase();
	let base = db.selectFrom('certificates');
	if (q) {
		base = base.where((eb) =>
			eb.or([
				eb(sql`lower(code)`, 'like', containing(q)),
				eb(sql`lower(name_printed)`, 'like', containing(q)),
				eb(sql`lower(course_title)`, 'like', containing(q)),
				eb('course_id', '=', q)
			])
		);
	}
	return fetchPage(base, page, (query) =>
		query.selectAll().orderBy('issued_at', 'desc').orderBy('id')
	);
}

export type ReissueResult =
	| { ok: true; code: string }
	| { ok: false; reason: 'not-found' | 'revoked' }
	| { ok: false; reason: 'unprintable'; characters: string[] };

/** Revokes a certificate and issues a corrected one that the old code points to. */
export async function reissueCertificate(
	db: Db,
	input: { code: string; name: string; actorId: string }
): Promise<ReissueResult> {
	const name = printableName(input.name);
	if (!name.ok) return { ok: false, reason: 'unprintable', characters: name.characters };
	return inTransaction(db, async (trx) => {
		const old = await trx
			.selectFrom('certificates')
			.selectAll()
			.where('code', '=', input.code)
			.executeTakeFirst();
		if (!old) return { ok: false, reason: 'not-found' };
		if (old.revoked_at !== null) return { ok: false, reason: 'revoked' };
		const at = new Date().toISOString();
		// The old one is revoked first: only one valid certificate per person and course may exist.
		await trx
			.updateTable('certificates')
			.set({ revoked_at: at, revoked_reason: 'Corrección del nombre' })
			.where('id', '=', old.id)
			.execute();
		const { id: _, code: __, ...rest } = old;
		const fresh = await insertWithFreshCode(trx, {
			...rest,
			name_printed: name.name,
			revoked_at: null,
			revoked_reason: null,
			replaced_by: null
		});
		if (!fresh) throw new Error('a valid certificate appeared while re-issuing');
		const code = fresh.code;
		await trx
			.updateTable('certificates')
			.set({ replaced_by: code })
			.where('id', '=', old.id)
			.execute();
		await writeAudit(trx, {
			actorId: input.actorId,
			action: 'certificate.reissue',
			targetType: 'certificate',
			targetId: old.code,
			details: { newCode: code, name: name.name }
		});
		return { ok: true, code };
	});
}
