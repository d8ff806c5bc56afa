// Grading: one rule per question type, and the score of an attempt. Runs only on the server.
import { quizScore } from '../content/format/pass-mark';
import { parseDecimal } from '../content/format/quiz-format';
import type { Question, Quiz } from '../content/format/types';
import type { AttemptLayout } from './layout';

/** What the person answered, by question id: an option id, several, "true"/"false", or a number. */
export type Answers = Record<string, string | string[]>;

export function isCorrect(question: Question, answer: string | string[] | undefined): boolean {
	if (answer === undefined) return false;
	switch (question.type) {
		case 'single': {
			const chosen = Array.isArray(answer) ? answer : [answer];
			return chosen.length === 1 && question.options.some((o) => o.correct && o.id === chosen[0]);
		}
		case 'multiple': {
			const chosen = new Set(Array.isArray(answer) ? answer : [answer]);
			const correct = question.options.filter((o) => o.correct).map((o) => o.id);
			return chosen.size === correct.length && correct.every((id) => chosen.has(id));
		}
		case 'truefalse':
			return !Array.isArray(answer) && answer === String(question.answer);
		case 'number': {
			if (Array.isArray(answer)) return false;
			const value = parseDecimal(answer);
			// A hair of slack so that 0.1 + 0.2-style float noise never fails an exact answer.
			return value !== null && Math.abs(value - question.answer) <= question.tolerance + 1e-9;
		}
	}
}

export interface GradedQuestion {
	question: Question;
	answer: string | string[] | undefined;
	correct: boolean;
}

export interface Grade {
	score: number;
	passed: boolean;
	correctCount: number;
	total: number;
	questions: GradedQuestion[];
}

export function gradeAttempt(quiz: Quiz, layout: AttemptLayout, answers: Answers): Grade {
	const byId = new Map(quiz.questions.map((q) => [q.id, q]));
	const questions: GradedQuestion[] = [];
	for (const { id } of layout.questions) {
		const question = byId.get(id);
		if (!question) continue; // removed from the bank since the attempt started
		questions.push({ question, answer: answers[id], correct: isCorrect(question, answers[id]) });
	}
	const correctCount = questions.filter((q) => q.correct).length;
	const total = layout.questions.length;
	const score = quizScore(correctCount, total);
	return { score, passed: score >= quiz.passScore, correctCount, total, questions };
}
