// The course catalogue at run time: every course file is bundled into the server at build time
// (the build refuses content with errors), parsed once, and looked up by id.
import { buildCatalogue } from './format/catalogue';
import { formatProblem } from './format/check-directory';
import type { FacilitatorNotes } from './format/facilitator-notes';
import type { Course, Lesson, Module, Problem, Quiz } from './format/types';

export type { Course, Lesson, Module, Quiz, Question, Problem } from './format/types';

const raw = import.meta.glob<string>('/content/courses/**/*.md', {
	query: '?raw',
	import: 'default',
	eager: true
});

let loadedProblems: Problem[] = [];
let loadedNotes: FacilitatorNotes[] = [];

function load(): Course[] {
	const texts = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.slice(1), v]));
	const { courses, problems, facilitatorNotes } = buildCatalogue({ texts });
	loadedProblems = problems;
	loadedNotes = facilitatorNotes;
	for (const p of problems.filter((p) => p.severity === 'error')) {
		console.warn(`[content] ${formatProblem(p)}`);
	}
	return courses.sort((a, b) => a.title.localeCompare(b.title, 'es'));
}

const courses = load();
const byId = new Map(courses.map((c) => [c.id, c]));

export function allCourses(): Course[] {
	return courses;
}

export function findCourse(courseId: string): Course | undefined {
	return byId.get(courseId);
}

export function findLesson(course: Course, lessonId: string): Lesson | undefined {
	return course.lessons.find((l) => l.id === lessonId);
}

export function findModule(course: Course, moduleId: string): Module | undefined {
	return course.modules.find((m) => m.id === moduleId);
}

export function findQuiz(course: Course, moduleId: string): Quiz | undefined {
	return findModule(course, moduleId)?.quiz ?? undefined;
}

/** A module's facilitator notes: for the facilitator's handout only, never a participant's page. */
export function findFacilitatorNotes(course: Course, moduleId: string): FacilitatorNotes | undefined {
	return loadedNotes.find((n) => n.courseId === course.id && n.moduleId === moduleId);
}

/** The lessons before and after a lesson, across module boundaries. */
export function neighbours(course: Course, lessonId: string): { previous?: Lesson; next?: Lesson } {
	const i = course.lessons.findIndex((l) => l.id === lessonId);
	return { previous: course.lessons[i - 1], next: course.lessons[i + 1] };
}

/** What a catalogue card shows of a course. */
export function courseCard(course: Course) {
	return {
		id: course.id,
		title: course.title,
		summary: course.summary,
		hours: course.hours,
		modules: course.modules.length,
		lessons: course.lessons.length
	};
}

/** What the content checker found in the bundled content (errors stop the build, so: warnings). */
export function contentProblems(courseId?: string): Problem[] {
	return courseId
		? loadedProblems.filter((p) => p.file.startsWith(`content/courses/${courseId}/`))
		: loadedProblems;
}
