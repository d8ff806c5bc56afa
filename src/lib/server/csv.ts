// CSV for spreadsheets: RFC 4180 quoting, and cells that a spreadsheet would run as a formula
// (starting with = + - @, a tab or a carriage return) neutralised with a leading apostrophe, so a
// name like `=HYPERLINK(…)` is shown, never executed (OWASP "CSV injection").

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, quoted when needed. Numbers and booleans are written as they are. */
export function csvCell(value: string | number | boolean | null | undefined): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	let text = value;
	if (FORMULA_START.test(text)) text = `'${text}`;
	if (/[",\r\n]/.test(text) || text !== text.trim()) return `"${text.replaceAll('"', '""')}"`;
	return text;
}

/** A row of cells followed by CRLF, as RFC 4180 (and Excel) expect. */
export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
	return cells.map(csvCell).join(',') + '\r\n';
}
