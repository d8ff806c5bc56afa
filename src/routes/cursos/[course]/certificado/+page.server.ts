import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { requireUser } from '$lib/server/auth/guard';
import {
	MAX_PRINTED_NAME,
	activeCertificate,
	issueCertificate,
	revokedCertificate
} from '$lib/server/certificates/certificates';
import { quoted } from '$lib/server/certificates/fonts';
import { formatDateEs } from '$lib/server/certificates/pdf';
import { qrSvg } from '$lib/server/certificates/qr';
import { isCleanName } from '$lib/server/names';
import { programmeName, publicOrigin, verifyUrl } from '$lib/server/config';
import { db } from '$lib/server/db';
import { openCourse } from '$lib/server/learning/access';
import { standing } from '$lib/server/learning/overview';
import { courseRecord } from '$lib/server/learning/progress';
import type { Actions, PageServerLoad } from './$types';

const nameSchema = v.pipe(
	v.string(),
	v.trim(),
	v.minLength(2),
	v.maxLength(MAX_PRINTED_NAME),
	v.check(isCleanName)
);

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const course = await openCourse(db(), user, event.params.course);
	const certificate = await activeCertificate(db(), user.id, course.id);
	const revoked = certificate ? undefined : await revokedCertificate(db(), user.id, course.id);
	const position = standing(course, await courseRecord(db(), user.id, course.id));
	return {
		course: { id: course.id, title: course.title, hours: course.hours },
		complete: position.complete,
		percent: position.percent,
		continueHref: position.continueHref,
		suggestedName: user.displayName,
		programme: programmeName(),
		revokedOn: revoked ? formatDateEs(revoked.revoked_at!) : null,
		certificate: certificate && {
			code: certificate.code,
			name: certificate.name_printed,
			issuedAt: certificate.issued_at,
			date: formatDateEs(certificate.issued_at),
			verifyUrl: verifyUrl(publicOrigin(event.url.origin), certificate.code),
			qr: await qrSvg(verifyUrl(publicOrigin(event.url.origin), certificate.code))
		}
	};
};

export const actions: Actions = {
	emitir: async (event) => {
		const user = requireUser(event);
		const course = await openCourse(db(), user, event.params.course);
		const form = await event.request.formData();
		const value = form.get('name');
		const raw = typeof value === 'string' ? value.slice(0, 200) : '';
		const name = v.safeParse(nameSchema, value);
		if (!name.success) {
			return fail(400, {
				name: raw,
				message:
					typeof value === 'string' && !isCleanName(value)
						? m.error_bad_characters()
						: m.certificate_name_invalid({ max: MAX_PRINTED_NAME })
			});
		}
		const result = await issueCertificate(db(), {
			userId: user.id,
			course,
			nameToPrint: name.output
		});
		if (!result.ok && result.reason === 'unprintable') {
			return fail(400, {
				name: raw,
				message: m.certificate_unprintable({ characters: quoted(result.characters) })
			});
		}
		if (!result.ok && result.reason === 'revoked') {
			return fail(409, {
				name: raw,
				message: m.certificate_revoked({ date: formatDateEs(result.revokedAt) })
			});
		}
		if (!result.ok) return fail(409, { name: raw, message: m.certificate_incomplete() });
		redirect(303, `/cursos/${course.id}/certificado`);
	}
};
