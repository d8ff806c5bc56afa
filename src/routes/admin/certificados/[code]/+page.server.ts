import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { reissueCertificate } from '$lib/server/admin/certificates';
import { requireRole } from '$lib/server/auth/guard';
import {
	MAX_PRINTED_NAME,
	findCertificateByCode,
	revokeCertificate
} from '$lib/server/certificates/certificates';
import { quoted } from '$lib/server/certificates/fonts';
import { db } from '$lib/server/db';
import { isCleanName } from '$lib/server/names';
import { REVOKED_ON_DELETION } from '$lib/server/privacy/delete-account';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const c = await findCertificateByCode(db(), event.params.code);
	if (!c) error(404, { message: 'not-found' });
	return {
		certificate: {
			code: c.code,
			name: c.name_printed || m.privacy_name_removed(),
			course: c.course_title,
			hours: c.hours,
			issuedAt: c.issued_at.slice(0, 10),
			revokedAt: c.revoked_at?.slice(0, 10) ?? null,
			reason:
				c.revoked_reason === REVOKED_ON_DELETION
					? m.privacy_revoked_on_deletion()
					: c.revoked_reason,
			replacedBy: c.replaced_by,
			userId: c.user_id
		}
	};
};

const reasonSchema = v.pipe(v.string(), v.trim(), v.minLength(3), v.maxLength(300));
const nameSchema = v.pipe(
	v.string(),
	v.trim(),
	v.minLength(2),
	v.maxLength(MAX_PRINTED_NAME),
	v.check(isCleanName)
);

export const actions: Actions = {
	revocar: async (event) => {
		const admin = requireRole(event, 'admin');
		const raw = String((await event.request.formData()).get('reason') ?? '');
		const reason = v.safeParse(reasonSchema, raw);
		if (!reason.success)
			return fail(400, { reason: raw.slice(0, 300), message: m.admin_reason_required() });
		const result = await revokeCertificate(db(), {
			code: event.params.code,
			reason: reason.output,
			actorId: admin.id
		});
		if (!result.ok)
			return fail(result.reason === 'not-found' ? 404 : 409, {
				message: result.reason === 'not-found' ? m.verify_unknown() : m.admin_already_revoked()
			});
		return { message: m.admin_revoked() };
	},
	reemitir: async (event) => {
		const admin = requireRole(event, 'admin');
		const raw = String((await event.request.formData()).get('name') ?? '');
		const name = v.safeParse(nameSchema, raw);
		if (!name.success)
			return fail(400, {
				name: raw.slice(0, 200),
				message:
					typeof raw === 'string' && !isCleanName(raw)
						? m.error_bad_characters()
						: m.certificate_name_invalid({ max: MAX_PRINTED_NAME })
			});
		const result = await reissueCertificate(db(), {
			code: event.params.code,
			name: name.output,
			actorId: admin.id
		});
		if (!result.ok && result.reason === 'unprintable')
			return fail(400, {
				name: raw.slice(0, 200),
				message: m.certificate_unprintable({ characters: quoted(result.characters) })
			});
		if (!result.ok)
			return fail(result.reason === 'not-found' ? 404 : 409, {
				message: result.reason === 'not-found' ? m.verify_unknown() : m.admin_already_revoked()
			});
		redirect(303, `/admin/certificados/${result.code}`);
	}
};
