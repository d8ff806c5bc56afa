// The suppression rule of the evidence reports: no figure about 1–4 people, and no hidden figure
// that the total and the shown figures give back by subtraction.
import { describe, expect, it } from 'vitest';
import { suppress, worksOut, type CellState } from '../../src/lib/server/evidence/suppression';

/** One dimension, rows = [people, did it (share of people)]. */
function oneDimension(groups: [number, number][]) {
	const totals = [0, 1].map((r) => groups.reduce((s, g) => s + g[r], 0));
	return suppress({
		rows: [{ base: null }, { base: 0 }],
		totals,
		dimensions: [groups.map((g) => [...g])]
	});
}

/** What a reader can work out of a row: total minus the shown groups. */
function leftOver(values: number[], total: number, states: CellState[]) {
	return total - values.reduce((s, v, i) => s + (states[i] === 'shown' ? v : 0), 0);
}

describe('suppression', () => {
	it('shows groups of 5 or more whole', () => {
		const result = oneDimension([
			[12, 7],
			[8, 5]
		]);
		expect(result.totals).toEqual(['shown', 'shown']);
		expect(result.dimensions[0]).toEqual([
			['shown', 'shown'],
			['shown', 'shown']
		]);
	});

	it('a group under 5 shows nothing, and the next-smallest group is hidden so the total does not give it back', () => {
		// mujer 12, hombre 3, prefiero no decir 6: total 21. Without the second step,
		// 21 − 12 − 6 = 3 hombres.
		const groups: [number, number][] = [
			[12, 9],
			[3, 2],
			[6, 5]
		];
		const result = oneDimension(groups);
		const [mujer, hombre, noDice] = result.dimensions[0];
		expect(hombre).toEqual(['small', 'small']);
		expect(noDice).toEqual(['hidden', 'hidden']);
		expect(mujer).toEqual(['shown', 'shown']);
		expect(result.totals).toEqual(['shown', 'shown']);
		// What subtraction gives is the sum of two hidden groups, never one of them.
		const people = groups.map((g) => g[0]);
		expect(leftOver(people, 21, [mujer[0], hombre[0], noDice[0]])).toBe(3 + 6);
	});

	it('a count under 5 inside a big group is "menos de 5", and its row hides one more group', () => {
		// 20 and 30 people; 2 and 25 did it.
		const result = oneDimension([
			[20, 2],
			[30, 25]
		]);
		expect(result.dimensions[0][0]).toEqual(['shown', 'small']);
		expect(result.dimensions[0][1]).toEqual(['shown', 'hidden']);
		expect(result.totals).toEqual(['shown', 'shown']);
	});

	it('two "menos de 5" that add up to 8 would both be 4: another group is hidden', () => {
		const result = oneDimension([
			[10, 4],
			[10, 4],
			[10, 6]
		]);
		expect(result.dimensions[0].map((c) => c[1])).toEqual(['small', 'small', 'hidden']);
	});

	it('two "menos de 5" that do not give each other away need no more', () => {
		const result = oneDimension([
			[10, 3],
			[10, 4],
			[10, 6]
		]);
		expect(result.dimensions[0].map((c) => c[1])).toEqual(['small', 'small', 'shown']);
	});

	it('a total under 5 is "menos de 5", and so is every group', () => {
		const result = oneDimension([
			[2, 1],
			[1, 0]
		]);
		expect(result.totals).toEqual(['small', 'small']);
		expect(result.dimensions[0]).toEqual([
			['small', 'small'],
			['small', 'small']
		]);
	});

	it('with no group to hide, the total of that row is hidden in every dimension', () => {
		// Five provinces of one person each: total 5 would say each has exactly one.
		const provinces = [1, 1, 1, 1, 1].map((n) => [n]);
		const gender = [[5], [0]];
		const result = suppress({
			rows: [{ base: null }],
			totals: [5],
			dimensions: [gender, provinces]
		});
		expect(result.totals).toEqual(['hidden']);
		// The gender row shown whole would rebuild the total: one group hidden there.
		expect(result.dimensions[0][0]).toEqual(['hidden']);
		expect(result.dimensions[1].every((c) => c[0] === 'small')).toBe(true);
	});

	it('shares of a hidden base are hidden too', () => {
		const result = suppress({
			rows: [{ base: null }, { base: 0 }, { base: 1 }],
			totals: [40, 30, 20],
			dimensions: [
				[
					[3, 3, 2],
					[37, 27, 18]
				]
			]
		});
		expect(result.dimensions[0][0]).toEqual(['small', 'small', 'small']);
		expect(result.dimensions[0][1]).toEqual(['hidden', 'hidden', 'hidden']);
	});

	it('works out a single hidden value from a sum and ranges', () => {
		expect(worksOut(3, [{ low: 1, high: 4 }])).toBe(true);
		expect(
			worksOut(8, [
				{ low: 1, high: 4 },
				{ low: 1, high: 4 }
			])
		).toBe(true);
		expect(
			worksOut(2, [
				{ low: 1, high: 4 },
				{ low: 1, high: 4 }
			])
		).toBe(true);
		expect(
			worksOut(5, [
				{ low: 1, high: 4 },
				{ low: 1, high: 4 }
			])
		).toBe(false);
		expect(
			worksOut(9, [
				{ low: 1, high: 4 },
				{ low: 0, high: Infinity }
			])
		).toBe(false);
	});

	it('a row where nobody did it shows its total of 0', () => {
		const result = oneDimension([
			[12, 0],
			[3, 0],
			[6, 0]
		]);
		expect(result.totals).toEqual(['shown', 'shown']);
		expect(result.dimensions[0].map((c) => c[1])).toEqual(['shown', 'small', 'small']);
	});
});
