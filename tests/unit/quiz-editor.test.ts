// The studio's quiz editor against a real database: a question added, changed (its id kept, so
// statistics follow it), moved and removed through the forms' domain calls, each saved as quiz.md
// with the revision the author started from; a stale revision is a conflict and writes nothing;
// weak-quiz warnings and the real pass mark; an `autor` may edit, a participant may not.
import { describe, expect, it } from 'vitest';
import { parseQuiz } from '../../src/lib/server/content/format/quiz-format';
import * as quizEditor from '../../src/lib/server/content/quiz-editor';
import * as studio from '../../src/lib/server/content/studio';
import { courseFiles, newDb, newUser } from './helpers';

const PATH = '01-primero/quiz.md';

async function setup() {
	const db = await newDb();
	const admin = { id: (await newUser(db, 'admin')).id, role: 'admin' as const };
	const autor = { id: (await newUser(db, 'autor')).id, role: 'autor' as const };
	const participant = { id: (await newUser(db, 'participant')).id, role: 'participant' as const };
	const prefix = 'content/courses/curso-demo/';
	const texts = Object.fromEntries(
		Object.entries(courseFiles()).map(([p, t]) => [p.slice(prefix.length), t])
	);
	await studio.importCourse(db, admin, {
		id: 'curso-demo',
		files: { texts, media: {} },
		publishNow: true
	});
	await studio.ensureDraft(db, autor, 'curso-demo');
	return { db, admin, autor, participant };
}

const input = (revision: number) => ({
	courseId: 'curso-demo',
	path: PATH,
	baseRevision: revision
});
const parsed = async (db: Awaited<ReturnType<typeof setup>>['db']) =>
	parseQuiz(PATH, (await studio.draftFile(db, 'curso-demo', PATH))!.text, {
		courseId: 'curso-demo',
		moduleId: 'primero',
		defaultPassScore: 70
	});

