import QRCode from 'qrcode';
import { publicOrigin } from '$lib/server/config';
import { requireManagedCohort } from '$lib/server/classes/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cohort, course } = await requireManagedCohort(event);
	const joinUrl = `${publicOrigin(event.url.origin)}/unirse?codigo=${cohort.join_code}`;
	return {
		cohort: { id: cohort.id, name: cohort.name, joinCode: cohort.join_code },
		courseTitle: course.title,
		host: event.url.host,
		qrSvg: await QRCode.toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
	};
};
