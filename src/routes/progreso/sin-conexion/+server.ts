import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { findCourse } from '$lib/server/content';
import { db } from '$lib/server/db';
import { canOpenCourse } from '$lib/server/learning/access';
import { recordOfflineMark, type OfflineMarkRefusal } from '$lib/server/learning/offline-sync';
import type { RequestHandler } from './$types';

const REFUSALS: Record<OfflineMarkRefusal, { status: number; message: () => string }> = {
	'unknown-lesson': { status: 404, message: m.phone_sync_unknown },
	'bad-time': { status: 400, message: m.phone_sync_bad },
	future: { status: 422, message: m.phone_sync_future },
	'too-old': { status: 422, message: m.phone_sync_too_old },
	'not-enrolled': { status: 422, message: m.phone_sync_not_enrolled },
	'before-enrolment': { status: 422, message: m.phone_sync_before_enrolment }
};

const text = (value: unknown) => (typeof value === 'string' && value.length <= 200 ? value : null);

/** A lesson marked done offline, sent by the service worker (src/service-worker.ts). */
export const POST: RequestHandler = async ({ request, locals }) => {
	// 401 and 409 tell the phone to keep the mark for later: the right person may sign in again.
	if (!locals.user) return json({ message: m.phone_sync_sign_in() }, { status: 401 });
	let body: Record<string, unknown> | null = null;
	try {
		const parsed: unknown = await request.json();
		if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
	} catch {
		body = null;
	}
	if (!body) return json({ message: m.phone_sync_bad() }, { status: 400 });
	const [userId, courseId, lessonId, completedAt] = [
		text(body.userId),
		text(body.courseId),
		text(body.lessonId),
		text(body.completedAt)
	];
	const sentAt = body.sentAt === undefined ? null : text(body.sentAt);
	if (!userId || !courseId || !lessonId || !completedAt || (body.sentAt !== undefined && !sentAt)) {
		return json({ message: m.phone_sync_bad() }, { status: 400 });
	}
	if (userId !== locals.user.id) {
		return json({ message: m.phone_sync_other_person() }, { status: 409 });
	}
	const course = findCourse(courseId);
	if (!course || !(await canOpenCourse(db(), locals.user, course))) {
		return json({ message: m.phone_sync_unknown() }, { status: 404 });
	}
	const result = await recordOfflineMark(db(), {
		userId,
		course,
		lessonId,
		completedAt,
		sentAt
	});
	if (!result.ok) {
		const refusal = REFUSALS[result.reason];
		return json({ reason: result.reason, message: refusal.message() }, { status: refusal.status });
	}
	return json({ counted: result.counted, completedAt: result.at.toISOString() });
};
