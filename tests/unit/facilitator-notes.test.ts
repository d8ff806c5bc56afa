import { describe, expect, it } from 'vitest';
import { checkVersion } from '../../src/lib/server/content/course-version';
import { buildCatalogue } from '../../src/lib/server/content/format/catalogue';
import {
	contentReports,
	formatCourseReport
} from '../../src/lib/server/content/format/course-report';
import { parseFacilitatorNotes } from '../../src/lib/server/content/format/facilitator-notes';
import { facilitatorNotesHtml } from '../../src/lib/server/content/render/facilitator-notes';
import { courseFiles } from './helpers';

const DIR = 'content/courses/curso-demo';
const FILE = `${DIR}/01-primero/facilitador.md`;
const IDS = { courseId: 'curso-demo', moduleId: 'primero' };

const notes = (frontmatter: string, body?: string) =>
	`---\n${frontmatter}\n---\n\n${
		body ??
		'## Plan de la sesión\n1. Bienvenida (10 min).\n\n## Actividad\nUn juego de roles: la venta secreta.\n\n## Preguntas para conversar\n- ¿Qué vendes?\n\n## Qué llevar\n- Papelógrafo.\n'
	}`;

describe('facilitator notes', () => {
	it('reads the title, the session length and the body', () => {
		const { notes: n, problems } = parseFacilitatorNotes(
			FILE,
			notes('title: Sesión 1\nminutes: 75'),
			IDS
		);
		expect(problems).toEqual([]);
		expect(n).toMatchObject({ ...IDS, file: FILE, title: 'Sesión 1', minutes: 75 });
		expect(n?.body).toMatch(/^## Plan de la sesión/);
	});

	it('refuses a session outside 60–90 minutes, a missing title or an unknown field (errors)', () => {
		const short = parseFacilitatorNotes(FILE, notes('title: Sesión 1\nminutes: 45'), IDS);
		expect(short.notes).toBeNull();
		expect(short.problems).toEqual([
			expect.objectContaining({
				line: 3,
				severity: 'error',
				message: expect.stringMatching(/«minutes».*entre 60 y 90/)
			})
		]);
		const untitled = parseFacilitatorNotes(FILE, notes('minutes: 60'), IDS).problems;
		expect(untitled).toEqual([
			expect.objectContaining({ severity: 'error', message: 'falta el campo «title»' })
		]);
		const extra = parseFacilitatorNotes(
			FILE,
			notes('title: S\nminutes: 90\nlevel: 2'),
			IDS
		).problems;
		expect(extra[0]).toMatchObject({ line: 4, severity: 'error' });
		expect(extra[0].message).toMatch(/campo desconocido «level»/);
	});

	it('warns about each missing section, and still shows the notes', () => {
		const { notes: n, problems } = parseFacilitatorNotes(
			FILE,
			notes('title: S\nminutes: 60', '## Plan de la sesión\nTodo.\n\n## Actividad\nJugar.\n'),
			IDS
		);
		expect(n).not.toBeNull();
		expect(problems.map((p) => [p.severity, /«## ([^»]+)»/.exec(p.message)?.[1]])).toEqual([
			['warning', 'Preguntas para conversar'],
			['warning', 'Qué llevar']
		]);
	});

	it('are kept apart from the course a participant page sees, and not taken for a lesson', () => {
		const texts = { ...courseFiles(), [FILE]: notes('title: Sesión 1\nminutes: 75') };
		const { courses, problems, facilitatorNotes } = buildCatalogue({ texts });
		expect(problems).toEqual([]);
		expect(courses[0].lessons.map((l) => l.id)).toEqual(['hola', 'costos', 'precios']);
		expect(facilitatorNotes).toHaveLength(1);
		expect(JSON.stringify(courses)).not.toMatch(/venta secreta|Plan de la sesión|facilitador/);
	});

	it('count in the course report, and a module without them gets a warning', () => {
		const texts = { ...courseFiles(), [FILE]: notes('title: Sesión 1\nminutes: 75') };
		const { reports, problems } = contentReports(buildCatalogue({ texts }), texts);
		expect(reports[0].facilitatorNotes).toEqual([
			{ moduleId: 'primero', file: FILE, present: true },
			{ moduleId: 'segundo', file: `${DIR}/02-segundo/facilitador.md`, present: false }
		]);
		expect(problems.filter((p) => p.message.includes('facilitador.md'))).toEqual([
			expect.objectContaining({ file: `${DIR}/02-segundo/facilitador.md`, severity: 'warning' })
		]);
		expect(formatCourseReport(reports[0])).toContain(
			'Notas para facilitar: 1 de 2 módulos (faltan o tienen errores: segundo)'
		);
	});

	it('render as sanitised HTML under the page heading', () => {
		const { notes: n } = parseFacilitatorNotes(
			FILE,
			notes(
				'title: S\nminutes: 60',
				'## Plan de la sesión\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) **lleva** agua\n'
			),
			IDS
		);
		const html = facilitatorNotesHtml(n!);
		expect(html).toContain('<h3>Plan de la sesión</h3>');
		expect(html).toContain('<strong>lleva</strong>');
		expect(html).not.toMatch(/<script|javascript:/);
	});
});

describe('the course report of content:check', () => {
	it('lists words, minutes and INFLESZ per lesson, the average, and the quizzes with their pass mark', () => {
		const texts = courseFiles();
		const { reports, problems } = contentReports(buildCatalogue({ texts }), texts);
		const [r] = reports;
		expect(r.lessons.map((l) => [l.id, l.readability.words, l.minutes, l.expectedMinutes])).toEqual(
			[
				['hola', 6, 5, 1],
				['costos', 6, 5, 1],
				['precios', 6, 5, 1]
			]
		);
		expect(r.averageInflesz).toBe(r.lessons[0].readability.inflesz);
		expect(r.quizzes.quizzes.map((q) => [q.bank, q.draw, q.needed])).toEqual([
			[2, 2, 1],
			[2, 2, 1]
		]);
		// Short lessons, wrong minutes, small banks, short explanations: warnings, never errors.
		expect(problems.length).toBeGreaterThan(0);
		expect(problems.every((p) => p.severity === 'warning')).toBe(true);
		const text = formatCourseReport(r, { details: true });
		expect(text).toMatch(/== curso-demo — Curso de prueba/);
		expect(text).toMatch(/primero\/hola\s+6!\s+5\/1!/);
		expect(text).toContain('con 2 preguntas y 50 % se necesitan 1 de 2');
		expect(text).toMatch(/Promedio INFLESZ del curso: \d+,\d/);
	});
});

describe('facilitator notes in a stored course version', () => {
	it('come back from checkVersion, apart from the course', () => {
		const files = Object.fromEntries(
			Object.entries({ ...courseFiles(), [FILE]: notes('title: Sesión 1\nminutes: 75') }).map(
				([k, v]) => [k.slice(`${DIR}/`.length), v]
			)
		);
		const { course, facilitatorNotes } = checkVersion('curso-demo', { texts: files, media: {} });
		expect(facilitatorNotes.map((n) => [n.moduleId, n.minutes])).toEqual([['primero', 75]]);
		expect(JSON.stringify(course)).not.toContain('venta secreta');
	});
});