describe('the quiz editor', () => {
	it('shows questions, warnings and the real pass mark', async () => {
		const { db } = await setup();
		const view = await quizEditor.quizEditorView(db, 'curso-demo', PATH);
		expect(view.questions.map((q) => q.type)).toEqual(['single', 'truefalse']);
		expect(view.questions[0].options).toEqual([
			{ text: '3', correct: false },
			{ text: '4', correct: true }
		]);
		expect(view.passMark).toBe('con 2 preguntas y 50 % se necesitan 1 de 2');
		const warnings = view.warnings.map((w) => w.message).join('\n');
		expect(warnings).toMatch(/escribe al menos 4 para un «draw» de 2 \(2 veces\)/);
		expect(warnings).toMatch(/explicación es muy corta/);
		expect(warnings).toMatch(/1 de 1 preguntas \{truefalse\} son «verdadero»/);
		expect(view.errors).toEqual([]);
	});

	it('adds, changes (keeping the id), moves and removes questions as an autor', async () => {
		const { db, autor } = await setup();
		let view = await quizEditor.quizEditorView(db, 'curso-demo', PATH);
		const added = await quizEditor.saveQuestion(db, autor, {
			...input(view.revision),
			index: null,
			question: {
				type: 'multiple',
				stem: 'Marca los costos fijos.',
				options: [
					{ text: 'Arriendo', correct: true },
					{ text: 'Harina', correct: false },
					{ text: '', correct: false },
					{ text: 'Sueldo', correct: true }
				],
				answer: 'ignorado',
				tolerance: '',
				explanation: 'El arriendo y el sueldo se pagan aunque no vendas nada.'
			}
		});
		expect(added.ok).toBe(true);
		let quiz = (await parsed(db)).quiz!;
		expect(quiz.questions).toHaveLength(3);
		expect(quiz.questions[2]).toMatchObject({ type: 'multiple', text: 'Marca los costos fijos.' });
		expect(quiz.questions[2].id).toMatch(/^q-[a-z0-9]{6}$/);

		view = await quizEditor.quizEditorView(db, 'curso-demo', PATH);
		const firstId = quiz.questions[0].id;
		const changed = await quizEditor.saveQuestion(db, autor, {
			...input(view.revision),
			index: 0,
			key: view.questions[0].key,
			question: {
				type: 'number',
				stem: '¿Cuánto es 2 + 2, en números?',
				options: [],
				answer: '4',
				tolerance: '0,5',
				explanation: 'Dos más dos son cuatro, sin decimales.'
			}
		});
		expect(changed.ok).toBe(true);
		quiz = (await parsed(db)).quiz!;
		expect(quiz.questions[0]).toMatchObject({
			id: firstId,
			type: 'number',
			answer: 4,
			tolerance: 0.5
		});
		expect((await studio.draftFile(db, 'curso-demo', PATH))!.text).toContain(
			`{number #${firstId}}`
		);

		view = await quizEditor.quizEditorView(db, 'curso-demo', PATH);
		const moved = await quizEditor.moveQuestion(db, autor, {
			...input(view.revision),
			index: 2,
			key: view.questions[2].key,
			step: -1
		});
		expect(moved.ok).toBe(true);
		expect((await parsed(db)).quiz!.questions.map((q) => q.type)).toEqual([
			'number',
			'multiple',
			'truefalse'
		]);

		view = await quizEditor.quizEditorView(db, 'curso-demo', PATH);
		const removed = await quizEditor.removeQuestion(db, autor, {
			...input(view.revision),
			index: 2,
			key: view.questions[2].key
		});
		expect(removed.ok).toBe(true);
		expect((await parsed(db)).quiz!.questions.map((q) => q.type)).toEqual(['number', 'multiple']);

		view = await quizEditor.quizEditorView(db, 'curso-demo', PATH);
		const settings = await quizEditor.saveQuizSettings(db, autor, {
			...input(view.revision),
			title: 'Primer módulo',
			passScore: 100,
			draw: 1
		});
		expect(settings.ok).toBe(true);
		expect((await quizEditor.quizEditorView(db, 'curso-demo', PATH)).passMark).toBe(
			'con 1 pregunta y 100 % se necesitan 1 de 1'
		);
	});

	it('refuses a question that would not parse, and a stale revision, writing nothing', async () => {
		const { db, autor, participant } = await setup();
		const view = await quizEditor.quizEditorView(db, 'curso-demo', PATH);
		const before = (await studio.draftFile(db, 'curso-demo', PATH))!;
		const question = {
			type: 'single' as const,
			stem: '¿Cuál?',
			options: [
				{ text: 'a', correct: true },
				{ text: 'b', correct: true }
			],
			answer: '',
			tolerance: '',
			explanation: 'x'
		};
		const invalid = await quizEditor.saveQuestion(db, autor, {
			...input(view.revision),
			index: null,
			question
		});
		expect(invalid).toMatchObject({ ok: false, reason: 'invalid' });
		const stale = await quizEditor.saveQuestion(db, autor, {
			...input(view.revision - 1),
			index: null,
			question: { ...question, options: [question.options[0], { text: 'b', correct: false }] }
		});
		expect(stale).toMatchObject({ ok: false, reason: 'conflict' });
		expect((await studio.draftFile(db, 'curso-demo', PATH))!).toEqual(before);
		await expect(
			quizEditor.removeQuestion(db, participant, {
				...input(view.revision),
				index: 0,
				key: view.questions[0].key
			})
		).rejects.toBeInstanceOf(studio.ContentForbiddenError);
		await expect(
			quizEditor.quizEditorView(db, 'curso-demo', '01-primero/01-hola.md')
		).rejects.toThrow(/no es una evaluación/);
	});

	it('starts the quiz of a new module with one question to replace, once', async () => {
		const { db, autor } = await setup();
		await studio.addToOutline(db, autor, { courseId: 'curso-demo', title: 'Tercero' });
		const { path } = await quizEditor.addQuiz(db, autor, {
			courseId: 'curso-demo',
			moduleDir: '03-tercero',
			title: 'Tercero'
		});
		expect(path).toBe('03-tercero/quiz.md');
		const view = await quizEditor.quizEditorView(db, 'curso-demo', path);
		expect(view.title).toBe('Tercero');
		expect(view.errors).toEqual([]);
		expect(view.questions).toHaveLength(1);
		expect(view.questions[0].id).toMatch(/^q-/);
		await expect(
			quizEditor.addQuiz(db, autor, { courseId: 'curso-demo', moduleDir: '03-tercero', title: 'X' })
		).rejects.toThrow(/ya tiene una evaluación/);
	});
});
