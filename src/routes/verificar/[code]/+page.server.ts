import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { verifyCertificate } from '$lib/server/certificates/certificates';
import { normalizeCertificateCode } from '$lib/server/certificates/code';
import { formatDateEs } from '$lib/server/certificates/pdf';
import { SHARE_IMAGE } from '$lib/server/certificates/share-image';
import { publicOrigin, verifyUrl } from '$lib/server/config';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders, url }) => {
	const code = normalizeCertificateCode(params.code);
	if (code && code !== params.code) redirect(301, `/verificar/${code}`);
	const result = code ? await verifyCertificate(db(), code) : null;
	setHeaders({ 'cache-control': 'no-store' });
	if (!result) error(404, { message: 'unknown-certificate' });
	// What a link sent on WhatsApp or Facebook shows: only for a certificate that is valid.
	const date = formatDateEs(result.issuedAt);
	const share =
		result.status === 'valid'
			? {
					url: verifyUrl(publicOrigin(url.origin), code!),
					title: m.certificate_og_title({ name: result.name }),
					description: m.certificate_og_description({
						name: result.name,
						course: result.courseTitle,
						hours: result.hours,
						date,
						code: code!
					}),
					image: `${publicOrigin(url.origin)}/verificar/${code}/imagen.png`,
					imageAlt: m.certificate_og_alt({ name: result.name, course: result.courseTitle, date }),
					...SHARE_IMAGE
				}
			: null;
	// Dates as the PDF prints them (Ecuador's calendar day), whatever the server's time zone.
	const revokedDate = result.revokedAt ? formatDateEs(result.revokedAt) : null;
	return { code, result, share, issuedDate: date, revokedDate };
};
