import { fail } from '@sveltejs/kit';
import { publicOrigin } from '$lib/server/config';
import QRCode from 'qrcode';
import { m } from '$lib/paraglide/messages.js';
import {
	MAX_ACCOUNTS_AT_ONCE,
	MAX_NAME_LENGTH,
	createClassAccounts,
	namesFromCsv,
	namesFromText,
	type NamesResult
} from '$lib/server/classes/accounts';
import { requireManagedCohort } from '$lib/server/classes/guard';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

const MAX_UPLOAD_BYTES = 200 * 1024;

export const load: PageServerLoad = async (event) => {
	const { cohort } = await requireManagedCohort(event);
	return { cohort: { id: cohort.id, name: cohort.name }, max: MAX_ACCOUNTS_AT_ONCE };
};

function problem(result: Extract<NamesResult, { ok: false }>): string {
	switch (result.reason) {
		case 'empty':
			return m.fac_names_empty();
		case 'too-many':
			return m.fac_names_too_many({ count: result.detail ?? '', max: MAX_ACCOUNTS_AT_ONCE });
		case 'name-too-long':
			return m.fac_name_too_long({ name: result.detail ?? '', max: MAX_NAME_LENGTH });
		case 'bad-characters':
			return m.sec_name_bad_characters_in({ name: result.detail ?? '' });
		case 'bad-columns':
			return m.fac_csv_columns({ found: result.detail ?? '' });
		case 'bad-encoding':
			return m.fac_csv_encoding();
	}
}

export const actions: Actions = {
	crear: async (event) => {
		const { user, cohort } = await requireManagedCohort(event);
		const form = await event.request.formData();
		const text = String(form.get('names') ?? '').slice(0, 50_000);
		const file = form.get('csv');
		let names: NamesResult;
		if (file instanceof File && file.size > 0) {
			if (file.size > MAX_UPLOAD_BYTES)
				return fail(400, { names: text, message: m.fac_csv_too_big() });
			names = namesFromCsv(new Uint8Array(await file.arrayBuffer()));
		} else {
			names = namesFromText(text);
		}
		if (!names.ok) return fail(400, { names: text, message: problem(names) });
		const created = await createClassAccounts(db(), cohort, names.names, user.id);
		const joinUrl = `${publicOrigin(event.url.origin)}/unirse?codigo=${cohort.join_code}`;
		return {
			created,
			site: publicOrigin(event.url.origin),
			qrSvg: await QRCode.toString(joinUrl, { type: 'svg', margin: 0, errorCorrectionLevel: 'L' })
		};
	}
};
