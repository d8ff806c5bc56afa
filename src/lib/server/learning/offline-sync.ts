// Lessons marked done on a phone without connection, arriving later: accepted once, with the time
// they were marked, or refused with a reason (a 4xx for the phone to drop the mark).
import { MARK_MAX_AGE_DAYS } from '../../offline/names';
import type { Db } from '../db';
import { findLesson } from '../content';
import type { Course } from '../content/format/types';
import { enrolmentTime, markLessonDone } from './progress';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;
/** Clocks and networks are never exact: a minute of slack either way. */
const SLACK = MINUTE;

export type OfflineMarkRefusal =
	'unknown-lesson' | 'bad-time' | 'future' | 'too-old' | 'not-enrolled' | 'before-enrolment';

export type OfflineMarkResult =
	{ ok: true; counted: boolean; at: Date } | { ok: false; reason: OfflineMarkRefusal };

export function parseTime(value: string | null | undefined): Date | null {
	if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT/.test(value)) return null;
	const time = new Date(value);
	return Number.isNaN(time.getTime()) ? null : time;
}

/**
 * When the mark really happened, by the server's clock. Cheap phones often keep a wrong time, so
 * when the phone says what its clock read as it sent the mark (`sentAt`), the difference from
 * the server's clock is taken out: the time that passed on the phone is what counts.
 */
export function markTime(completedAt: Date, sentAt: Date | null, now: Date): Date {
	if (!sentAt) return completedAt;
	return new Date(now.getTime() - (sentAt.getTime() - completedAt.getTime()));
}

export async function recordOfflineMark(
	db: Db,
	input: {
		userId: string;
		course: Course;
		lessonId: string;
		completedAt: string;
		sentAt?: string | null;
		now?: Date;
	}
): Promise<OfflineMarkResult> {
	const now = input.now ?? new Date();
	if (!findLesson(input.course, input.lessonId)) return { ok: false, reason: 'unknown-lesson' };
	const completedAt = parseTime(input.completedAt);
	const sentAt = input.sentAt == null ? null : parseTime(input.sentAt);
	if (!completedAt || (input.sentAt != null && !sentAt)) return { ok: false, reason: 'bad-time' };

	const at = markTime(completedAt, sentAt, now);
	if (at.getTime() > now.getTime() + SLACK) return { ok: false, reason: 'future' };
	if (now.getTime() - at.getTime() > MARK_MAX_AGE_DAYS * DAY)
		return { ok: false, reason: 'too-old' };
	const enrolled = await enrolmentTime(db, input.userId, input.course.id);
	if (!enrolled) return { ok: false, reason: 'not-enrolled' };
	if (at.getTime() < enrolled.getTime() - SLACK) return { ok: false, reason: 'before-enrolment' };

	const counted = await markLessonDone(db, {
		userId: input.userId,
		courseId: input.course.id,
		lessonId: input.lessonId,
		source: 'offline-sync',
		at
	});
	return { ok: true, counted, at };
}
