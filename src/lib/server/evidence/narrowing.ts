// A class or cohort filter that leaves out only one to four people of the wider view it narrows
// (the class's cohort month, then the whole course) would let anyone subtract the two views and
// read those few people's figures. Such a filter is widened to the wider view; the page says so.
import { sql } from 'kysely';
import type { Db } from '../db';
import type { ClassOption } from './filters';
import { population, type EvidenceFilter } from './population';
import { MIN_GROUP } from './types';

async function people(db: Db, filter: EvidenceFilter): Promise<number> {
	const row = await db
		.selectFrom(population(db, filter).as('pop'))
		.select(sql<number>`count(*)`.as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** The views a filter narrows, from the nearest to the widest (same course and dates). */
export function widerViews(filter: EvidenceFilter, classes: ClassOption[]): EvidenceFilter[] {
	const views: EvidenceFilter[] = [];
	if (filter.classId) {
		const month = classes.find((c) => c.id === filter.classId)?.startsOn.slice(0, 7) ?? null;
		if (month) views.push({ ...filter, classId: null, cohort: month });
	}
	if (filter.classId || filter.cohort) views.push({ ...filter, classId: null, cohort: null });
	return views;
}

/** `filter`, or the nearest wider view when it differs from one by fewer than MIN_GROUP people. */
export async function widenSmallComplements(
	db: Db,
	filter: EvidenceFilter,
	classes: ClassOption[]
): Promise<{ filter: EvidenceFilter; widened: boolean }> {
	let current = filter;
	let count = await people(db, current);
	let widened = false;
	for (const wider of widerViews(filter, classes)) {
		const n = await people(db, wider);
		if (n - count > 0 && n - count < MIN_GROUP) {
			current = wider;
			count = n;
			widened = true;
		}
	}
	return { filter: current, widened };
}
