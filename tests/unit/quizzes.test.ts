import { describe, expect, it } from 'vitest';
import { parseDecimal, parseQuiz } from '../../src/lib/server/content/format/quiz-format';
import type { Quiz } from '../../src/lib/server/content/format/types';
import { gradeAttempt, isCorrect } from '../../src/lib/server/quizzes/grading';
import { drawLayout } from '../../src/lib/server/quizzes/layout';
import { readAnswers } from '../../src/lib/server/quizzes/attempts';
import { questionsForAttempt } from '../../src/lib/server/quizzes/view';

const SOURCE = `---
title: Costos
passScore: 60
draw: 3
---

## ¿Qué es un costo fijo?
- [ ] La harina
- [x] El arriendo
- [ ] Las fundas

> El arriendo no cambia con lo que vendes.

## Marca los costos variables. {multiple}
- [x] Harina
- [ ] Arriendo
- [x] Fundas

> Suben y bajan con la producción.

## Si no vendes, igual pagas el arriendo. {truefalse}
= verdadero

> Es un costo fijo.

## Si 100 panes cuestan $25, ¿cuánto cuesta cada pan, en dólares? {number}
= 0.25 ± 0.01

> 25 ÷ 100 = 0,25.
`;

function quiz(): Quiz {
	const parsed = parseQuiz('quiz.md', SOURCE, {
		courseId: 'c',
		moduleId: 'm',
		defaultPassScore: 70
	});
	expect(parsed.problems).toEqual([]);
	return parsed.quiz!;
}

describe('quiz format', () => {
	it('parses every question type with its answer and explanation', () => {
		const q = quiz();
		expect(q).toMatchObject({ title: 'Costos', passScore: 60, draw: 3 });
		expect(q.questions.map((x) => x.type)).toEqual(['single', 'multiple', 'truefalse', 'number']);
		const [single, multiple, tf, num] = q.questions;
		expect(
			single.type === 'single' && single.options.filter((o) => o.correct).map((o) => o.text)
		).toEqual(['El arriendo']);
		expect(multiple.type === 'multiple' && multiple.options.filter((o) => o.correct)).toHaveLength(
			2
		);
		expect(tf.type === 'truefalse' && tf.answer).toBe(true);
		expect(num.type === 'number' && [num.answer, num.tolerance]).toEqual([0.25, 0.01]);
		expect(num.explanation).toBe('25 ÷ 100 = 0,25.');
		expect(single.line).toBe(7);
	});

	it('uses the course pass mark and the whole bank when the quiz does not say', () => {
		const parsed = parseQuiz('q.md', SOURCE.replace('passScore: 60\ndraw: 3\n', ''), {
			courseId: 'c',
			moduleId: 'm',
			defaultPassScore: 70
		});
		expect(parsed.quiz).toMatchObject({ passScore: 70, draw: 4 });
	});

	it('reports authoring mistakes with file and line', () => {
		const bad = `---\ntitle: Mal\ndraw: 9\n---\n\n## Una sola opción\n- [x] a\n\n> x\n\n## Dos correctas\n- [x] a\n- [x] b\n\n> x\n\n## Verdad {truefalse}\n= quizás\n\n> x\n\n## Número {number}\n= mucho\n\n> x\n\n## Sin explicación {truefalse}\n= falso\n`;
		const { quiz: q, problems } = parseQuiz('m/quiz.md', bad, {
			courseId: 'c',
			moduleId: 'm',
			defaultPassScore: 70
		});
		expect(q).toBeNull();
		const at = (line: number) =>
			problems
				.filter((p) => p.line === line)
				.map((p) => p.message)
				.join(' | ');
		expect(at(3)).toContain('«draw» es 9 pero el banco solo tiene 5');
		expect(at(6)).toContain('al menos 2 opciones');
		expect(at(11)).toContain('más de una opción correcta');
		expect(at(18)).toContain('«= verdadero» o «= falso»');
		expect(at(23)).toContain('no es un número');
		expect(at(27)).toContain('falta la explicación');
		expect(problems.every((p) => p.file === 'm/quiz.md')).toBe(true);
	});

	it('reads numbers the way people write them', () => {
		expect(parseDecimal('0,25')).toBe(0.25);
		expect(parseDecimal('0.25')).toBe(0.25);
		expect(parseDecimal('$0.25')).toBe(0.25);
		expect(parseDecimal(' $ 1.500,50 ')).toBe(1500.5);
		expect(parseDecimal('1,500.50')).toBe(1500.5);
		expect(parseDecimal('12%')).toBe(12);
		expect(parseDecimal('doce')).toBeNull();
		expect(parseDecimal('')).toBeNull();
	});
});

