// The class at a glance: for each participant, lessons done and best quiz score per module,
// attendance, last activity, certificate, and whether they are falling behind.
import Papa from 'papaparse';
import type { Db } from '../db';
import type { CohortRow } from '../db/schema';
import type { Course } from '../content/format/types';
import { percentComplete } from '../learning/rules';
import { members } from './cohorts';
import { attendanceRate } from './sessions';

export const INACTIVE_AFTER_DAYS = 7;
export const LOW_PROGRESS_PERCENT = 50;

export interface ModuleStanding {
	moduleId: string;
	lessonsDone: number;
	lessons: number;
	bestScore: number | null;
	passed: boolean;
}

export interface ParticipantStanding {
	id: string;
	username: string;
	displayName: string;
	percent: number;
	modules: ModuleStanding[];
	attended: number;
	attendanceRate: number | null;
	lastActivity: string | null;
	certificate: 'valid' | 'revoked' | null;
	inactive: boolean;
	lowProgress: boolean;
}

/** "Behind" means no activity for a week, or less than half of the course done. */
export function behindReasons(
	p: { percent: number; lastActivity: string | null },
	now = new Date()
): { inactive: boolean; lowProgress: boolean } {
	const limit = now.getTime() - INACTIVE_AFTER_DAYS * 24 * 60 * 60 * 1000;
	return {
		inactive: p.lastActivity === null || new Date(p.lastActivity).getTime() < limit,
		lowProgress: p.percent < LOW_PROGRESS_PERCENT
	};
}

export interface Dashboard {
	sessionsHeld: number;
	participants: ParticipantStanding[];
}

function later(a: string | null, b: string | null): string | null {
	if (a === null) return b;
	if (b === null) return a;
	return a > b ? a : b;
}

export async function classDashboard(
	db: Db,
	cohort: CohortRow,
	course: Course,
	now = new Date()
): Promise<Dashboard> {
	const memberIds = db
		.selectFrom('cohort_members')
		.select('user_id')
		.where('cohort_id', '=', cohort.id);
	const [people, progress, quizzes, held, attendance, certificates] = await Promise.all([
		members(db, cohort.id),
		db
			.selectFrom('lesson_progress')
			.select(['user_id', 'lesson_id', 'completed_at'])
			.where('course_id', '=', course.id)
			.where('user_id', 'in', memberIds)
			.execute(),
		db
			.selectFrom('quiz_attempts')
			.select((eb) => [
				'user_id',
				'module_id',
				eb.fn.max('score').as('best'),
				eb.fn.max('passed').as('passed'),
				eb.fn.max('submitted_at').as('last')
			])
			.where('course_id', '=', course.id)
			.where('submitted_at', 'is not', null)
			.where('not_counted_reason', 'is', null)
			.where('user_id', 'in', memberIds)
			.groupBy(['user_id', 'module_id'])
			.execute(),
		db
			.selectFrom('class_sessions')
			.select((eb) => eb.fn.count<number>('class_sessions.id').as('n'))
			.where('cohort_id', '=', cohort.id)
			.where((eb) =>
				eb.exists(
					eb
						.selectFrom('attendance')
						.select('user_id')
						.whereRef('attendance.session_id', '=', 'class_sessions.id')
				)
			)
			.executeTakeFirst(),
		db
			.selectFrom('attendance')
			.innerJoin('class_sessions', 'class_sessions.id', 'attendance.session_id')
			.select((eb) => ['attendance.user_id', eb.fn.count<number>('attendance.session_id').as('n')])
			.where('class_sessions.cohort_id', '=', cohort.id)
			.where('attendance.present', '=', 1)
			.groupBy('attendance.user_id')
			.execute(),
		db
			.selectFrom('certificates')
			.select(['user_id', 'revoked_at'])
			.where('course_id', '=', course.id)
			.where('user_id', 'in', memberIds)
			.execute()
	]);

	const sessionsHeld = Number(held?.n ?? 0);
	const lessonModule = new Map(course.lessons.map((l) => [l.id, l.moduleId]));
	const participants = people.map((person): ParticipantStanding => {
		const done = progress.filter((p) => p.user_id === person.id && lessonModule.has(p.lesson_id));
		const mine = quizzes.filter((q) => q.user_id === person.id);
		let lastActivity: string | null = null;
		for (const p of done) lastActivity = later(lastActivity, p.completed_at);
		for (const q of mine) lastActivity = later(lastActivity, q.last as string | null);
		const doneIds = new Set(done.map((p) => p.lesson_id));
		const passed = new Set(mine.filter((q) => Number(q.passed) === 1).map((q) => q.module_id));
		const percent = percentComplete(course, { doneLessons: doneIds, passedQuizzes: passed });
		const attended = Number(attendance.find((a) => a.user_id === person.id)?.n ?? 0);
		const certificateRows = certificates.filter((c) => c.user_id === person.id);
		const certificate = certificateRows.some((c) => c.revoked_at === null)
			? 'valid'
			: certificateRows.length
				? 'revoked'
				: null;
		return {
			id: person.id,
			username: person.username,
			displayName: person.displayName,
			percent,
			modules: course.modules.map((m) => {
				const quiz = mine.find((q) => q.module_id === m.id);
				return {
					moduleId: m.id,
					lessonsDone: m.lessons.filter((l) => doneIds.has(l.id)).length,
					lessons: m.lessons.length,
					bestScore: quiz?.best === null || quiz?.best === undefined ? null : Number(quiz.best),
					passed: passed.has(m.id)
				};
			}),
			attended,
			attendanceRate: attendanceRate(attended, sessionsHeld),
			lastActivity,
			certificate,
			...behindReasons({ percent, lastActivity }, now)
		};
	});
	return { sessionsHeld, participants };
}

