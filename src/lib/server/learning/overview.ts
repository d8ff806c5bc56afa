// A person's standing in their courses, as the home page, "Mis cursos" and course pages show it.
import type { Db } from '../db';
import type { Course } from '../content/format/types';
import { findCourse } from '../content';
import { courseRecord, enrolledCourseIds } from './progress';
import { nextStep, percentComplete, type CourseRecord, type NextStep } from './rules';

export function stepHref(course: Course, step: NextStep): string {
	switch (step.kind) {
		case 'lesson':
			return `/cursos/${course.id}/${step.lesson.id}`;
		case 'quiz':
			return `/cursos/${course.id}/evaluacion/${step.moduleId}`;
		case 'complete':
			return `/cursos/${course.id}/certificado`;
	}
}

export interface CourseStanding {
	courseId: string;
	title: string;
	summary: string;
	percent: number;
	complete: boolean;
	continueHref: string;
	record: CourseRecord;
}

export function standing(course: Course, record: CourseRecord): CourseStanding {
	const step = nextStep(course, record);
	return {
		courseId: course.id,
		title: course.title,
		summary: course.summary,
		percent: percentComplete(course, record),
		complete: step.kind === 'complete',
		continueHref: stepHref(course, step),
		record
	};
}

export async function myCourses(db: Db, userId: string): Promise<CourseStanding[]> {
	const out: CourseStanding[] = [];
	for (const courseId of await enrolledCourseIds(db, userId)) {
		const course = findCourse(courseId);
		if (!course) continue; // removed from content/: progress is kept, but nothing to show
		out.push(standing(course, await courseRecord(db, userId, courseId)));
	}
	return out;
}
