import { error } from '@sveltejs/kit';
import { hasRole, requireUser } from '$lib/server/auth/guard';
import { findCertificateByCode } from '$lib/server/certificates/certificates';
import { normalizeCertificateCode } from '$lib/server/certificates/code';
import { certificatePdf } from '$lib/server/certificates/pdf';
import { programmeName, publicOrigin, verifyUrl } from '$lib/server/config';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const code = normalizeCertificateCode(event.params.code);
	const certificate = code ? await findCertificateByCode(db(), code) : undefined;
	if (!certificate || (certificate.user_id !== user.id && !hasRole(user, 'admin'))) {
		error(404, { message: 'not-found' });
	}
	const pdf = await certificatePdf({
		name: certificate.name_printed,
		courseTitle: certificate.course_title,
		hours: certificate.hours,
		issuedAt: certificate.issued_at,
		code: certificate.code,
		verifyUrl: verifyUrl(publicOrigin(event.url.origin), certificate.code),
		programme: programmeName()
	});
	return new Response(pdf as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="certificado-${certificate.code}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
