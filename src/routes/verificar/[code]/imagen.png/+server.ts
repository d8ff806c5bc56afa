import { error } from '@sveltejs/kit';
import { createHash } from 'node:crypto';
import { verifyCertificate } from '$lib/server/certificates/certificates';
import { normalizeCertificateCode } from '$lib/server/certificates/code';
import { formatDateEs } from '$lib/server/certificates/pdf';
import { shareImagePng } from '$lib/server/certificates/share-image';
import { programmeName } from '$lib/server/config';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

// Chat apps fetch the picture of a shared link once and keep it; browsers revalidate after ten
// minutes, so a certificate revoked since stops showing here soon after (a 304 costs nothing).
const CACHE_CONTROL = 'public, max-age=600';

export const GET: RequestHandler = async ({ params, url, request }) => {
	const code = normalizeCertificateCode(params.code);
	const result = code === params.code ? await verifyCertificate(db(), code) : null;
	// Only a valid certificate has a picture to share: never a revoked or unknown one.
	if (!result || result.status !== 'valid') error(404, { message: 'unknown-certificate' });
	const png = await shareImagePng({
		name: result.name,
		courseTitle: result.courseTitle,
		hours: result.hours,
		date: formatDateEs(result.issuedAt),
		code: code!,
		programme: programmeName(),
		host: url.host
	});
	const etag = `"${createHash('sha256').update(png).digest('base64url').slice(0, 22)}"`;
	const headers = { etag, 'cache-control': CACHE_CONTROL, vary: 'accept-encoding' };
	if (request.headers.get('if-none-match') === etag)
		return new Response(null, { status: 304, headers });
	return new Response(new Uint8Array(png), {
		headers: {
			...headers,
			'content-type': 'image/png',
			'content-length': String(png.byteLength),
			'content-disposition': `inline; filename="certificado-${code}.png"`
		}
	});
};
