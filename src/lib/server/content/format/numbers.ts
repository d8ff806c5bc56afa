// Numbers as the courses and their readers write them (issue 14): "1.650" and "$1.650" are 1650
// (a dot followed by exactly three digits, after a non-zero whole part, groups thousands),
// "1.650,50" and "1,650.50" are 1650.5, "0,25" and "0.25" are 0.25. Used for participants'
// numeric answers and for the `= value ± tolerance` line of quiz.md; and the way back, to show
// an expected answer the Spanish way ("1.650", "0,25", "entre 3,24 y 3,26"). Pure.

const GROUPED = (sep: string) => new RegExp(`^\\d{1,3}(?:\\${sep}\\d{3})+$`);

/**
 * Reads a number written the Spanish way or the English way. Null when it is not one number
 * (words, two decimal marks, groups that are not of three digits: "1.65.0", "12,34,5").
 * The ambiguous forms are settled as the courses write: "1.650" = 1650, "0.650" = 0.65,
 * "1,650" = 1,65 (a lone comma is always decimal), "1234.567" = 1234.567 (no group of four).
 */
export function parseDecimal(input: string): number | null {
	let s = input
		.trim()
		.replace(/[\s\u00a0\u202f$]/g, '')
		.replace(/%$/, '');
	let sign = '';
	if (/^[-+]/.test(s)) {
		sign = s[0] === '-' ? '-' : '';
		s = s.slice(1);
	}
	if (s === '' || !/^[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
	const lastComma = s.lastIndexOf(',');
	const lastDot = s.lastIndexOf('.');
	let whole: string;
	let fraction = '';
	if (lastComma !== -1 && lastDot !== -1) {
		// Both: the later mark is the decimal one, the other must group thousands.
		const decimal = lastComma > lastDot ? ',' : '.';
		const group = decimal === ',' ? '.' : ',';
		const at = s.lastIndexOf(decimal);
		whole = s.slice(0, at);
		fraction = s.slice(at + 1);
		if (!GROUPED(group).test(whole) || !/^\d*$/.test(fraction)) return null;
		whole = whole.split(group).join('');
	} else if (lastDot !== -1 || lastComma !== -1) {
		const mark = lastDot !== -1 ? '.' : ',';
		const parts = s.split(mark);
		if (parts.length > 2) {
			// "1.650.000" or "1,650,000": several marks can only group thousands.
			if (!GROUPED(mark).test(s)) return null;
			whole = parts.join('');
		} else if (mark === '.' && GROUPED('.').test(s) && Number(parts[0]) !== 0) {
			whole = parts.join('');
		} else {
			[whole, fraction] = parts;
		}
	} else {
		whole = s;
	}
	if (!/^\d*$/.test(whole) || (whole === '' && fraction === '')) return null;
	const n = Number(`${sign}${whole || '0'}.${fraction || '0'}`);
	return Number.isFinite(n) ? n : null;
}

function decimalsOf(n: number): number {
	const text = Math.abs(n).toFixed(10).replace(/0+$/, '');
	return Math.min(text.split('.')[1]?.length ?? 0, 6);
}

/** A number the Spanish way: thousands with a dot, decimals with a comma ("1.650,5"). */
export function formatDecimal(n: number, decimals = decimalsOf(n)): string {
	const fixed = Math.abs(n).toFixed(decimals);
	const [whole, fraction] = fixed.split('.');
	const grouped = whole.length > 3 ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.') : whole;
	const sign = n < 0 && Number(fixed) !== 0 ? '-' : '';
	return sign + grouped + (fraction ? `,${fraction}` : '');
}

/** The expected answer of a numeric question: "1.650", "0,25" or "entre 3,24 y 3,26". */
export function formatExpectedNumber(answer: number, tolerance: number): string {
	if (tolerance <= 0) return formatDecimal(answer);
	const decimals = Math.max(decimalsOf(answer), decimalsOf(tolerance));
	return `entre ${formatDecimal(answer - tolerance, decimals)} y ${formatDecimal(answer + tolerance, decimals)}`;
}
