// Who an evidence report is about: the participants enrolled in one course, narrowed by class,
// cohort (the month their class started) and enrolment dates, each with the profile groups they
// declared. The aggregate queries (funnel, knowledge, practices) all start from this subquery and
// group by its profile columns, so the database does the counting and returns one row per
// combination of groups, never one per person.
import { sql } from 'kysely';
import type { Db } from '../db';

export interface EvidenceFilter {
	courseId: string;
	/** One class (cohorts.id) of the course. */
	classId: string | null;
	/** YYYY-MM: the classes of the course that started that month. */
	cohort: string | null;
	/** YYYY-MM-DD, enrolment dates, both days included. */
	from: string | null;
	to: string | null;
}

/** The profile columns every aggregate groups by; `profiled` is 0 for people with no profile. */
export interface GroupKey {
	profiled: number;
	gender: string | null;
	age_band: string | null;
	born_abroad: number | null;
	province: string | null;
}

export const GROUP_COLUMNS = [
	'pop.profiled',
	'pop.gender',
	'pop.age_band',
	'pop.born_abroad',
	'pop.province'
] as const;

const nextDay = (day: string) =>
	new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

function nextMonth(month: string): string {
	const [y, m] = month.split('-').map(Number);
	return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** One row per participant enrolled in the course who matches the filter. */
export function population(db: Db, filter: EvidenceFilter) {
	let query = db
		.selectFrom('enrollments as e')
		.innerJoin('users as u', 'u.id', 'e.user_id')
		.leftJoin('participant_profiles as p', 'p.user_id', 'e.user_id')
		.select([
			'e.user_id as user_id',
			sql<number>`case when p.user_id is null then 0 else 1 end`.as('profiled'),
			'p.gender as gender',
			'p.age_band as age_band',
			'p.born_abroad as born_abroad',
			'p.province as province'
		])
		.where('e.course_id', '=', filter.courseId)
		.where('u.role', '=', 'participant');
	if (filter.from) query = query.where('e.enrolled_at', '>=', filter.from);
	if (filter.to) query = query.where('e.enrolled_at', '<', nextDay(filter.to));
	const { classId, cohort } = filter;
	if (classId || cohort) {
		// Members now or taken out since (cohort_former_members): removing someone does not move
		// the class's figures, so it cannot single them out.
		const classes = db
			.selectFrom('cohorts as c')
			.select('c.id')
			.where('c.course_id', '=', filter.courseId)
			.$if(classId !== null, (q) => q.where('c.id', '=', classId!))
			.$if(cohort !== null, (q) =>
				q
					.where('c.starts_on', '>=', `${cohort}-01`)
					.where('c.starts_on', '<', `${nextMonth(cohort!)}-01`)
			);
		query = query.where((eb) =>
			eb.or([
				eb.exists(
					eb
						.selectFrom('cohort_members as cm')
						.select(sql<number>`1`.as('one'))
						.whereRef('cm.user_id', '=', 'e.user_id')
						.where('cm.cohort_id', 'in', classes)
				),
				eb.exists(
					eb
						.selectFrom('cohort_former_members as fm')
						.select(sql<number>`1`.as('one'))
						.whereRef('fm.user_id', '=', 'e.user_id')
						.where('fm.cohort_id', 'in', classes)
				)
			])
		);
	}
	return query;
}

/** The group key of an aggregate row, with PostgreSQL's numeric strings made numbers. */
export function keyOf(row: GroupKey): GroupKey {
	return {
		profiled: Number(row.profiled),
		gender: row.gender,
		age_band: row.age_band,
		born_abroad: row.born_abroad === null ? null : Number(row.born_abroad),
		province: row.province
	};
}
