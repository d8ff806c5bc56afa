// The evidence report of one course (issue 17), as administrators and facilitators see it and as
// it is exported: the aggregates of funnel.ts, knowledge-gain.ts and practices.ts, split by each profile
// dimension side by side, with suppression.ts deciding what may be shown. Everything that leaves
// this module is already suppressed; labels are left to the pages (message catalogues).
import type { Course } from '../content/format/types';
import type { Db } from '../db';
import { funnelCounts } from './funnel';
import { knowledgeCounts } from './knowledge-gain';
import type { EvidenceFilter, GroupKey } from './population';
import { practiceCounts } from './practices';
import { suppress, type CellState } from './suppression';
import {
	AGE_BANDS,
	DIMENSIONS,
	GENDERS,
	PROVINCES,
	WAVES,
	type Dimension,
	type Indicator,
	type Survey,
	type Wave
} from './types';

/** Groups beyond the declared answers: "Prefiero no decir", and people with no profile at all. */
export const NOT_SAID = 'no-dice';
export const NO_PROFILE = 'sin-perfil';

export type LineId =
	| 'enrolled'
	| 'started'
	| 'completed'
	| 'beforePeople'
	| 'beforeMean'
	| 'beforePassing'
	| 'afterPeople'
	| 'afterMean'
	| 'afterPassing'
	| 'question';

export type Section = 'funnel' | 'knowledge' | 'practices' | 'business';

/** One figure of one group, after suppression: numbers are null unless `state` is 'shown'. */
export interface Figure {
	state: CellState;
	/** The count of people (or, for a mean, how many it is over). */
	count: number | null;
	/** For shares: the people it is a share of, and the whole percent. */
	base: number | null;
	percent: number | null;
	/** For means: the mean score, 0–100, rounded. */
	mean: number | null;
}

export interface ReportLine {
	id: LineId;
	section: Section;
	kind: 'count' | 'share' | 'mean';
	questionId: string | null;
	questionText: string | null;
	indicator: Indicator | null;
	wave: Wave | null;
	/** cells[0] is everyone; then one per group of the table. */
	cells: Figure[];
}

export interface DimensionTable {
	dimension: Dimension;
	/** Group ids: the declared answer (a province id, 'si'/'no' for born abroad), NOT_SAID, NO_PROFILE. */
	groups: string[];
	lines: ReportLine[];
}

export interface EvidenceReport {
	filter: EvidenceFilter;
	courseId: string;
	/** People in the report; null when under 5 (then nothing else is shown either). */
	people: number | null;
	tables: DimensionTable[];
}

/** The count rows suppression works on; lines are read off them. */
interface CountRow {
	base: number | null;
	line: Omit<ReportLine, 'cells' | 'kind'> & { kind: 'count' | 'share' };
	/** A mean line shown after this count row: the index of its sums. */
	meanOf?: 'before' | 'after';
}

function groupOf(dimension: Dimension, key: GroupKey): string {
	if (!key.profiled) return NO_PROFILE;
	const value =
		dimension === 'gender'
			? key.gender
			: dimension === 'ageBand'
				? key.age_band
				: dimension === 'bornAbroad'
					? key.born_abroad === null
						? null
						: key.born_abroad
							? 'si'
							: 'no'
					: key.province;
	return value ?? NOT_SAID;
}

