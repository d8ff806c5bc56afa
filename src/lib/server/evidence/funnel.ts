// The evidence funnel of one course (issue 17): enrolled → started (a lesson read) → completed
// (every lesson read and every module quiz passed, as learning/rules.ts says), counted per
// combination of profile groups.
import { sql } from 'kysely';
import type { Course } from '../content/format/types';
import type { Db } from '../db';
import { GROUP_COLUMNS, keyOf, population, type EvidenceFilter, type GroupKey } from './population';

export interface FunnelCounts {
	key: GroupKey;
	enrolled: number;
	started: number;
	completed: number;
}

export async function funnelCounts(
	db: Db,
	course: Course,
	filter: EvidenceFilter
): Promise<FunnelCounts[]> {
	const lessonIds = course.lessons.map((l) => l.id);
	const quizModules = course.modules.filter((m) => m.quiz).map((m) => m.id);
	const lessons = db
		.selectFrom('lesson_progress')
		.select(['user_id', (eb) => eb.fn.countAll<number>().as('n')])
		.where('course_id', '=', course.id)
		.where('lesson_id', 'in', lessonIds.length ? lessonIds : [''])
		.groupBy('user_id');
	const quizzes = db
		.selectFrom('quiz_attempts')
		.select(['user_id', (eb) => eb.fn.count<number>('module_id').distinct().as('n')])
		.where('course_id', '=', course.id)
		.where('passed', '=', 1)
		.where('module_id', 'in', quizModules.length ? quizModules : [''])
		.groupBy('user_id');
	const rows = await db
		.selectFrom(population(db, filter).as('pop'))
		.leftJoin(lessons.as('l'), 'l.user_id', 'pop.user_id')
		.leftJoin(quizzes.as('q'), 'q.user_id', 'pop.user_id')
		.select([
			...GROUP_COLUMNS,
			(eb) => eb.fn.countAll<number>().as('enrolled'),
			sql<number>`sum(case when l.n > 0 then 1 else 0 end)`.as('started'),
			sql<number>`sum(case when coalesce(l.n, 0) >= ${lessonIds.length} and coalesce(q.n, 0) >= ${quizModules.length} then 1 else 0 end)`.as(
				'completed'
			)
		])
		.groupBy([...GROUP_COLUMNS])
		.execute();
	return rows.map((r) => ({
		key: keyOf(r),
		enrolled: Number(r.enrolled),
		started: Number(r.started),
		completed: Number(r.completed)
	}));
}
