// Which courses are published. Every course in content/ is published until an administrator
// unpublishes it; unpublished courses leave the catalogue but stay open to those enrolled.
import type { Db } from '../db';
import { allCourses } from './index';
import type { Course } from './format/types';

export async function unpublishedCourseIds(db: Db): Promise<Set<string>> {
	const rows = await db.selectFrom('course_state').select('course_id').where('published', '=', 0).execute();
	return new Set(rows.map((r) => r.course_id));
}

export async function isPublished(db: Db, courseId: string): Promise<boolean> {
	return !(await unpublishedCourseIds(db)).has(courseId);
}

export async function publishedCourses(db: Db): Promise<Course[]> {
	const hidden = await unpublishedCourseIds(db);
	return allCourses().filter((c) => !hidden.has(c.id));
}
