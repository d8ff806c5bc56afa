// Where "mark done and continue" leads from a lesson: the next lesson of the module; at the end
// of a module, its quiz (until passed); else the next module's first lesson; at the very end, the
// course page.
import type { Course } from '../content/format/types';
import { stepHref } from './overview';
import { nextStep, type CourseRecord } from './rules';

export function afterLesson(
	course: Course,
	lessonId: string,
	passedQuizzes: ReadonlySet<string>
): string {
	const index = course.lessons.findIndex((l) => l.id === lessonId);
	const lesson = course.lessons[index];
	const next = course.lessons[index + 1];
	const module = course.modules.find((mod) => mod.id === lesson?.moduleId);
	const lastOfModule = !next || next.moduleId !== lesson?.moduleId;
	if (module?.quiz && lastOfModule && !passedQuizzes.has(module.id)) {
		return `/cursos/${course.id}/evaluacion/${module.id}`;
	}
	return next ? `/cursos/${course.id}/${next.id}` : `/cursos/${course.id}`;
}

/** After a passed quiz: the course's next step (an unread lesson, another quiz, the certificate). */
export function afterQuiz(course: Course, moduleId: string, record: CourseRecord): string {
	const moduleIndex = course.modules.findIndex((m) => m.id === moduleId);
	const laterLesson = course.modules
		.slice(moduleIndex + 1)
		.flatMap((m) => m.lessons)
		.find((l) => !record.doneLessons.has(l.id));
	if (laterLesson) return `/cursos/${course.id}/${laterLesson.id}`;
	return stepHref(course, nextStep(course, record));
}
