// Progress rules: what the next lesson is, how far along a person is, when a course is complete.
// Pure functions over the catalogue and a person's record, so they are easy to test and reuse.
import type { Course, Lesson } from '../content/format/types';

export interface CourseRecord {
	/** Ids of the lessons marked done. */
	doneLessons: ReadonlySet<string>;
	/** Ids of the modules whose quiz has been passed (best attempt). */
	passedQuizzes: ReadonlySet<string>;
}

/** The first lesson, in reading order, that is not done; undefined when all are done. */
export function nextUnfinishedLesson(course: Course, record: CourseRecord): Lesson | undefined {
	return course.lessons.find((l) => !record.doneLessons.has(l.id));
}

/** Lessons and quizzes both count as steps towards finishing a course. */
export function courseSteps(course: Course): number {
	return course.lessons.length + course.modules.filter((m) => m.quiz).length;
}

export function stepsDone(course: Course, record: CourseRecord): number {
	const lessons = course.lessons.filter((l) => record.doneLessons.has(l.id)).length;
	const quizzes = course.modules.filter((m) => m.quiz && record.passedQuizzes.has(m.id)).length;
	return lessons + quizzes;
}

/** Whole percent of steps done, rounded down so 100 % means really finished. */
export function percentComplete(course: Course, record: CourseRecord): number {
	const total = courseSteps(course);
	return total === 0 ? 0 : Math.floor((100 * stepsDone(course, record)) / total);
}

/** A course is complete when every lesson is done and every module quiz has been passed. */
export function isCourseComplete(course: Course, record: CourseRecord): boolean {
	return (
		course.lessons.every((l) => record.doneLessons.has(l.id)) &&
		course.modules.every((m) => !m.quiz || record.passedQuizzes.has(m.id))
	);
}

export type NextStep =
	{ kind: 'lesson'; lesson: Lesson } | { kind: 'quiz'; moduleId: string } | { kind: 'complete' };

/**
 * Where "Continuar" goes: the first unfinished lesson; if every lesson is done, the first module
 * quiz not yet passed; otherwise the course is complete.
 */
export function nextStep(course: Course, record: CourseRecord): NextStep {
	const lesson = nextUnfinishedLesson(course, record);
	if (lesson) return { kind: 'lesson', lesson };
	const module = course.modules.find((m) => m.quiz && !record.passedQuizzes.has(m.id));
	if (module) return { kind: 'quiz', moduleId: module.id };
	return { kind: 'complete' };
}
