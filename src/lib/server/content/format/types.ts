// The course catalogue as the rest of the server sees it.

export interface Problem {
	file: string;
	line: number;
	message: string;
	severity: 'error' | 'warning';
}

export interface Course {
	id: string;
	title: string;
	summary: string;
	hours: number;
	version: number;
	level: string;
	passScore: number;
	/** Path of course.md, relative to the repository root. */
	file: string;
	modules: Module[];
	/** Every lesson of the course in reading order. */
	lessons: Lesson[];
}

export interface Module {
	id: string;
	courseId: string;
	title: string;
	summary: string;
	lessons: Lesson[];
	quiz: Quiz | null;
}

export interface Lesson {
	id: string;
	courseId: string;
	moduleId: string;
	title: string;
	minutes: number;
	words: number;
	file: string;
}

interface QuestionBase {
	/** Stable id derived from the question text, so edits elsewhere keep statistics. */
	id: string;
	text: string;
	explanation: string;
	line: number;
}

export interface ChoiceOption {
	id: string;
	text: string;
	correct: boolean;
}

export interface ChoiceQuestion extends QuestionBase {
	type: 'single' | 'multiple';
	options: ChoiceOption[];
}

export interface TrueFalseQuestion extends QuestionBase {
	type: 'truefalse';
	answer: boolean;
}

export interface NumberQuestion extends QuestionBase {
	type: 'number';
	answer: number;
	tolerance: number;
}

export type Question = ChoiceQuestion | TrueFalseQuestion | NumberQuestion;

export interface Quiz {
	courseId: string;
	moduleId: string;
	title: string;
	passScore: number;
	/** Questions drawn per attempt (all of them when the author did not set it). */
	draw: number;
	questions: Question[];
	file: string;
}
