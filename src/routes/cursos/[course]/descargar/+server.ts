import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { publishedVersionNumber } from '$lib/server/content';
import { db } from '$lib/server/db';
import { openCourse } from '$lib/server/learning/access';
import { isEnrolled } from '$lib/server/learning/progress';
import { downloadAddresses, weigh } from '$lib/server/offline/download';
import { prepareOfflineAttempts } from '$lib/server/quizzes/offline';
import type { RequestHandler } from './$types';

/**
 * The addresses a phone stores to use this course offline, with their weight (JSON). Prepares
 * first an attempt for each module quiz not yet passed, so its questions are stored too.
 */
export const GET: RequestHandler = async ({ params, locals, fetch }) => {
	if (!locals.user) return json({ message: m.phone_sync_sign_in() }, { status: 401 });
	const course = await openCourse(db(), locals.user, params.course);
	if (!(await isEnrolled(db(), locals.user.id, course.id))) {
		return json({ message: m.phone_sync_not_enrolled() }, { status: 403 });
	}
	const prepared = await prepareOfflineAttempts(
		db(),
		locals.user.id,
		course,
		publishedVersionNumber(course.id)
	);
	const addresses = await downloadAddresses(
		course,
		prepared.map((a) => a.moduleId)
	);
	const list = await weigh(addresses, course.id, fetch);
	return json(list, { headers: { 'cache-control': 'private, no-store' } });
};
