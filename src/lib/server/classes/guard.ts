// Facilitator pages and actions: the signed-in facilitator (or admin) and a class they manage.
import { error, type RequestEvent } from '@sveltejs/kit';
import { requireRole } from '../auth/guard';
import { findCourse } from '../content';
import { db } from '../db';
import { managedCohort } from './cohorts';

type Event = Pick<RequestEvent, 'locals' | 'url'> & { params: { id?: string } };

export async function requireManagedCohort(event: Event) {
	const user = requireRole(event, 'facilitator');
	const result = await managedCohort(db(), user, event.params.id ?? '');
	if (!result.ok) error(result.reason === 'not-found' ? 404 : 403, { message: result.reason });
	const course = findCourse(result.cohort.course_id);
	if (!course) error(404, { message: 'not-found' });
	return { user, cohort: result.cohort, course };
}
