// Exports of the evidence report for funders (issue 17): CSV (papaparse) and XLSX (exceljs) of the
// aggregated, already suppressed figures only: one row per group and figure, never a person. A
// suppressed figure reads "menos de 5" or "oculto" in the Personas column and leaves the rest empty.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { m } from '$lib/paraglide/messages.js';
import type { ReportView } from './view';

type Cell = string | number | null;

function header(): string[] {
	return [
		m.evidence_report_col_dimension(),
		m.evidence_report_col_group(),
		m.evidence_report_col_section(),
		m.evidence_report_col_figure(),
		m.evidence_report_col_wave(),
		m.evidence_report_col_count(),
		m.evidence_report_col_base(),
		m.evidence_report_col_percent(),
		m.evidence_report_col_mean()
	];
}

/** The tidy rows: the Total column once, then every group of every dimension. */
export function exportRows(view: ReportView): Cell[][] {
	const rows: Cell[][] = [];
	view.tables.forEach((table, t) => {
		table.groups.forEach((group, g) => {
			if (g === 0 && t > 0) return;
			const dimension = g === 0 ? m.evidence_report_total() : table.title;
			for (const section of table.sections) {
				for (const line of section.lines) {
					const figure = line.cells[g];
					const start: Cell[] = [dimension, group, section.title, line.name, line.wave];
					if (figure.state !== 'shown') {
						rows.push([...start, line.texts[g], null, null, null]);
						continue;
					}
					rows.push([
						...start,
						figure.count,
						line.kind === 'share' ? figure.base : null,
						line.kind === 'share' ? figure.percent : null,
						line.kind === 'mean' ? figure.mean : null
					]);
				}
			}
		});
	});
	return rows;
}

export function reportCsv(view: ReportView): string {
	// A byte-order mark so that spreadsheet programs read the accents as UTF-8.
	// Question texts come from authors: a cell starting with = + - @ must not run as a formula.
	return (
		'\uFEFF' +
		Papa.unparse(
			{ fields: header(), data: exportRows(view) },
			{ newline: '\r\n', escapeFormulae: true }
		)
	);
}

export async function reportXlsx(view: ReportView, notes: string[]): Promise<Uint8Array> {
	const book = new ExcelJS.Workbook();
	book.creator = 'Microaula';
	const sheet = book.addWorksheet(m.evidence_report_sheet());
	sheet.addRow(header()).font = { bold: true };
	for (const row of exportRows(view)) sheet.addRow(row);
	sheet.views = [{ state: 'frozen', ySplit: 1 }];
	sheet.columns.forEach((column, i) => {
		column.width = [24, 20, 26, 44, 16, 12, 8, 12, 14][i];
	});
	const notesSheet = book.addWorksheet(m.evidence_report_sheet_notes());
	for (const line of [...notes, m.evidence_report_rule()]) notesSheet.addRow([line]);
	notesSheet.getColumn(1).width = 120;
	return new Uint8Array(await book.xlsx.writeBuffer());
}
