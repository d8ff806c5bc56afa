import { describe, expect, it } from 'vitest';
import { alignToPeriods, periodEnds } from '../../src/lib/server/evidence/periods';

// 36 people enrolled up to 28 November, then Ana alone on the 29th (the hostile review's case).
const days = [
	{ day: '2026-04-02', people: 12 },
	{ day: '2026-06-10', people: 3 },
	{ day: '2026-07-01', people: 4 },
	{ day: '2026-09-15', people: 9 },
	{ day: '2026-11-28', people: 8 },
	{ day: '2026-11-29', people: 1 }
];

describe('evidence date ranges widened to whole periods', () => {
	it('closes a period once it holds five people; a short last run joins the one before', () => {
		expect(periodEnds(days)).toEqual(['2026-04-02', '2026-07-01', '2026-09-15', '2026-11-29']);
		expect(periodEnds([{ day: '2026-01-01', people: 2 }])).toEqual(['2026-01-01']);
		expect(periodEnds([])).toEqual([]);
	});

	it('two ranges a day apart cover the same people: one enrolment cannot be singled out', () => {
		const ends = periodEnds(days);
		const before = alignToPeriods({ from: '2026-04-01', to: '2026-11-28' }, ends);
		const after = alignToPeriods({ from: '2026-04-01', to: '2026-11-29' }, ends);
		expect(before).toEqual(after);
		// A range cutting a period in two takes the whole period: 3 + 4 people, never 3.
		expect(alignToPeriods({ from: '2026-06-01', to: '2026-06-30' }, ends)).toEqual({
			from: '2026-04-03',
			to: '2026-07-01'
		});
	});

	it('any two widened ranges differ by nobody or by at least five people', () => {
		const ends = periodEnds(days);
		const covered = (r: { from: string | null; to: string | null }) =>
			days.filter((d) => (r.from === null || d.day >= r.from) && (r.to === null || d.day <= r.to));
		const edges = ['2026-01-01', ...days.map((d) => d.day), '2026-06-11', '2026-12-31'];
		const ranges = edges.flatMap((from) =>
			edges.filter((to) => from <= to).map((to) => covered(alignToPeriods({ from, to }, ends)))
		);
		for (const a of ranges)
			for (const b of ranges) {
				const apart = [...a.filter((d) => !b.includes(d)), ...b.filter((d) => !a.includes(d))];
				const people = apart.reduce((sum, d) => sum + d.people, 0);
				expect(people === 0 || people >= 5).toBe(true);
			}
	});
});
