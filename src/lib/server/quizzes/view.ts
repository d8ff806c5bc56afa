// What a browser may see of a quiz: before submission, questions and options only (no answers,
// no explanations); after submission, the graded attempt with the author's explanations.
import { formatExpectedNumber } from '../content/format/numbers';
import type { Question, Quiz } from '../content/format/types';
import type { Grade } from './grading';
import type { AttemptLayout } from './layout';

export interface QuestionForm {
	id: string;
	type: Question['type'];
	text: string;
	options: { id: string; text: string }[];
}

export function questionsForAttempt(quiz: Quiz, layout: AttemptLayout): QuestionForm[] {
	const byId = new Map(quiz.questions.map((q) => [q.id, q]));
	return layout.questions.flatMap(({ id, options }) => {
		const q = byId.get(id);
		if (!q) return [];
		const texts =
			q.type === 'single' || q.type === 'multiple'
				? new Map(q.options.map((o) => [o.id, o.text]))
				: new Map();
		return [
			{
				id: q.id,
				type: q.type,
				text: q.text,
				options: options
					.filter((o) => texts.has(o))
					.map((o) => ({ id: o, text: texts.get(o) as string }))
			}
		];
	});
}

export interface ReviewedQuestion {
	id: string;
	type: Question['type'];
	text: string;
	correct: boolean;
	explanation: string;
	/** For choice questions: every option as shown, whether it is right and whether it was chosen. */
	options: { text: string; right: boolean; chosen: boolean }[];
	/** For true/false and number questions: what was given and what was expected, as text. */
	given: string | null;
	expected: string | null;
}

export function review(grade: Grade, layout: AttemptLayout): ReviewedQuestion[] {
	const order = new Map(layout.questions.map((q) => [q.id, q.options]));
	return grade.questions.map(({ question: q, answer, correct }) => {
		const chosen = new Set(answer === undefined ? [] : Array.isArray(answer) ? answer : [answer]);
		const base = { id: q.id, type: q.type, text: q.text, correct, explanation: q.explanation };
		if (q.type === 'single' || q.type === 'multiple') {
			const shown = order.get(q.id) ?? q.options.map((o) => o.id);
			const options = shown.flatMap((id) => {
				const o = q.options.find((x) => x.id === id);
				return o ? [{ text: o.text, right: o.correct, chosen: chosen.has(o.id) }] : [];
			});
			return { ...base, options, given: null, expected: null };
		}
		const given = typeof answer === 'string' && answer !== '' ? answer : null;
		let expected: string | null = null;
		if (q.type === 'truefalse') expected = String(q.answer);
		if (q.type === 'number') {
			// The Spanish way, as the courses write numbers: "1.650", "entre 3,24 y 3,26".
			expected = formatExpectedNumber(q.answer, q.tolerance);
		}
		return { ...base, options: [], given, expected };
	});
}
