// The quiz editor's reading and writing of quiz.md: every seed quiz reads into form questions and
// writes back to a file that parses to the same quiz (ids, types, options, answers, explanations),
// and writing again changes nothing. Form questions that would not parse are refused in Spanish.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	questionKey,
	questionProblem,
	readEditableQuiz,
	setQuizSettings,
	writeQuestion,
	writeQuiz,
	type EditableQuestion
} from '../../src/lib/server/content/format/quiz-edit';
import { parseQuiz } from '../../src/lib/server/content/format/quiz-format';

const ROOT = 'content/courses';
const seedQuizzes = readdirSync(ROOT).flatMap((course) =>
	readdirSync(join(ROOT, course), { withFileTypes: true })
		.filter((d) => d.isDirectory() && /^\d{2}-/.test(d.name))
		.map((d) => join(ROOT, course, d.name, 'quiz.md'))
		.filter((file) => {
			try {
				readFileSync(file);
				return true;
			} catch {
				return false;
			}
		})
);
const ids = { courseId: 'c', moduleId: 'm', defaultPassScore: 70 };
/** A parsed quiz without line numbers (they move when the layout does). */
function meaning(file: string, text: string) {
	const { quiz, problems } = parseQuiz(file, text, ids);
	return {
		problems: problems.map((p) => p.message),
		quiz: quiz && {
			...quiz,
			questions: quiz.questions.map((q) => ({ ...q, line: 0 }))
		}
	};
}

describe('quiz.md read into form questions and written back', () => {
	it('is lossless on every seed quiz, and writing is a fixed point', () => {
		expect(seedQuizzes.length).toBeGreaterThan(10);
		for (const file of seedQuizzes) {
			const source = readFileSync(file, 'utf8');
			const read = readEditableQuiz(file, source);
			expect(read.unreadable, file).toEqual([]);
			const written = writeQuiz(read);
			expect(meaning(file, written), file).toEqual(meaning(file, source));
			expect(writeQuiz(readEditableQuiz(file, written)), file).toBe(written);
			// The frontmatter (with its comments) is kept as written.
			expect(written.startsWith(source.split('\n---')[0]), file).toBe(true);
		}
	});

	it('writes each type in the documented layout, keeping numbers as written', () => {
		const q = (over: Partial<EditableQuestion>): EditableQuestion => ({
			id: null,
			type: 'single',
			stem: '¿Cuál?',
			options: [],
			answer: '',
			tolerance: '',
			explanation: 'Porque sí, y lo explico con calma.',
			...over
		});
		expect(
			writeQuestion(
				q({
					id: 'q-ab12',
					type: 'multiple',
					options: [
						{ text: 'Uno', correct: true },
						{ text: 'Dos', correct: false }
					]
				})
			)
		).toBe(
			'## ¿Cuál? {multiple #q-ab12}\n- [x] Uno\n- [ ] Dos\n\n> Porque sí, y lo explico con calma.'
		);
		expect(writeQuestion(q({ type: 'number', answer: '0,25', tolerance: '0,01' }))).toContain(
			'= 0,25 ± 0,01'
		);
		expect(writeQuestion(q({ type: 'truefalse', answer: 'falso' }))).toContain('= falso');
		// A stem that ends in braces stays text.
		const braces = writeQuestion(
			q({
				stem: 'Elige {una}',
				options: [
					{ text: 'a', correct: true },
					{ text: 'b', correct: false }
				]
			})
		);
		const parsed = parseQuiz('q.md', `---\ntitle: T\n---\n\n${braces}\n`, ids);
		expect(parsed.quiz?.questions[0].text).toBe('Elige {una}');
	});

	it('pins the derived id: an edited stem keeps its statistics', () => {
		const source =
			'---\ntitle: T\n---\n\n## Pregunta vieja\n- [x] a\n- [ ] b\n\n> Explicación de seis palabras aquí mismo.\n';
		const read = readEditableQuiz('q.md', source);
		const before = parseQuiz('q.md', source, ids).quiz!.questions[0].id;
		read.questions[0] = {
			...read.questions[0],
			id: questionKey(read.questions[0]),
			stem: 'Pregunta nueva'
		};
		const after = parseQuiz('q.md', writeQuiz(read), ids);
		expect(after.problems).toEqual([]);
		expect(after.quiz!.questions[0].id).toBe(before);
		expect(after.quiz!.questions[0].text).toBe('Pregunta nueva');
	});

	it('refuses what would not parse, in Spanish', () => {
		const base: EditableQuestion = {
			id: null,
			type: 'single',
			stem: '¿Cuál?',
			options: [
				{ text: 'a', correct: true },
				{ text: 'b', correct: true }
			],
			answer: '',
			tolerance: '',
			explanation: ''
		};
		expect(questionProblem(base)).toMatch(/más de una opción correcta/);
		expect(questionProblem({ ...base, type: 'multiple' })).toBeNull();
		expect(questionProblem({ ...base, options: [{ text: 'a', correct: true }] })).toMatch(
			/al menos 2/
		);
		expect(questionProblem({ ...base, stem: ' ' })).toBe('Escribe la pregunta.');
		expect(questionProblem({ ...base, type: 'number', answer: 'mucho' })).toMatch(/número/);
		expect(questionProblem({ ...base, type: 'number', answer: '1650', tolerance: '-1' })).toMatch(
			/tolerancia/
		);
		expect(questionProblem({ ...base, type: 'truefalse', answer: 'quizás' })).toMatch(/verdadero/);
	});

	it('marks lines the form cannot keep as unreadable', () => {
		const read = readEditableQuiz('q.md', '---\ntitle: T\n---\n\nTexto suelto\n## P\n- [x] a\n');
		expect(read.unreadable.map((p) => p.line)).toEqual([5]);
		expect(readEditableQuiz('q.md', '---\ntitle: T\n\n## P\n').unreadable.length).toBe(1);
	});

	it('sets title, pass mark and draw, keeping other lines', () => {
		const head = '---\ntitle: Vieja\npassScore: 70       # % para aprobar\ndraw: 6\n---';
		expect(setQuizSettings(head, { title: 'Nueva', passScore: 80, draw: null })).toBe(
			'---\ntitle: "Nueva"\npassScore: 80\n---'
		);
		expect(setQuizSettings('---\ntitle: X\n---', { title: 'X', passScore: null, draw: 4 })).toBe(
			'---\ntitle: "X"\ndraw: 4\n---'
		);
	});
});
