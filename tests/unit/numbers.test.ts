import { describe, expect, it } from 'vitest';
import {
	formatDecimal,
	formatExpectedNumber,
	parseDecimal
} from '../../src/lib/server/content/format/numbers';
import { parseQuiz } from '../../src/lib/server/content/format/quiz-format';
import { isCorrect } from '../../src/lib/server/quizzes/grading';

describe('numbers written the Spanish way', () => {
	it.each([
		// a dot followed by exactly three digits, after a non-zero whole part, groups thousands
		['1.650', 1650],
		['$1.650', 1650],
		['$ 1.650', 1650],
		['12.500', 12500],
		['1.650.000', 1650000],
		// both marks: the later one is decimal
		['1.650,50', 1650.5],
		['$1.650,50', 1650.5],
		['1,650.50', 1650.5],
		['1,650,000.25', 1650000.25],
		// decimals with either mark
		['0,25', 0.25],
		['0.25', 0.25],
		['$0.25', 0.25],
		['3,25', 3.25],
		['12.5', 12.5],
		['1650', 1650],
		['-2,5', -2.5],
		['15%', 15],
		// the ambiguous ones, settled
		['0.650', 0.65], // zero whole part: a decimal, not 650
		['1234.567', 1234.567], // a group of four digits cannot be thousands
		['1.65', 1.65], // two digits after the dot: a decimal
		['1.6500', 1.65], // four digits after the dot: a decimal
		['1,650', 1.65] // a lone comma is always the decimal comma
	])('%s is %d', (text, value) => {
		expect(parseDecimal(text)).toBe(value);
	});

	it.each(['', 'doce', '1.65.0', '12,34,5', '1.650,5,0', '1,650.5.0', '$', '1 650 mil', '2+2'])(
		'%j is not a number',
		(text) => {
			expect(parseDecimal(text)).toBeNull();
		}
	);

	it('grades "1.650" and "$1.650" as 1650, and "0,25" within its tolerance', () => {
		const { quiz } = parseQuiz(
			'q.md',
			'---\ntitle: T\n---\n\n## ¿Cuánto vende en un mes? {number}\n= 1.650\n\n> Explicación larga de por qué es así.\n\n## ¿Cuánto cuesta cada pan? {number}\n= 0,25 ± 0,01\n\n> Explicación larga de por qué es así.\n',
			{ courseId: 'c', moduleId: 'm', defaultPassScore: 70 }
		);
		const [sales, bread] = quiz!.questions;
		expect(sales).toMatchObject({ answer: 1650, tolerance: 0 });
		expect(bread).toMatchObject({ answer: 0.25, tolerance: 0.01 });
		for (const given of ['1650', '1.650', '$1.650', '1.650,00', '1,650.00']) {
			expect(isCorrect(sales, given), given).toBe(true);
		}
		expect(isCorrect(sales, '1,650')).toBe(false);
		expect(isCorrect(sales, '1.65')).toBe(false);
		for (const given of ['0,25', '0.25', '$0,26', '0,24'])
			expect(isCorrect(bread, given)).toBe(true);
		expect(isCorrect(bread, '0,27')).toBe(false);
	});
});

describe('expected answers shown the Spanish way', () => {
	it('groups thousands with a dot and uses the decimal comma', () => {
		expect(formatDecimal(1650)).toBe('1.650');
		expect(formatDecimal(1650000.5)).toBe('1.650.000,5');
		expect(formatDecimal(0.25)).toBe('0,25');
		expect(formatDecimal(950)).toBe('950');
		expect(formatDecimal(-2.5)).toBe('-2,5');
	});

	it('writes a tolerance as a range, never "3.25 ± 0.01"', () => {
		expect(formatExpectedNumber(1650, 0)).toBe('1.650');
		expect(formatExpectedNumber(0.25, 0)).toBe('0,25');
		expect(formatExpectedNumber(3.25, 0.01)).toBe('entre 3,24 y 3,26');
		expect(formatExpectedNumber(5.5, 0.01)).toBe('entre 5,49 y 5,51');
		expect(formatExpectedNumber(1200, 1)).toBe('entre 1.199 y 1.201');
		expect(formatExpectedNumber(0.1 + 0.2, 0.01)).toBe('entre 0,29 y 0,31');
	});
});
