import { describe, expect, it } from 'vitest';
import { parseQuiz } from '../../src/lib/server/content/format/quiz-format';
import {
	correctIsLongest,
	courseQuizStats,
	courseQuizWarnings,
	quizWarnings
} from '../../src/lib/server/content/format/quiz-quality';
import {
	correctNeeded,
	passMarkSentence,
	quizScore
} from '../../src/lib/server/content/format/pass-mark';
import type { Quiz } from '../../src/lib/server/content/format/types';

const COURSE = 'content/courses/c/course.md';

function quiz(moduleId: string, body: string, draw?: number): Quiz {
	const file = `content/courses/c/${moduleId}/quiz.md`;
	const text = `---\ntitle: Prueba\n${draw ? `draw: ${draw}\n` : ''}---\n${body}`;
	const { quiz, problems } = parseQuiz(file, text, {
		courseId: 'c',
		moduleId,
		defaultPassScore: 70
	});
	if (!quiz) throw new Error(problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
	return quiz;
}

const why = '> Porque así lo explica la lección con un ejemplo.';
/** A single-choice question whose correct option is (or is not) the longest. */
const single = (n: number, longestRight: boolean) =>
	longestRight
		? `\n## Pregunta ${n}\n- [x] La opción correcta, que es larga\n- [ ] Corta\n- [ ] Otra corta\n\n${why}\n`
		: `\n## Pregunta ${n}\n- [x] Correcta breve\n- [ ] Una opción incorrecta más larga\n- [ ] Otra\n\n${why}\n`;
/** The course-wide warnings only (each small quiz here is also below the bank rule). */
const courseWide = (quizzes: Quiz[]) =>
	courseQuizWarnings(COURSE, quizzes).filter((p) => p.file === COURSE);
const tf = (n: number, answer: boolean) =>
	`\n## Afirmación ${n} {truefalse}\n= ${answer ? 'verdadero' : 'falso'}\n\n${why}\n`;

describe('the pass mark', () => {
	it('needs the number of right answers the grader needs', () => {
		expect(correctNeeded(6, 70)).toBe(5);
		expect(quizScore(4, 6)).toBe(67);
		expect(quizScore(5, 6)).toBe(83);
		expect(correctNeeded(5, 70)).toBe(4);
		expect(correctNeeded(10, 70)).toBe(7);
		expect(correctNeeded(6, 50)).toBe(3);
		expect(correctNeeded(3, 100)).toBe(3);
		expect(passMarkSentence(6, 70)).toBe('con 6 preguntas y 70 % se necesitan 5 de 6');
	});
});

describe('quiz quality', () => {
	it('asks for a bank of 2.5 × the draw (the studio may use 2 ×), at the draw line', () => {
		const body = Array.from({ length: 14 }, (_, i) => single(i, false)).join('');
		const q = quiz('01-m', body, 6);
		const [w] = quizWarnings(q, { drawLines: { [q.file]: 3 } });
		expect(w).toMatchObject({ line: 3, severity: 'warning' });
		expect(w.message).toMatch(/14 preguntas para un «draw» de 6: se necesitan al menos 15/);
		expect(quizWarnings(q, { minBankRatio: 2 })).toEqual([]);
		const fifteen = quiz('01-m', body + single(15, false), 6);
		expect(quizWarnings(fifteen)).toEqual([]);
		const noDraw = quiz('01-m', single(1, false));
		expect(quizWarnings(noDraw)[0].message).toMatch(/cada intento saca las 1 preguntas/);
	});

	it('finds the correct option that is the longest, strictly', () => {
		const q = quiz(
			'01-m',
			single(1, true) +
				single(2, false) +
				`\n## Empate\n- [x] doce letras\n- [ ] doce letraz\n\n${why}\n`
		);
		expect(q.questions.map(correctIsLongest)).toEqual([true, false, false]);
	});

	it('warns when the correct option is the longest in more than 40 % of a course', () => {
		const ok = [
			quiz('01-m', single(1, true) + single(2, false)),
			quiz('02-m', single(3, false) + single(4, false) + single(5, true))
		];
		expect(courseQuizStats(ok).longestCorrectShare).toBe(0.4);
		expect(courseWide(ok)).toEqual([]);
		const bad = [quiz('01-m', single(1, true) + single(2, true)), quiz('02-m', single(3, false))];
		const [w] = courseWide(bad);
		expect(w).toMatchObject({ file: COURSE, severity: 'warning' });
		expect(w.message).toMatch(/más larga en 2 de 3 .*\(67 %; máximo 40 %\).*01-m: líneas 5, 12/);
	});

	it('wants true/false answers between 40 % and 60 % "verdadero" across the course', () => {
		const balanced = [
			quiz('01-m', tf(1, true) + tf(2, false)),
			quiz('02-m', tf(3, true) + tf(4, false) + tf(5, false))
		];
		expect(courseWide(balanced)).toEqual([]);
		const mostlyFalse = [
			quiz('01-m', tf(1, false) + tf(2, false)),
			quiz('02-m', tf(3, true) + tf(4, false))
		];
		expect(courseWide(mostlyFalse)[0].message).toMatch(/1 de 4 .*«verdadero» \(25 %\)/);
		const mostlyTrue = [quiz('01-m', tf(1, true) + tf(2, true) + tf(3, false))];
		expect(courseWide(mostlyTrue)[0].message).toMatch(/2 de 3 .*67 %/);
	});

	it('wants at least two wrong options in a multiple-choice question', () => {
		const one = `\n## Marca los costos fijos {multiple}\n- [x] Arriendo\n- [x] Sueldo\n- [ ] Harina\n\n${why}\n`;
		const two = `\n## Marca los costos variables {multiple}\n- [x] Harina\n- [ ] Arriendo\n- [ ] Sueldo\n\n${why}\n`;
		const q = quiz('01-m', one + two);
		expect(quizWarnings(q, { minBankRatio: 0 })).toEqual([
			expect.objectContaining({
				line: 5,
				message: expect.stringMatching(/al menos 2 opciones incorrectas/)
			})
		]);
	});

	it('wants an explanation that says why, not a word or two', () => {
		const q = quiz('01-m', `\n## Pregunta\n- [x] Sí\n- [ ] No\n\n> Correcto.\n` + single(2, false));
		expect(quizWarnings(q, { minBankRatio: 0 })).toEqual([
			expect.objectContaining({
				line: 5,
				message: expect.stringMatching(/explicación es muy corta/)
			})
		]);
	});

	it('finds the same question in two modules, whatever its case, accents or punctuation', () => {
		const a = quiz(
			'01-m',
			`\n## ¿Qué es un costo fijo?\n- [x] Se paga siempre\n- [ ] Depende de lo que vendes\n\n${why}\n`
		);
		const b = quiz(
			'02-m',
			single(1, false) +
				`\n## que es un COSTO fijo\n- [x] Se paga siempre\n- [ ] Depende de lo que vendes\n\n${why}\n`
		);
		expect(courseQuizStats([a, b]).duplicates).toHaveLength(1);
		const warnings = courseQuizWarnings(COURSE, [a, b]).filter((w) =>
			w.message.includes('repetida')
		);
		expect(warnings).toEqual([
			expect.objectContaining({
				file: b.file,
				line: 12,
				message: expect.stringContaining(`${a.file}:5`)
			})
		]);
		expect(courseQuizStats([a, quiz('02-m', single(1, false))]).duplicates).toEqual([]);
	});
});
