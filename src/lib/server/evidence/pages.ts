// What the evidence pages and exports need (issue 17), in one call each, so routes stay thin: the
// filter from the query string, the choices of the filter form, and the suppressed report in words.
import { m } from '$lib/paraglide/messages.js';
import { allCourses, findCourse, findSurvey } from '../content';
import type { Course } from '../content/format/types';
import type { Db } from '../db';
import type { CohortRow } from '../db/schema';
import { classOptions, cohortMonths, filterQuery, parseFilter, type ClassOption } from './filters';
import { widenSmallComplements } from './narrowing';
import { alignDates } from './periods';
import type { EvidenceFilter } from './population';
import { evidenceReport } from './report';
import { reportView, type ReportView } from './view';

export interface EvidencePage {
	courses: { id: string; title: string }[];
	classes: ClassOption[];
	cohorts: string[];
	filter: EvidenceFilter;
	invalid: boolean;
	/** A class or cohort so close to the wider view that the wider one is shown (narrowing.ts). */
	widened: boolean;
	/** The filter as a query string, for the export and summary links. */
	query: string;
	/** The filter in words, for printouts and the exports' notes. */
	filterText: string;
	courseTitle: string;
	view: ReportView | null;
}

function describe(filter: EvidenceFilter, course: Course | undefined, classes: ClassOption[]) {
	const any = m.evidence_report_any();
	return m.evidence_report_filter_text({
		course: course?.title ?? filter.courseId,
		class: classes.find((c) => c.id === filter.classId)?.name ?? any,
		cohort: filter.cohort ?? any,
		from: filter.from ?? '…',
		to: filter.to ?? '…'
	});
}

export async function evidencePage(db: Db, params: URLSearchParams): Promise<EvidencePage> {
	const courses = allCourses();
	const classes = await classOptions(db);
	const parsed = parseFilter(params, courses, classes);
	const { invalid } = parsed;
	const { filter, widened } = await widenSmallComplements(
		db,
		await alignDates(db, parsed.filter),
		classes
	);
	const course = findCourse(filter.courseId);
	const view = course
		? reportView(await evidenceReport(db, course, findSurvey(course.id) ?? null, filter))
		: null;
	return {
		courses: courses.map((c) => ({ id: c.id, title: c.title })),
		classes,
		cohorts: cohortMonths(classes, filter.courseId),
		filter,
		invalid,
		widened,
		query: filterQuery(filter),
		filterText: describe(filter, course, classes),
		courseTitle: course?.title ?? '',
		view
	};
}

/** What a class's facilitator sees of its evidence (classEvidence). */
export type ClassEvidenceView = Pick<ReportView, 'people' | 'funnel' | 'knowledge'>;

/**
 * One class's own evidence, for its facilitator: how many started and finished, and the module
 * quizzes' results, for the whole class, with the same suppression. Nothing they could not already
 * read person by person on the class's pages: no profile groups, no practice surveys, no pre-course
 * check. A facilitator can put accounts they control into a class (accounts the class creates, or
 * sign-ups of their own) and take their known answers away from the class's figures, which leaves
 * one person's answer, small-cell rule or not (two hostile reviews did exactly that). Those figures
 * are in the programme's report (/admin/evidencia), across classes.
 */
export async function classEvidence(
	db: Db,
	cohort: CohortRow,
	course: Course
): Promise<ClassEvidenceView> {
	const filter: EvidenceFilter = {
		courseId: course.id,
		classId: cohort.id,
		cohort: null,
		from: null,
		to: null
	};
	const { people, funnel, knowledge } = reportView(await evidenceReport(db, course, null, filter));
	return {
		people,
		funnel,
		knowledge: knowledge.map((group) => ({
			...group,
			bars: group.bars.filter((bar) => bar.moment === 'after')
		}))
	};
}

/** A file name for an export: the course and what narrows it, in plain characters. */
export function exportName(page: EvidencePage, extension: string): string {
	const parts = [
		'evidencia',
		page.filter.courseId,
		page.filter.classId ? 'clase' : null,
		page.filter.cohort,
		page.filter.from,
		page.filter.to
	];
	return `${parts
		.filter(Boolean)
		.join('-')
		.replace(/[^\w-]+/g, '-')}.${extension}`;
}
