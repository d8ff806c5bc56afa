import { error, redirect } from '@sveltejs/kit';
import { verifyCertificate } from '$lib/server/certificates/certificates';
import { normalizeCertificateCode } from '$lib/server/certificates/code';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const code = normalizeCertificateCode(params.code);
	if (code && code !== params.code) redirect(301, `/verificar/${code}`);
	const result = code ? await verifyCertificate(db(), code) : null;
	setHeaders({ 'cache-control': 'no-store' });
	if (!result) error(404, { message: 'unknown-certificate' });
	return { code, result };
};