export type DashboardFilter = 'todos' | 'inactivos' | 'bajo-avance';
export type DashboardSort = 'nombre' | 'avance' | 'actividad';

export function filterAndSort(
	rows: ParticipantStanding[],
	filter: DashboardFilter,
	sort: DashboardSort
): ParticipantStanding[] {
	const kept = rows.filter((r) =>
		filter === 'inactivos' ? r.inactive : filter === 'bajo-avance' ? r.lowProgress : true
	);
	const byName = (a: ParticipantStanding, b: ParticipantStanding) =>
		a.displayName.localeCompare(b.displayName, 'es');
	const compare: Record<DashboardSort, (a: ParticipantStanding, b: ParticipantStanding) => number> =
		{
			nombre: byName,
			avance: (a, b) => a.percent - b.percent || byName(a, b),
			actividad: (a, b) =>
				(a.lastActivity ?? '').localeCompare(b.lastActivity ?? '') || byName(a, b)
		};
	return [...kept].sort(compare[sort]);
}

/**
 * The class record as CSV for the programme's reports: UTF-8 with a byte-order mark so Excel reads
 * the accents, one row per participant, and formula-like cells neutralised.
 */
export function dashboardCsv(course: Course, dashboard: Dashboard): string {
	const header = [
		'nombre',
		'usuario',
		'avance_%',
		...course.modules.flatMap((m, i) => [`m${i + 1}_lecciones`, `m${i + 1}_nota`]),
		'asistencia',
		'asistencia_%',
		'ultima_actividad',
		'certificado'
	];
	const rows = dashboard.participants.map((p) => [
		p.displayName,
		p.username,
		p.percent,
		...p.modules.flatMap((m) => [`${m.lessonsDone}/${m.lessons}`, m.bestScore ?? '']),
		`${p.attended}/${dashboard.sessionsHeld}`,
		p.attendanceRate ?? '',
		p.lastActivity?.slice(0, 10) ?? '',
		p.certificate === 'valid' ? 'emitido' : p.certificate === 'revoked' ? 'revocado' : ''
	]);
	return (
		'\uFEFF' +
		Papa.unparse({ fields: header, data: rows }, { escapeFormulae: true, newline: '\r\n' })
	);
}
