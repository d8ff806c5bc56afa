// The evidence report put into words for people (issue 17): group and line labels from the message
// catalogues, each figure as the text a table shows ("12", "60 % (12 de 20)", "menos de 5",
// "oculto"), and the bars of the charts. Works on a report that report.ts has already suppressed;
// the pages, the printable summary and the exports all read this one view.
import { m } from '$lib/paraglide/messages.js';
import {
	NOT_SAID,
	NO_PROFILE,
	type EvidenceReport,
	type Figure,
	type ReportLine,
	type Section
} from './report';
import { PROVINCES, type Dimension } from './types';

export interface ViewLine {
	/** What the figure is, with its wave for survey lines ("¿Ahorras? (al terminar)"). */
	label: string;
	/** The same without the wave, and the wave in words (null for lines not from the survey). */
	name: string;
	wave: string | null;
	kind: ReportLine['kind'];
	/** cells[0] is everyone, then one per group. */
	cells: Figure[];
	texts: string[];
}

export interface ViewSection {
	section: Section;
	title: string;
	lines: ViewLine[];
}

export interface ViewTable {
	dimension: Dimension;
	title: string;
	/** Column headings: Total first, then each group. */
	groups: string[];
	sections: ViewSection[];
}

export interface Bar {
	label: string;
	/** 0–100 (a share or a mean score); null when the figure is not shown. */
	value: number | null;
	text: string;
	/** On knowledge bars: the pre-course check (before) or the module quizzes (after). */
	moment?: 'before' | 'after';
}

export interface BarGroup {
	title: string;
	bars: Bar[];
}

export interface ReportView {
	people: number | null;
	tables: ViewTable[];
	funnel: Bar[];
	knowledge: BarGroup[];
	practices: BarGroup[];
}

function groupLabel(dimension: Dimension, group: string): string {
	if (group === NOT_SAID) return m.evidence_report_not_said();
	if (group === NO_PROFILE) return m.evidence_report_no_profile();
	if (dimension === 'gender') {
		if (group === 'mujer') return m.evidence_gender_mujer();
		if (group === 'hombre') return m.evidence_gender_hombre();
		if (group === 'otro') return m.evidence_gender_otro();
	}
	if (dimension === 'ageBand') {
		const [from, to] = group.replace('+', '').split('-');
		return to ? m.evidence_age_range({ from, to }) : m.evidence_age_over({ from });
	}
	if (dimension === 'bornAbroad') return group === 'si' ? m.evidence_yes() : m.evidence_no();
	return PROVINCES[group as keyof typeof PROVINCES] ?? group;
}

const DIMENSION_TITLES: Record<Dimension, () => string> = {
	gender: m.evidence_report_dim_gender,
	ageBand: m.evidence_report_dim_ageBand,
	bornAbroad: m.evidence_report_dim_bornAbroad,
	province: m.evidence_report_dim_province
};

const SECTION_TITLES: Record<Section, () => string> = {
	funnel: m.evidence_report_section_funnel,
	knowledge: m.evidence_report_section_knowledge,
	practices: m.evidence_report_section_practices,
	business: m.evidence_report_section_business
};

const LINE_LABELS: Record<Exclude<ReportLine['id'], 'question'>, () => string> = {
	enrolled: m.evidence_report_line_enrolled,
	started: m.evidence_report_line_started,
	completed: m.evidence_report_line_completed,
	beforePeople: m.evidence_report_line_beforePeople,
	beforeMean: m.evidence_report_line_beforeMean,
	beforePassing: m.evidence_report_line_beforePassing,
	afterPeople: m.evidence_report_line_afterPeople,
	afterMean: m.evidence_report_line_afterMean,
	afterPassing: m.evidence_report_line_afterPassing
};

export function waveLabel(wave: string): string {
	if (wave === 'inicio') return m.evidence_report_wave_inicio();
	if (wave === 'final') return m.evidence_report_wave_final();
	return m.evidence_report_wave_seguimiento();
}

export function lineLabel(line: ReportLine): string {
	return line.id === 'question' ? (line.questionText ?? '') : LINE_LABELS[line.id]();
}

/** What a table cell says. */
export function figureText(figure: Figure, kind: ReportLine['kind']): string {
	if (figure.state === 'small') return m.evidence_report_small();
	if (figure.state === 'hidden') return m.evidence_report_hidden();
	if (kind === 'mean') return figure.mean === null ? '—' : String(figure.mean);
	if (kind === 'share')
		return figure.percent === null
			? '—'
			: m.evidence_report_share({
					percent: figure.percent,
					count: figure.count ?? 0,
					base: figure.base ?? 0
				});
	return String(figure.count ?? 0);
}

/** The value a bar is drawn to: a share or a mean, 0–100. */
const barValue = (figure: Figure) =>
	figure.state !== 'shown' ? null : (figure.mean ?? figure.percent ?? null);

export function reportView(report: EvidenceReport): ReportView {
	const tables = report.tables.map((table) => {
		const sections: ViewSection[] = [];
		for (const line of table.lines) {
			let section = sections.at(-1);
			if (section?.section !== line.section) {
				section = { section: line.section, title: SECTION_TITLES[line.section](), lines: [] };
				sections.push(section);
			}
			const label = line.wave
				? m.evidence_report_question_wave({ question: lineLabel(line), wave: waveLabel(line.wave) })
				: lineLabel(line);
			section.lines.push({
				label,
				name: lineLabel(line),
				wave: line.wave ? waveLabel(line.wave) : null,
				kind: line.kind,
				cells: line.cells,
				texts: line.cells.map((c) => figureText(c, line.kind))
			});
		}
		return {
			dimension: table.dimension,
			title: DIMENSION_TITLES[table.dimension](),
			groups: [
				m.evidence_report_total(),
				...table.groups.map((g) => groupLabel(table.dimension, g))
			],
			sections
		};
	});

	// The charts draw everyone (the Total column), the same in every table.
	const lines = report.tables[0]?.lines ?? [];
	const total = (id: ReportLine['id']) => lines.find((l) => l.id === id)!;
	const funnel = (['enrolled', 'started', 'completed'] as const).map((id) => {
		const line = total(id);
		const figure = line.cells[0];
		return {
			label: lineLabel(line),
			value: id === 'enrolled' ? (figure.state === 'shown' ? 100 : null) : barValue(figure),
			text: figureText(figure, line.kind)
		};
	});
	const knowledge: BarGroup[] = [
		['beforeMean', 'afterMean'],
		['beforePassing', 'afterPassing']
	].map(([before, after]) => ({
		title:
			before === 'beforeMean'
				? m.evidence_report_chart_knowledge()
				: m.evidence_report_chart_passing(),
		bars: [
			{
				moment: 'before' as const,
				label: m.evidence_report_before(),
				line: total(before as ReportLine['id'])
			},
			{
				moment: 'after' as const,
				label: m.evidence_report_after(),
				line: total(after as ReportLine['id'])
			}
		].map(({ moment, label, line }) => ({
			moment,
			label,
			value: barValue(line.cells[0]),
			text: figureText(line.cells[0], line.kind)
		}))
	}));
	const practices: BarGroup[] = [];
	for (const line of lines) {
		if (line.id !== 'question' || line.kind !== 'share') continue;
		const title = lineLabel(line);
		let group = practices.at(-1);
		if (group?.title !== title) {
			group = { title, bars: [] };
			practices.push(group);
		}
		group.bars.push({
			label: waveLabel(line.wave!),
			value: barValue(line.cells[0]),
			text: figureText(line.cells[0], line.kind)
		});
	}
	return { people: report.people, tables, funnel, knowledge, practices };
}
