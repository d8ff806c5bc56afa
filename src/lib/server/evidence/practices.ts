// Practices and business indicators (issue 17): for each question of a course's survey and each
// wave (inicio, final, seguimiento), how many people answered and how many chose an option that
// counts as doing the practice (or, for the indicator questions, having started or formalised a
// business). Skipped waves have no answers and count nowhere. Per combination of profile groups.
import type { Db } from '../db';
import { GROUP_COLUMNS, keyOf, population, type EvidenceFilter, type GroupKey } from './population';

export interface PracticeCounts {
	key: GroupKey;
	questionId: string;
	wave: string;
	answered: number;
	doing: number;
}

export async function practiceCounts(db: Db, filter: EvidenceFilter): Promise<PracticeCounts[]> {
	const rows = await db
		.selectFrom(population(db, filter).as('pop'))
		.innerJoin('survey_responses as r', 'r.user_id', 'pop.user_id')
		.innerJoin('survey_answers as a', 'a.response_id', 'r.id')
		.select([
			...GROUP_COLUMNS,
			'a.question_id',
			'r.wave',
			(eb) => eb.fn.countAll<number>().as('answered'),
			(eb) => eb.fn.sum<number>('a.is_practice').as('doing')
		])
		.where('r.course_id', '=', filter.courseId)
		.where('r.skipped', '=', 0)
		.groupBy([...GROUP_COLUMNS, 'a.question_id', 'r.wave'])
		.execute();
	return rows.map((r) => ({
		key: keyOf(r),
		questionId: r.question_id,
		wave: r.wave,
		answered: Number(r.answered),
		doing: Number(r.doing ?? 0)
	}));
}
