// The filters of the evidence pages and exports (issue 17), read from the query string so that a
// plain GET form works without JavaScript and an export link repeats exactly what the page shows:
// curso, clase, cohorte (YYYY-MM, the month a class started), desde and hasta (enrolment dates).
import * as v from 'valibot';
import type { Course } from '../content/format/types';
import type { Db } from '../db';
import type { EvidenceFilter } from './population';

export interface ClassOption {
	id: string;
	name: string;
	courseId: string;
	startsOn: string;
}

/** Every class, newest first, for the class and cohort choices. */
export async function classOptions(db: Db): Promise<ClassOption[]> {
	const rows = await db
		.selectFrom('cohorts')
		.select(['id', 'name', 'course_id', 'starts_on'])
		.orderBy('starts_on', 'desc')
		.orderBy('name')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		courseId: r.course_id,
		startsOn: r.starts_on
	}));
}

/** The months in which some class of `courseId` started, newest first. */
export function cohortMonths(classes: ClassOption[], courseId: string): string[] {
	const months = classes.filter((c) => c.courseId === courseId).map((c) => c.startsOn.slice(0, 7));
	return [...new Set(months)].sort().reverse();
}

const day = v.pipe(
	v.string(),
	v.regex(/^\d{4}-\d{2}-\d{2}$/),
	v.check(
		(s) =>
			!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
			new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
	)
);
const month = v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/));

export interface ParsedFilter {
	filter: EvidenceFilter;
	/** Some value was refused (and left out of the filter). */
	invalid: boolean;
}

/**
 * The filter a query string asks for. A class decides the course (the class's own); anything
 * that does not parse or does not exist is left out, and `invalid` says so.
 */
export function parseFilter(
	params: URLSearchParams,
	courses: Pick<Course, 'id'>[],
	classes: ClassOption[]
): ParsedFilter {
	let invalid = false;
	const read = (name: string) => {
		const value = params.get(name)?.trim() ?? '';
		return value === '' ? null : value.slice(0, 100);
	};
	const parsed = <T>(schema: v.GenericSchema<string, T>, value: string | null): T | null => {
		if (value === null) return null;
		const result = v.safeParse(schema, value);
		if (!result.success) invalid = true;
		return result.success ? result.output : null;
	};
	let courseId = read('curso');
	if (courseId !== null && !courses.some((c) => c.id === courseId)) {
		invalid = true;
		courseId = null;
	}
	const classId = read('clase');
	const cls = classId === null ? undefined : classes.find((c) => c.id === classId);
	if (classId !== null && !cls) invalid = true;
	let from = parsed(day, read('desde'));
	let to = parsed(day, read('hasta'));
	if (from && to && from > to) {
		invalid = true;
		[from, to] = [null, null];
	}
	return {
		filter: {
			courseId: cls?.courseId ?? courseId ?? courses[0]?.id ?? '',
			classId: cls?.id ?? null,
			cohort: parsed(month, read('cohorte')),
			from,
			to
		},
		invalid
	};
}

/** The query string that asks for `filter` (for export and summary links). */
export function filterQuery(filter: EvidenceFilter): string {
	const params = new URLSearchParams({ curso: filter.courseId });
	if (filter.classId) params.set('clase', filter.classId);
	if (filter.cohort) params.set('cohorte', filter.cohort);
	if (filter.from) params.set('desde', filter.from);
	if (filter.to) params.set('hasta', filter.to);
	return params.toString();
}
