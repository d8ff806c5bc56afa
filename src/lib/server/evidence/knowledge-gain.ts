// Knowledge before and after a course (issue 17): the pre-course check (knowledge_checks, one per
// person, skipped ones left out) and the module quizzes (each person's best score per module,
// averaged over the modules they tried). "Passing" is the pre check's own verdict before, and an
// average of at least the course's pass score after. Per combination of profile groups.
import { sql } from 'kysely';
import type { Course } from '../content/format/types';
import type { Db } from '../db';
import { GROUP_COLUMNS, keyOf, population, type EvidenceFilter, type GroupKey } from './population';

export interface KnowledgeCounts {
	key: GroupKey;
	/** People with a score, the sum of their scores (0–100) and how many passed. */
	before: { people: number; scoreSum: number; passing: number };
	after: { people: number; scoreSum: number; passing: number };
}

export async function knowledgeCounts(
	db: Db,
	course: Course,
	filter: EvidenceFilter
): Promise<KnowledgeCounts[]> {
	const best = db
		.selectFrom('quiz_attempts')
		.select(['user_id', 'module_id', (eb) => eb.fn.max('score').as('best')])
		.where('course_id', '=', course.id)
		.where('submitted_at', 'is not', null)
		.where('score', 'is not', null)
		.groupBy(['user_id', 'module_id']);
	const after = db
		.selectFrom(best.as('b'))
		.select(['b.user_id', sql<number>`avg(b.best)`.as('score')])
		.groupBy('b.user_id');
	const before = db
		.selectFrom('knowledge_checks')
		.select(['user_id', 'score', 'passed'])
		.where('course_id', '=', course.id)
		.where('skipped', '=', 0)
		.where('score', 'is not', null);
	const rows = await db
		.selectFrom(population(db, filter).as('pop'))
		.leftJoin(before.as('k'), 'k.user_id', 'pop.user_id')
		.leftJoin(after.as('a'), 'a.user_id', 'pop.user_id')
		.select([
			...GROUP_COLUMNS,
			(eb) => eb.fn.count<number>('k.score').as('before_people'),
			(eb) => eb.fn.sum<number>('k.score').as('before_sum'),
			sql<number>`sum(case when k.passed = 1 then 1 else 0 end)`.as('before_passing'),
			(eb) => eb.fn.count<number>('a.score').as('after_people'),
			(eb) => eb.fn.sum<number>('a.score').as('after_sum'),
			sql<number>`sum(case when a.score >= ${course.passScore} then 1 else 0 end)`.as(
				'after_passing'
			)
		])
		.groupBy([...GROUP_COLUMNS])
		.execute();
	return rows.map((r) => ({
		key: keyOf(r),
		before: {
			people: Number(r.before_people),
			scoreSum: Number(r.before_sum ?? 0),
			passing: Number(r.before_passing ?? 0)
		},
		after: {
			people: Number(r.after_people),
			scoreSum: Number(r.after_sum ?? 0),
			passing: Number(r.after_passing ?? 0)
		}
	}));
}
