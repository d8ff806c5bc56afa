import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { members } from '$lib/server/classes/cohorts';
import { requireManagedCohort } from '$lib/server/classes/guard';
import {
	attendanceOf,
	findClassSession,
	refusedOfflineAttendance,
	saveAttendance
} from '$lib/server/classes/sessions';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, cohort } = await requireManagedCohort(event);
	const session = await findClassSession(db(), cohort.id, event.params.sessionId);
	if (!session) error(404, { message: 'not-found' });
	const marks = await attendanceOf(db(), session.id);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		session,
		// Sent back with the ticks: a phone that kept them offline sends them for this person only.
		personId: user.id,
		// Ticks made offline for people who had left the class by the time they arrived.
		refused: await refusedOfflineAttendance(db(), session.id, user.id),
		taken: marks.size > 0,
		people: (await members(db(), cohort.id)).map((p) => ({
			id: p.id,
			name: p.displayName,
			present: marks.get(p.id) ?? false
		}))
	};
};

export const actions: Actions = {
	guardar: async (event) => {
		const { user, cohort } = await requireManagedCohort(event);
		const session = await findClassSession(db(), cohort.id, event.params.sessionId);
		if (!session) error(404, { message: 'not-found' });
		const present = (await event.request.formData()).getAll('present').map(String);
		if (present.length > 1000) return fail(400, { message: m.fac_bad_request() });
		const result = await saveAttendance(db(), cohort, session.id, present, user.id);
		if (!result.ok) return fail(400, { message: m.fac_attendance_not_member() });
		return { saved: true };
	}
};
