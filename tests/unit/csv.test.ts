import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from '../../src/lib/server/csv';

describe('csvCell', () => {
	it('leaves plain text and numbers alone', () => {
		expect(csvCell('Ana María Ñáñez')).toBe('Ana María Ñáñez');
		expect(csvCell(42)).toBe('42');
		expect(csvCell(-3.5)).toBe('-3.5');
		expect(csvCell(null)).toBe('');
		expect(csvCell(undefined)).toBe('');
	});

	it('quotes commas, quotes and line breaks', () => {
		expect(csvCell('Pérez, Ana')).toBe('"Pérez, Ana"');
		expect(csvCell('Ana "la rápida"')).toBe('"Ana ""la rápida"""');
		expect(csvCell('dos\nlíneas')).toBe('"dos\nlíneas"');
		expect(csvCell(' espacio ')).toBe('" espacio "');
	});

	it('neutralises text a spreadsheet would run as a formula', () => {
		expect(csvCell('=HYPERLINK("http://x","clic")')).toBe('"\'=HYPERLINK(""http://x"",""clic"")"');
		expect(csvCell('+593 99 123 4567')).toBe("'+593 99 123 4567");
		expect(csvCell('-2+3')).toBe("'-2+3");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\t=1+1')).toBe("'\t=1+1");
		expect(csvCell('\r=1+1')).toBe('"\'\r=1+1"');
		expect(csvCell('a=b')).toBe('a=b');
	});

	it('ends each row with CRLF', () => {
		expect(csvRow(['Ana', 3, '=1', null])).toBe("Ana,3,'=1,\r\n");
	});
});
