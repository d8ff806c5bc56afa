// Platform figures for administrators, computed with SQL aggregates (never by loading every row).
import { sql } from 'kysely';
import type { Db } from '../db';
import type { Course } from '../content/format/types';

const DAY = 24 * 60 * 60 * 1000;

export interface PlatformStats {
	participants: number;
	active7: number;
	active30: number;
	enrolments: number;
	lessonCompletions: number;
	certificates: number;
	attempts: number;
	passedAttempts: number;
}

async function activeSince(db: Db, since: string): Promise<number> {
	const row = await db
		.selectFrom(
			db
				.selectFrom('lesson_progress')
				.select('user_id')
				.where('completed_at', '>=', since)
				.union(db.selectFrom('quiz_attempts').select('user_id').where('submitted_at', '>=', since))
				.as('active')
		)
		.select((eb) => eb.fn.count<number>('active.user_id').as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function platformStats(db: Db, now = new Date()): Promise<PlatformStats> {
	const count = async (table: 'enrollments' | 'lesson_progress') =>
		Number(
			(
				await db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	const [participants, active7, active30, enrolments, lessonCompletions, certificates, attempts] =
		await Promise.all([
			db
				.selectFrom('users')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('role', '=', 'participant')
				.executeTakeFirstOrThrow(),
			activeSince(db, new Date(now.getTime() - 7 * DAY).toISOString()),
			activeSince(db, new Date(now.getTime() - 30 * DAY).toISOString()),
			count('enrollments'),
			count('lesson_progress'),
			db
				.selectFrom('certificates')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('revoked_at', 'is', null)
				.executeTakeFirstOrThrow(),
			db
				.selectFrom('quiz_attempts')
				.select((eb) => [
					eb.fn.countAll<number>().as('n'),
					eb.fn.sum<number>('passed').as('passed')
				])
				.where('submitted_at', 'is not', null)
				.where('not_counted_reason', 'is', null)
				.executeTakeFirstOrThrow()
		]);
	return {
		participants: Number(participants.n),
		active7,
		active30,
		enrolments,
		lessonCompletions,
		certificates: Number(certificates.n),
		attempts: Number(attempts.n),
		passedAttempts: Number(attempts.passed ?? 0)
	};
}

export interface Funnel {
	courseId: string;
	enrolled: number;
	started: number;
	lessonsDone: number;
	certified: number;
}

/** Per course: enrolled → read at least one lesson → read every lesson → certified. */
export async function courseFunnel(db: Db, course: Course): Promise<Funnel> {
	const lessonIds = course.lessons.map((l) => l.id);
	const perUser = db
		.selectFrom('lesson_progress')
		.select('user_id')
		.where('course_id', '=', course.id)
		.where('lesson_id', 'in', lessonIds.length ? lessonIds : [''])
		.groupBy('user_id');
	const [enrolled, started, finished, certified] = await Promise.all([
		db
			.selectFrom('enrollments')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('course_id', '=', course.id)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom(perUser.as('s'))
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow(),
		db
			.selectFrom(perUser.having((eb) => eb.fn.countAll(), '>=', lessonIds.length).as('f'))
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('certificates')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('course_id', '=', course.id)
			.where('revoked_at', 'is', null)
			.executeTakeFirstOrThrow()
	]);
	return {
		courseId: course.id,
		enrolled: Number(enrolled.n),
		started: Number(started.n),
		lessonsDone: Number(finished.n),
		certified: Number(certified.n)
	};
}

export interface ModuleQuizStats {
	moduleId: string;
	attempts: number;
	passed: number;
	passRate: number | null;
}

export async function quizPassRates(db: Db, course: Course): Promise<ModuleQuizStats[]> {
	const rows = await db
		.selectFrom('quiz_attempts')
		.select((eb) => [
			'module_id',
			eb.fn.countAll<number>().as('attempts'),
			eb.fn.sum<number>('passed').as('passed')
		])
		.where('course_id', '=', course.id)
		.where('submitted_at', 'is not', null)
		.where('not_counted_reason', 'is', null)
		.groupBy('module_id')
		.execute();
	return course.modules.map((m) => {
		const row = rows.find((r) => r.module_id === m.id);
		const attempts = Number(row?.attempts ?? 0);
		const passed = Number(row?.passed ?? 0);
		return {
			moduleId: m.id,
			attempts,
			passed,
			passRate: attempts ? Math.round((100 * passed) / attempts) : null
		};
	});
}

export interface QuestionStats {
	questionId: string;
	answered: number;
	wrong: number;
	failRate: number;
}

/** The questions of a module's quiz, most often failed first. */
export async function hardestQuestions(
	db: Db,
	courseId: string,
	moduleId: string,
	limit = 5
): Promise<QuestionStats[]> {
	const wrong = sql<number>`sum(case when correct = 0 then 1 else 0 end)`;
	const rows = await db
		.selectFrom('quiz_question_results')
		.select((eb) => ['question_id', eb.fn.countAll<number>().as('answered'), wrong.as('wrong')])
		.where('course_id', '=', courseId)
		.where('module_id', '=', moduleId)
		.groupBy('question_id')
		.orderBy(sql`${wrong} * 1.0 / count(*)`, 'desc')
		.orderBy('question_id')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		questionId: r.question_id,
		answered: Number(r.answered),
		wrong: Number(r.wrong),
		failRate: Math.round((100 * Number(r.wrong)) / Number(r.answered))
	}));
}