function groupOrder(dimension: Dimension, groups: string[]): string[] {
	const fixed: readonly string[] =
		dimension === 'gender'
			? GENDERS
			: dimension === 'ageBand'
				? AGE_BANDS
				: dimension === 'bornAbroad'
					? ['si', 'no']
					: Object.keys(PROVINCES).sort((a, b) =>
							PROVINCES[a as keyof typeof PROVINCES].localeCompare(
								PROVINCES[b as keyof typeof PROVINCES],
								'es'
							)
						);
	const rank = (g: string) =>
		g === NOT_SAID
			? 1e6
			: g === NO_PROFILE
				? 1e6 + 1
				: fixed.indexOf(g) < 0
					? 1e5
					: fixed.indexOf(g);
	return [...groups].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

const line = (
	id: LineId,
	section: Section,
	kind: 'count' | 'share',
	extra: Partial<Pick<ReportLine, 'questionId' | 'questionText' | 'indicator' | 'wave'>> = {}
) => ({
	id,
	section,
	kind,
	questionId: null,
	questionText: null,
	indicator: null,
	wave: null,
	...extra
});

export async function evidenceReport(
	db: Db,
	course: Course,
	survey: Survey | null,
	filter: EvidenceFilter
): Promise<EvidenceReport> {
	const [funnel, knowledge, practices] = await Promise.all([
		funnelCounts(db, course, filter),
		knowledgeCounts(db, course, filter),
		survey ? practiceCounts(db, filter) : Promise.resolve([])
	]);

	const rows: CountRow[] = [
		{ base: null, line: line('enrolled', 'funnel', 'count') },
		{ base: 0, line: line('started', 'funnel', 'share') },
		{ base: 0, line: line('completed', 'funnel', 'share') },
		{ base: 0, line: line('beforePeople', 'knowledge', 'count'), meanOf: 'before' },
		{ base: 3, line: line('beforePassing', 'knowledge', 'share') },
		{ base: 0, line: line('afterPeople', 'knowledge', 'count'), meanOf: 'after' },
		{ base: 5, line: line('afterPassing', 'knowledge', 'share') }
	];
	const questionRow = new Map<string, number>();
	for (const section of ['practices', 'business'] as const) {
		for (const q of survey?.questions ?? []) {
			if ((q.indicator !== null) !== (section === 'business')) continue;
			for (const wave of WAVES) {
				const extra = { questionId: q.id, questionText: q.text, indicator: q.indicator, wave };
				questionRow.set(`${q.id}|${wave}`, rows.length);
				// The answered count is the base of the share, not a line of its own.
				rows.push({ base: 0, line: line('question', section, 'count', extra) });
				rows.push({ base: rows.length - 1, line: line('question', section, 'share', extra) });
			}
		}
	}

	// One vector of counts (and score sums) per combination of groups that has anyone in it.
	const cube = new Map<string, { key: GroupKey; counts: number[]; sums: [number, number] }>();
	const cell = (key: GroupKey) => {
		const id = JSON.stringify(key);
		let entry = cube.get(id);
		if (!entry) {
			entry = { key, counts: rows.map(() => 0), sums: [0, 0] };
			cube.set(id, entry);
		}
		return entry;
	};
	for (const f of funnel) {
		const c = cell(f.key).counts;
		c[0] = f.enrolled;
		c[1] = f.started;
		c[2] = f.completed;
	}
	for (const k of knowledge) {
		const e = cell(k.key);
		e.counts[3] = k.before.people;
		e.counts[4] = k.before.passing;
		e.counts[5] = k.after.people;
		e.counts[6] = k.after.passing;
		e.sums = [k.before.scoreSum, k.after.scoreSum];
	}
	for (const p of practices) {
		const r = questionRow.get(`${p.questionId}|${p.wave}`);
		if (r === undefined) continue; // a question no longer in the survey
		const c = cell(p.key).counts;
		c[r] += p.answered;
		c[r + 1] += p.doing;
	}
	const entries = [...cube.values()].filter((e) => e.counts[0] > 0);

	const add = (a: number[], b: number[]) => a.map((x, i) => x + b[i]);
	const totals = entries.reduce(
		(s, e) => add(s, e.counts),
		rows.map(() => 0)
	);
	const totalSums = entries.reduce((s, e) => add(s, e.sums), [0, 0]);
	const byDimension = DIMENSIONS.map((dimension) => {
		const groups = new Map<string, { counts: number[]; sums: number[] }>();
		// Every group of a short fixed list is a column even when empty: a column that appears or
		// vanishes when one person joins or leaves would tell what that person declared.
		if (dimension !== 'province') {
			const fixed =
				dimension === 'gender' ? GENDERS : dimension === 'ageBand' ? AGE_BANDS : ['si', 'no'];
			for (const g of [...fixed, NOT_SAID, NO_PROFILE])
				groups.set(g, { counts: rows.map(() => 0), sums: [0, 0] });
		}
		for (const e of entries) {
			const g = groupOf(dimension, e.key);
			const prev = groups.get(g) ?? { counts: rows.map(() => 0), sums: [0, 0] };
			groups.set(g, { counts: add(prev.counts, e.counts), sums: add(prev.sums, e.sums) });
		}
		const order = groupOrder(dimension, [...groups.keys()]);
		return { dimension, order, groups: order.map((g) => groups.get(g)!) };
	});

	const states = suppress({
		rows: rows.map((r) => ({ base: r.base })),
		totals,
		dimensions: byDimension.map((d) => d.groups.map((g) => g.counts))
	});

	const figure = (
		r: number,
		counts: number[],
		sums: number[],
		state: CellState[],
		mean: boolean
	): Figure => {
		const row = rows[r];
		if (state[r] !== 'shown')
			return { state: state[r], count: null, base: null, percent: null, mean: null };
		const count = counts[r];
		if (mean) {
			const sum = sums[row.meanOf === 'before' ? 0 : 1];
			return {
				state: 'shown',
				count,
				base: null,
				percent: null,
				mean: count ? Math.round(sum / count) : null
			};
		}
		if (row.line.kind === 'count' || row.base === null)
			return { state: 'shown', count, base: null, percent: null, mean: null };
		const base = counts[row.base];
		return {
			state: 'shown',
			count,
			base,
			percent: base ? Math.round((100 * count) / base) : null,
			mean: null
		};
	};

	const tables: DimensionTable[] = byDimension.map((d, di) => {
		const columns = [
			{ counts: totals, sums: totalSums, state: states.totals },
			...d.groups.map((g, gi) => ({ ...g, state: states.dimensions[di][gi] }))
		];
		const lines: ReportLine[] = [];
		rows.forEach((row, r) => {
			// Answered counts are bases of the share after them, shown inside it.
			const isBase = row.line.id === 'question' && row.line.kind === 'count';
			if (!isBase)
				lines.push({
					...row.line,
					cells: columns.map((c) => figure(r, c.counts, c.sums, c.state, false))
				});
			if (row.meanOf)
				lines.push({
					...row.line,
					id: row.meanOf === 'before' ? 'beforeMean' : 'afterMean',
					kind: 'mean',
					cells: columns.map((c) => figure(r, c.counts, c.sums, c.state, true))
				});
		});
		return { dimension: d.dimension, groups: d.order, lines };
	});

	return {
		filter,
		courseId: course.id,
		people: states.totals[0] === 'shown' ? totals[0] : null,
		tables
	};
}
