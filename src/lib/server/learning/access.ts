// Who may open a course: published courses are open to everyone; an unpublished one stays open to
// the people already enrolled in it, and to facilitators and admins (who preview it).
import { error } from '@sveltejs/kit';
import type { Db } from '../db';
import type { SessionUser } from '../auth/session';
import { hasRole } from '../auth/guard';
import { findCourse } from '../content';
import { isPublished } from '../content/publishing';
import type { Course } from '../content/format/types';
import { courseRecordAndAccess, isEnrolled } from './progress';
import type { CourseRecord } from './rules';

export async function canOpenCourse(
	db: Db,
	user: SessionUser | null,
	course: Course
): Promise<boolean> {
	if (await isPublished(db, course.id)) return true;
	if (!user) return false;
	return hasRole(user, 'facilitator') || (await isEnrolled(db, user.id, course.id));
}

/** The course, or a 404 when it does not exist or this person may not see it. */
export async function openCourse(
	db: Db,
	user: SessionUser | null,
	courseId: string
): Promise<Course> {
	const course = findCourse(courseId);
	if (!course || !(await canOpenCourse(db, user, course))) error(404, { message: 'not-found' });
	return course;
}

/**
 * The course and the person's record in it, with the same rule as `openCourse` (a 404 when they
 * may not see it) decided from the same single query.
 */
export async function openCourseWithRecord(
	db: Db,
	user: SessionUser,
	courseId: string
): Promise<{ course: Course; record: CourseRecord }> {
	const course = findCourse(courseId);
	if (!course) error(404, { message: 'not-found' });
	const { record, enrolled, unpublished } = await courseRecordAndAccess(db, user.id, course.id);
	if (unpublished && !hasRole(user, 'facilitator') && !enrolled)
		error(404, { message: 'not-found' });
	return { course, record };
}
