import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCatalogue, MAX_LESSON_WORDS } from '../../src/lib/server/content/format/catalogue';
import {
	checkContentDirectory,
	readContentDirectory
} from '../../src/lib/server/content/format/check-directory';
import type { Problem } from '../../src/lib/server/content/format/types';
import { courseFiles, lessonText, quizText } from './helpers';

const DIR = 'content/courses/curso-demo';

function problemsOf(texts: Record<string, string>, media?: Record<string, number>): Problem[] {
	return buildCatalogue({ texts, media }).problems.filter((p) => p.severity === 'error');
}

function expectProblem(problems: Problem[], file: string, line: number, text: string | RegExp) {
	const match = problems.find(
		(p) =>
			p.file === file &&
			p.line === line &&
			(typeof text === 'string' ? p.message.includes(text) : text.test(p.message))
	);
	expect(
		match,
		`expected ${file}:${line} «${text}» in\n${problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`
	).toBeDefined();
}

describe('course loader', () => {
	it('reads courses, modules and lessons in order, with ids from names without NN-', () => {
		const { courses, problems } = buildCatalogue({ texts: courseFiles() });
		expect(problems).toEqual([]);
		const [course] = courses;
		expect(course.id).toBe('curso-demo');
		expect(course.modules.map((m) => m.id)).toEqual(['primero', 'segundo']);
		expect(course.lessons.map((l) => l.id)).toEqual(['hola', 'costos', 'precios']);
		expect(course.lessons[2]).toMatchObject({
			moduleId: 'segundo',
			minutes: 5,
			file: `${DIR}/02-segundo/01-precios.md`
		});
		expect(course.modules[0].quiz?.questions).toHaveLength(2);
		expect(course.modules[0].quiz?.passScore).toBe(50);
	});

	it('keeps ids when files are renumbered', () => {
		const texts = courseFiles();
		const renamed: Record<string, string> = {};
		for (const [k, v] of Object.entries(texts)) {
			renamed[k.replace('01-hola', '02-hola').replace('02-costos', '01-costos')] = v;
		}
		const course = buildCatalogue({ texts: renamed }).courses[0];
		expect(course.lessons.map((l) => l.id)).toEqual(['costos', 'hola', 'precios']);
	});

	it('reports unknown and missing frontmatter fields at their line', () => {
		const texts = courseFiles();
		texts[`${DIR}/01-primero/01-hola.md`] = '---\ntitle: Hola\ncolor: rojo\n---\n\nTexto.\n';
		const problems = problemsOf(texts);
		expectProblem(problems, `${DIR}/01-primero/01-hola.md`, 3, 'campo desconocido «color»');
		expectProblem(problems, `${DIR}/01-primero/01-hola.md`, 1, 'falta el campo «minutes»');
	});

	it('reports a value out of range with the field line', () => {
		const texts = courseFiles();
		texts[`${DIR}/course.md`] = texts[`${DIR}/course.md`].replace(
			'passScore: 70',
			'passScore: 150'
		);
		expectProblem(problemsOf(texts), `${DIR}/course.md`, 7, 'passScore');
	});

	it('reports duplicate lesson ids and gaps in the order', () => {
		const texts = courseFiles();
		texts[`${DIR}/02-segundo/02-hola.md`] = lessonText('Otra vez hola');
		texts[`${DIR}/02-segundo/04-lejos.md`] = lessonText('Lejos');
		const problems = problemsOf(texts);
		expectProblem(problems, `${DIR}/02-segundo/02-hola.md`, 1, 'id de lección repetido «hola»');
		expectProblem(problems, `${DIR}/02-segundo/04-lejos.md`, 1, 'se esperaba 03');
	});

	it('reports a module without a quiz', () => {
		const texts = courseFiles();
		delete texts[`${DIR}/02-segundo/quiz.md`];
		expectProblem(problemsOf(texts), `${DIR}/02-segundo/quiz.md`, 1, 'no tiene evaluación');
	});

	it('reports broken links, missing images, images without alt text or too big', () => {
		const texts = courseFiles();
		texts[`${DIR}/01-primero/01-hola.md`] = lessonText(
			'Hola',
			[
				'Mira [los costos](02-costos.md) y [nada](../09-no/01-existe.md).',
				'',
				'![](../media/grafico.svg)',
				'',
				'![Un gráfico](../media/falta.svg)',
				'',
				'![Una foto enorme](../media/enorme.webp)'
			].join('\n')
		);
		const media = { [`${DIR}/media/grafico.svg`]: 2000, [`${DIR}/media/enorme.webp`]: 300_000 };
		const problems = problemsOf(texts, media);
		const file = `${DIR}/01-primero/01-hola.md`;
		expect(problems.filter((p) => p.message.includes('02-costos'))).toHaveLength(0);
		expectProblem(problems, file, 6, 'enlace roto «../09-no/01-existe.md»');
		expectProblem(problems, file, 8, 'no tiene texto alternativo');
		expectProblem(problems, file, 10, '«../media/falta.svg» no existe');
		expectProblem(problems, file, 12, /pesa 293 KB/);
	});

	it('reports lessons over the length limit, unknown boxes and braces', () => {
		const texts = courseFiles();
		const long = Array.from({ length: MAX_LESSON_WORDS + 10 }, () => 'palabra').join(' ');
		texts[`${DIR}/01-primero/02-costos.md`] = lessonText(
			'Costos',
			`${long}\n\n> [!SECRETO] x\n\nUn {valor}.`
		);
		const problems = problemsOf(texts);
		const file = `${DIR}/01-primero/02-costos.md`;
		expectProblem(problems, file, 5, `palabras (máximo ${MAX_LESSON_WORDS})`);
		expectProblem(problems, file, 8, 'caja desconocida');
		expectProblem(problems, file, 10, 'llaves');
	});

	it('reports quiz mistakes with their line', () => {
		const texts = courseFiles();
		texts[`${DIR}/01-primero/quiz.md`] = quizText(
			'Primer módulo',
			'\n## Sin correcta\n- [ ] a\n- [ ] b\n\n> Explicación.\n\n## Número sin respuesta {number}\n\n> Explicación.\n\n## Raro {abierta}\n- [x] a\n- [ ] b\n\n> Explicación.\n'
		);
		const problems = problemsOf(texts);
		const file = `${DIR}/01-primero/quiz.md`;
		expectProblem(problems, file, 17, 'ninguna opción está marcada');
		expectProblem(problems, file, 23, 'falta la respuesta numérica');
		expectProblem(problems, file, 27, 'tipo de pregunta desconocido «{abierta}»');
	});

	it('reads a content folder from disk and reports a broken file with its path', async () => {
		const root = await mkdtemp(join(tmpdir(), 'microaula-content-'));
		for (const [key, text] of Object.entries(courseFiles())) {
			const path = join(root, key.replace('content/', ''));
			await mkdir(join(path, '..'), { recursive: true });
			await writeFile(path, text);
		}
		expect(await checkContentDirectory(root)).toEqual([]);
		await writeFile(
			join(root, 'courses/curso-demo/02-segundo/01-precios.md'),
			'---\ntitle: [sin cerrar\n---\n'
		);
		const problems = await checkContentDirectory(root);
		expect(
			problems.some((p) => p.file === 'content/courses/curso-demo/02-segundo/01-precios.md')
		).toBe(true);
	});
});

describe('the real courses', () => {
	it('pass every check, and each module has a quiz bank of at least 8 questions', async () => {
		const { courses, problems } = await readContentDirectory('content');
		expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
		expect(courses.map((c) => c.id).sort()).toEqual([
			'crea-tu-negocio',
			'finanzas',
			'mujeres-que-emprenden',
			'trabajo-seguro'
		]);
		const modules = Object.fromEntries(courses.map((c) => [c.id, c.modules.length]));
		expect(modules['crea-tu-negocio']).toBeGreaterThanOrEqual(6);
		expect(modules['finanzas']).toBeGreaterThanOrEqual(5);
		expect(modules['trabajo-seguro']).toBeGreaterThanOrEqual(5);
		expect(modules['mujeres-que-emprenden']).toBeGreaterThanOrEqual(5);
		for (const course of courses) {
			for (const mod of course.modules) {
				expect(mod.quiz?.questions.length, `${course.id}/${mod.id}`).toBeGreaterThanOrEqual(8);
			}
			for (const lesson of course.lessons) {
				expect(lesson.words, lesson.file).toBeGreaterThanOrEqual(400);
				expect(lesson.words, lesson.file).toBeLessThanOrEqual(900);
			}
		}
	});
});
