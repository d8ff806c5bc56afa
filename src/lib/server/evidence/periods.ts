// Date ranges of the evidence filters are widened to whole "periods": runs of enrolment days that
// together hold at least MIN_GROUP people of the filtered population. Two ranges then always differ
// by whole periods, never by one to four people, so comparing the figures of two ranges a day
// apart cannot single out who enrolled in between (suppression.ts only guards one table).
import { sql } from 'kysely';
import type { Db } from '../db';
import { population, type EvidenceFilter } from './population';
import { MIN_GROUP } from './types';

const dayAfter = (day: string) =>
	new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The last day of each period, in order, from enrolments per day: a period closes once it holds
 * MIN_GROUP people; a short last run joins the period before it.
 */
export function periodEnds(days: { day: string; people: number }[]): string[] {
	const ends: string[] = [];
	let held = 0;
	let last: string | null = null;
	for (const { day, people } of [...days].sort((a, b) => a.day.localeCompare(b.day))) {
		held += people;
		last = day;
		if (held >= MIN_GROUP) {
			ends.push(day);
			held = 0;
		}
	}
	if (held > 0 && last) {
		if (ends.length > 0) ends[ends.length - 1] = last;
		else ends.push(last);
	}
	return ends;
}

/** `from`/`to` moved out to period edges (`ends` from periodEnds); null is "open". */
export function alignToPeriods(
	range: { from: string | null; to: string | null },
	ends: string[]
): { from: string | null; to: string | null } {
	if (ends.length === 0) return range;
	let from = range.from;
	if (from !== null) {
		const i = ends.findIndex((end) => from! <= end);
		// Past every enrolment the range is empty whatever it says; before the first, it is open.
		if (i === 0) from = null;
		else if (i > 0) from = dayAfter(ends[i - 1]);
	}
	let to = range.to;
	if (to !== null) {
		const i = ends.findIndex((end) => to! <= end);
		to = i === -1 || i === ends.length - 1 ? null : ends[i];
	}
	return { from, to };
}

/** The filter with its dates widened to whole periods of its own population. */
export async function alignDates(db: Db, filter: EvidenceFilter): Promise<EvidenceFilter> {
	if (filter.from === null && filter.to === null) return filter;
	const everyone = population(db, { ...filter, from: null, to: null })
		.select(sql<string>`substr(e.enrolled_at, 1, 10)`.as('day'))
		.as('pop');
	const rows = await db
		.selectFrom(everyone)
		.select(['pop.day', (eb) => eb.fn.countAll().as('people')])
		.groupBy('pop.day')
		.execute();
	const ends = periodEnds(rows.map((r) => ({ day: r.day, people: Number(r.people) })));
	return { ...filter, ...alignToPeriods(filter, ends) };
}
