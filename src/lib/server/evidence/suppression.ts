// Small-cell suppression of the evidence tables (issue 17): which figures may be shown, which read
// "menos de 5" and which are hidden so that no hidden figure can be worked out by subtraction.
// Pure functions over counts; the aggregation (SQL) and the pages never decide this themselves.
//
// The tables: one column per group of a dimension (gender, age band, born abroad, province; "Prefiero
// no decir" and "Sin perfil" are groups of their own), plus a Total column shared by every
// dimension. Each row is a count of people (enrolled, started, answered a question, did the
// practice…); a row may have a base row (its share is count / base). In every row of every
// dimension the groups add up to the total.
//
// The rule:
// 1. Primary: a count of 1 to 4 people reads "menos de 5" (`small`). A group of fewer than 5
//    people shows none of its figures (all "menos de 5": none can be 5 or more). Zero is shown.
// 2. Shares: a figure whose base is not shown is not shown either (a share and its count would
//    give the base back).
// 3. Complementary: in each row, total − shown groups = the sum of the hidden groups. A hidden
//    figure must not follow from that sum and what readers know of each hidden cell ("menos de 5"
//    is 1–4, or 0–4 in a group that is itself under 5; "oculto" is any number). When one would
//    (e.g. a single "menos de 5" in a row, or two "menos de 5" adding up to 8), the smallest shown
//    group of 5 or more in that row is hidden too (`hidden`, shown "oculto"); a group whose size
//    is hidden is hidden whole. If the row has no such group, the row's total is hidden, in every
//    dimension, and each dimension then hides one more group so the total cannot be rebuilt.
// 4. Repeat until nothing changes.
// A row whose total is 0 is shown as it is: nobody in any group did it.
// What is not covered: differences between rows of one column (enrolled − started = did not
// start) are not cells of the report; they may be under 5.

export const MIN_PEOPLE = 5;

export type CellState = 'shown' | 'small' | 'hidden';

export interface SuppressionRow {
	/** Index of the row this one is a share of; null for none. Row 0 is the group sizes. */
	base: number | null;
}

export interface SuppressionInput {
	rows: SuppressionRow[];
	/** totals[row] */
	totals: number[];
	/** dimensions[d][column][row]: the groups of each dimension; they add up to the totals. */
	dimensions: number[][][];
}

export interface SuppressionResult {
	totals: CellState[];
	dimensions: CellState[][][];
}

const isSmall = (value: number) => value > 0 && value < MIN_PEOPLE;

/** A figure that must not be shown: "menos de 5" when it is, "oculto" otherwise. */
const conceal = (value: number): CellState => (value < MIN_PEOPLE ? 'small' : 'hidden');

export function suppress(input: SuppressionInput): SuppressionResult {
	const { rows, totals, dimensions } = input;
	const totalState: CellState[] = totals.map((t) => (isSmall(t) ? 'small' : 'shown'));
	const state: CellState[][][] = dimensions.map((columns) =>
		columns.map((values) => values.map((v) => (isSmall(v) ? 'small' : 'shown')))
	);

	/** Rules 1 (whole small groups) and 2 (bases); returns whether anything changed. */
	function cascade(): boolean {
		let changed = false;
		const hide = (states: CellState[], values: number[], i: number) => {
			if (states[i] !== 'shown') return;
			states[i] = conceal(values[i]);
			changed = true;
		};
		rows.forEach((row, r) => {
			if (row.base !== null && totalState[row.base] !== 'shown') hide(totalState, totals, r);
		});
		dimensions.forEach((columns, d) =>
			columns.forEach((values, c) => {
				const states = state[d][c];
				if (states[0] !== 'shown') values.forEach((_, r) => hide(states, values, r));
				rows.forEach((row, r) => {
					if (row.base !== null && states[row.base] !== 'shown') hide(states, values, r);
				});
			})
		);
		return changed;
	}

	/**
	 * Whether a "menos de 5" in row `r` of column `c` may be 0: zeros are shown, except inside a
	 * group under 5 (whose size itself is at least 1: groups with nobody are not columns).
	 */
	const mayBeZero = (d: number, c: number, r: number) => r !== 0 && state[d][c][0] !== 'shown';

	/** Rule 3 for one row of one dimension; returns whether anything changed. */
	function complement(d: number, r: number): boolean {
		const columns = dimensions[d];
		const concealed = columns.map((_, c) => c).filter((c) => state[d][c][r] !== 'shown');
		const pick = () =>
			columns
				.map((values, c) => ({ c, value: values[r] }))
				.filter(({ c, value }) => state[d][c][r] === 'shown' && value >= MIN_PEOPLE)
				.sort((a, b) => a.value - b.value || a.c - b.c)[0];
		if (totalState[r] !== 'shown') {
			// A hidden total must not be rebuilt by adding up a row shown whole.
			if (totalState[r] !== 'hidden' || concealed.length > 0) return false;
			const next = pick();
			if (!next) return false;
			state[d][next.c][r] = 'hidden';
			return true;
		}
		// A total of 0 says nobody did it in any group; hiding it would protect nothing and
		// leave the charts blank.
		if (concealed.length === 0 || totals[r] === 0) return false;
		const shownSum = columns.reduce(
			(sum, values, c) => sum + (state[d][c][r] === 'shown' ? values[r] : 0),
			0
		);
		const bounds = concealed.map((c) => {
			const s = state[d][c][r];
			if (s === 'hidden') return { low: 0, high: Infinity };
			return { low: mayBeZero(d, c, r) ? 0 : 1, high: MIN_PEOPLE - 1 };
		});
		if (!worksOut(totals[r] - shownSum, bounds)) return false;
		const next = pick();
		if (next) state[d][next.c][r] = 'hidden';
		else totalState[r] = 'hidden';
		return true;
	}

	let changed = true;
	while (changed) {
		changed = cascade();
		for (let d = 0; d < dimensions.length; d++) {
			for (let r = 0; r < rows.length; r++) if (complement(d, r)) changed = true;
		}
	}
	return { totals: totalState, dimensions: state };
}

/**
 * Whether some hidden cell's value follows from their sum and each one's known range: cell i lies
 * in [max(low_i, sum − Σ others' high), min(high_i, sum − Σ others' low)]; one value = worked out.
 */
export function worksOut(sum: number, bounds: { low: number; high: number }[]): boolean {
	const lows = bounds.reduce((a, b) => a + b.low, 0);
	const open = bounds.filter((b) => b.high === Infinity).length;
	const finite = bounds.reduce((a, b) => a + (b.high === Infinity ? 0 : b.high), 0);
	return bounds.some(({ low, high }) => {
		const othersOpen = open - (high === Infinity ? 1 : 0) > 0;
		const othersHigh = othersOpen ? Infinity : finite - (high === Infinity ? 0 : high);
		const from = Math.max(low, sum - othersHigh);
		const to = Math.min(high, sum - (lows - low));
		return from >= to;
	});
}