describe('grading', () => {
	const q = quiz();
	const [single, multiple, tf, num] = q.questions;
	const optionId = (question: (typeof q.questions)[number], text: string) =>
		question.type === 'single' || question.type === 'multiple'
			? question.options.find((o) => o.text === text)!.id
			: '';

	it('single choice: only the correct option', () => {
		expect(isCorrect(single, optionId(single, 'El arriendo'))).toBe(true);
		expect(isCorrect(single, optionId(single, 'La harina'))).toBe(false);
		expect(
			isCorrect(single, [optionId(single, 'El arriendo'), optionId(single, 'La harina')])
		).toBe(false);
		expect(isCorrect(single, undefined)).toBe(false);
	});

	it('multiple choice: all correct options and no wrong one', () => {
		const flour = optionId(multiple, 'Harina');
		const bags = optionId(multiple, 'Fundas');
		const rent = optionId(multiple, 'Arriendo');
		expect(isCorrect(multiple, [flour, bags])).toBe(true);
		expect(isCorrect(multiple, [flour])).toBe(false);
		expect(isCorrect(multiple, [flour, bags, rent])).toBe(false);
	});

	it('true/false', () => {
		expect(isCorrect(tf, 'true')).toBe(true);
		expect(isCorrect(tf, 'false')).toBe(false);
	});

	it('numbers: tolerance edges, decimal commas and dollar signs', () => {
		for (const ok of ['0.25', '0,25', '$0.25', '0.24', '0,26', '.25'])
			expect(isCorrect(num, ok), ok).toBe(true);
		for (const wrong of ['0.23', '0,27', '25', '', 'abc'])
			expect(isCorrect(num, wrong), wrong).toBe(false);
	});

	it('scores an attempt in whole percent and applies the pass mark', () => {
		const layout = { questions: q.questions.map((x) => ({ id: x.id, options: [] as string[] })) };
		const grade = gradeAttempt(q, layout, {
			[single.id]: optionId(single, 'El arriendo'),
			[tf.id]: 'true',
			[num.id]: '0,3'
		});
		expect(grade).toMatchObject({ correctCount: 2, total: 4, score: 50, passed: false });
		const better = gradeAttempt(q, layout, {
			[single.id]: optionId(single, 'El arriendo'),
			[tf.id]: 'true',
			[num.id]: '0,25'
		});
		expect(better).toMatchObject({ score: 75, passed: true });
	});
});

describe('draw and shuffle', () => {
	it('is the same for the same attempt and draws `draw` distinct questions', () => {
		const q = quiz();
		const a = drawLayout(q, 'attempt-1');
		expect(drawLayout(q, 'attempt-1')).toEqual(a);
		expect(a.questions).toHaveLength(3);
		expect(new Set(a.questions.map((x) => x.id)).size).toBe(3);
		for (const { id, options } of a.questions) {
			const question = q.questions.find((x) => x.id === id)!;
			const all =
				question.type === 'single' || question.type === 'multiple'
					? question.options.map((o) => o.id)
					: [];
			expect([...options].sort()).toEqual([...all].sort());
		}
	});

	it('varies between attempts', () => {
		const q = quiz();
		const layouts = new Set(
			Array.from({ length: 20 }, (_, i) => JSON.stringify(drawLayout(q, `seed-${i}`)))
		);
		expect(layouts.size).toBeGreaterThan(5);
	});

	it('never sends answers or explanations with the questions', () => {
		const q = quiz();
		const shown = JSON.stringify(questionsForAttempt(q, drawLayout(q, 'x')));
		expect(shown).not.toContain('correct');
		expect(shown).not.toContain('0.25');
		expect(shown).not.toContain('El arriendo no cambia');
	});
});

describe('reading a submitted form', () => {
	const q = quiz();
	const layout = drawLayout({ ...q, draw: 4 }, 'form');
	const single = q.questions.find((x) => x.type === 'single')!;
	const multiple = q.questions.find((x) => x.type === 'multiple')!;
	const optionsOf = (id: string) => layout.questions.find((x) => x.id === id)!.options;

	it('collects single, multiple and text answers', () => {
		const form = new FormData();
		form.append(`q-${single.id}`, optionsOf(single.id)[0]);
		form.append(`q-${multiple.id}`, optionsOf(multiple.id)[0]);
		form.append(`q-${multiple.id}`, optionsOf(multiple.id)[1]);
		form.append('attempt', 'x');
		const read = readAnswers(form, layout, q);
		expect(read.ok && read.answers[multiple.id]).toHaveLength(2);
	});

	it('refuses options that do not exist and questions not in the attempt', () => {
		const bogusOption = new FormData();
		bogusOption.append(`q-${single.id}`, 'o-nope');
		expect(readAnswers(bogusOption, layout, q).ok).toBe(false);
		const bogusQuestion = new FormData();
		bogusQuestion.append('q-q-unknown', 'x');
		expect(readAnswers(bogusQuestion, layout, q).ok).toBe(false);
	});

	it('refuses a true/false answer that is neither, and two answers to a one-answer question', () => {
		const tf = q.questions.find((x) => x.type === 'truefalse')!;
		const maybe = new FormData();
		maybe.append(`q-${tf.id}`, 'quizás');
		expect(readAnswers(maybe, layout, q).ok).toBe(false);
		const twice = new FormData();
		twice.append(`q-${single.id}`, optionsOf(single.id)[0]);
		twice.append(`q-${single.id}`, optionsOf(single.id)[1]);
		expect(readAnswers(twice, layout, q).ok).toBe(false);
		const repeated = new FormData();
		repeated.append(`q-${multiple.id}`, optionsOf(multiple.id)[0]);
		repeated.append(`q-${multiple.id}`, optionsOf(multiple.id)[0]);
		expect(readAnswers(repeated, layout, q).ok).toBe(false);
	});
});
