import { fail } from '@sveltejs/kit';
import { publicOrigin } from '$lib/server/config';
import QRCode from 'qrcode';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import {
	inviteByUsername,
	regenerateJoinCode,
	removeMember,
	setClosed,
	setJoinEnabled
} from '$lib/server/classes/cohorts';
import {
	classDashboard,
	filterAndSort,
	type DashboardFilter,
	type DashboardSort
} from '$lib/server/classes/dashboard';
import { requireManagedCohort } from '$lib/server/classes/guard';
import { db } from '$lib/server/db';
import { classEvidence } from '$lib/server/evidence/pages';
import { dueFollowUps } from '$lib/server/evidence/surveys';
import type { Actions, PageServerLoad } from './$types';

const FILTERS: DashboardFilter[] = ['todos', 'inactivos', 'bajo-avance'];
const SORTS: DashboardSort[] = ['nombre', 'avance', 'actividad'];

export const load: PageServerLoad = async (event) => {
	const { cohort, course } = await requireManagedCohort(event);
	const filter = FILTERS.find((f) => f === event.url.searchParams.get('filtro')) ?? 'todos';
	const sort = SORTS.find((s) => s === event.url.searchParams.get('orden')) ?? 'nombre';
	const [dashboard, evidence, followUps] = await Promise.all([
		classDashboard(db(), cohort, course),
		classEvidence(db(), cohort, course),
		dueFollowUps(db(), cohort.id)
	]);
	const joinUrl = `${publicOrigin(event.url.origin)}/unirse?codigo=${cohort.join_code}`;
	return {
		cohort: {
			id: cohort.id,
			name: cohort.name,
			place: cohort.place,
			startsOn: cohort.starts_on,
			endsOn: cohort.ends_on,
			joinCode: cohort.join_code,
			joinEnabled: cohort.join_enabled === 1,
			closed: cohort.closed_at !== null
		},
		course: { id: course.id, title: course.title },
		modules: course.modules.map((mod, i) => ({ id: mod.id, title: mod.title, short: `M${i + 1}` })),
		joinUrl,
		qrSvg: await QRCode.toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
		filter,
		sort,
		total: dashboard.participants.length,
		behind: dashboard.participants.filter((p) => p.inactive || p.lowProgress).length,
		sessionsHeld: dashboard.sessionsHeld,
		participants: filterAndSort(dashboard.participants, filter, sort),
		evidence,
		followUps: followUps.map((f) => ({
			id: f.userId,
			displayName: f.displayName,
			username: f.username,
			certificateOn: f.certificateIssuedAt.slice(0, 10)
		}))
	};
};

const usernameField = v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(64));

export const actions: Actions = {
	codigo: async (event) => {
		const { cohort } = await requireManagedCohort(event);
		const action = String((await event.request.formData()).get('accion') ?? '');
		if (action === 'desactivar') await setJoinEnabled(db(), cohort, false);
		else if (action === 'activar') await setJoinEnabled(db(), cohort, true);
		else if (action === 'regenerar') await regenerateJoinCode(db(), cohort);
		else return fail(400, { codeMessage: m.fac_bad_request() });
		return { codeMessage: m.fac_code_updated() };
	},
	estado: async (event) => {
		const { cohort } = await requireManagedCohort(event);
		const action = String((await event.request.formData()).get('accion') ?? '');
		if (action !== 'cerrar' && action !== 'reabrir')
			return fail(400, { codeMessage: m.fac_bad_request() });
		await setClosed(db(), cohort, action === 'cerrar');
		return { codeMessage: action === 'cerrar' ? m.fac_class_closed() : m.fac_class_reopened() };
	},
	agregar: async (event) => {
		const { user, cohort } = await requireManagedCohort(event);
		const raw = String((await event.request.formData()).get('username') ?? '');
		const username = v.safeParse(usernameField, raw);
		if (!username.success)
			return fail(400, { addUsername: raw.slice(0, 64), addError: m.error_required() });
		// One answer whatever happened: the form must not tell who has an account (issue 12).
		await inviteByUsername(db(), cohort, username.output, user.id);
		return { addMessage: m.sec_invitation_sent() };
	},
	quitar: async (event) => {
		const { cohort } = await requireManagedCohort(event);
		const userId = String((await event.request.formData()).get('userId') ?? '');
		if (!userId || userId.length > 64) return fail(400, { addError: m.fac_not_member() });
		if (!(await removeMember(db(), cohort, userId)))
			return fail(404, { addError: m.fac_not_member() });
		return { addMessage: m.fac_member_removed() };
	}
};
