import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { hasRole } from '$lib/server/auth/guard';
import { managedCohort } from '$lib/server/classes/cohorts';
import {
	findClassSession,
	mergeAttendance,
	type AttendanceChange
} from '$lib/server/classes/sessions';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

function changesOf(value: unknown): AttendanceChange[] | null {
	if (!Array.isArray(value) || value.length === 0 || value.length > 1000) return null;
	const out: AttendanceChange[] = [];
	for (const item of value as Record<string, unknown>[]) {
		if (
			!item ||
			typeof item.userId !== 'string' ||
			item.userId.length > 40 ||
			typeof item.present !== 'boolean' ||
			typeof item.changedAt !== 'string' ||
			item.changedAt.length > 40
		) {
			return null;
		}
		out.push({ userId: item.userId, present: item.present, changedAt: item.changedAt });
	}
	return out;
}

/**
 * Attendance ticked on a facilitator's phone without connection, sent by the service worker when
 * it is back (JSON only, see /progreso/evaluaciones). 401 and 409 keep the ticks on the phone.
 */
export const POST: RequestHandler = async ({ request, locals, params }) => {
	const user = locals.user;
	if (!user) return json({ message: m.phone_sync_sign_in() }, { status: 401 });
	if (!hasRole(user, 'facilitator')) return json({ message: 'forbidden' }, { status: 403 });
	const managed = await managedCohort(db(), user, params.id);
	if (!managed.ok) {
		return json(
			{ message: managed.reason },
			{ status: managed.reason === 'forbidden' ? 403 : 404 }
		);
	}
	const session = await findClassSession(db(), managed.cohort.id, params.sessionId);
	if (!session) return json({ message: 'not-found' }, { status: 404 });
	let body: Record<string, unknown> | null = null;
	if (request.headers.get('content-type')?.startsWith('application/json')) {
		try {
			const parsed: unknown = await request.json();
			if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
		} catch {
			body = null;
		}
	}
	const changes = body && changesOf(body.changes);
	const sentAt = body?.sentAt === undefined ? null : body.sentAt;
	if (!body || !changes || (sentAt !== null && typeof sentAt !== 'string')) {
		return json({ message: m.fac_bad_request() }, { status: 400 });
	}
	if (body.facilitatorId !== user.id) {
		return json({ message: m.offline_attendance_other_person() }, { status: 409 });
	}
	const result = await mergeAttendance(db(), managed.cohort, session.id, changes, user.id, {
		sentAt
	});
	return json(result);
};
