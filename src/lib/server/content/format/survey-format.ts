// The practice survey of a course (content/README.md §13): `survey.md` in the course folder, one
// `## ¿pregunta? {#id}` per question and `- [x]` for the options that count as doing the good
// practice. Pure, like the rest of format/: `content:check`, the store and the server parse it alike.
import { INDICATORS, type Indicator, type Survey, type SurveyOption } from '../../evidence/types.ts';
import { readOptionLine } from './option-line.ts';
import { readFrontmatter, splitFrontmatter, surveyFrontmatter } from './frontmatter.ts';
import type { Problem } from './types.ts';

export const SURVEY_FILE = 'survey.md';
export const MIN_SURVEY_QUESTIONS = 6;
export const MAX_SURVEY_QUESTIONS = 10;
export const MAX_SURVEY_OPTIONS = 6;
/** Written by the author and never changed: answers of different waves are compared by it. */
export const SURVEY_QUESTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ID_LENGTH = 40;

/** Words that give away a text left in English (the surveys are asked in Spanish). */
const ENGLISH = new Set([
	'the',
	'you',
	'your',
	'yes',
	'do',
	'does',
	'have',
	'how',
	'what',
	'business',
	'money',
	'every',
	'month'
]);

export interface ParsedSurvey {
	survey: Survey | null;
	problems: Problem[];
}

function looksEnglish(text: string): boolean {
	const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
	return words.filter((w) => ENGLISH.has(w)).length >= 2;
}

interface Draft {
	line: number;
	text: string;
	id: string | null;
	indicator: Indicator | null;
	options: (SurveyOption & { line: number })[];
}

export function parseSurvey(file: string, source: string, courseId: string): ParsedSurvey {
	const split = splitFrontmatter(file, source);
	const problems = [...split.problems];
	const meta = readFrontmatter(surveyFrontmatter, split, file, problems);
	const err = (line: number, message: string) =>
		problems.push({ file, line, message, severity: 'error' });
	const warn = (line: number, message: string) =>
		problems.push({ file, line, message, severity: 'warning' });

	const intro: string[] = [];
	const drafts: Draft[] = [];
	let current: Draft | null = null;
	split.body.split('\n').forEach((raw, i) => {
		const line = split.bodyLine + i;
		const text = raw.trim();
		if (text === '') return;
		const heading = /^##\s+(.+?)\s*(?:\{([^}]*)\})?\s*$/.exec(text);
		if (heading) {
			current = { line, text: heading[1], id: null, indicator: null, options: [] };
			for (const token of heading[2]?.trim().split(/\s+/).filter(Boolean) ?? []) {
				if (token.startsWith('#') && current.id === null) {
					const id = token.slice(1);
					if (SURVEY_QUESTION_ID.test(id) && id.length <= MAX_ID_LENGTH) current.id = id;
					else err(line, `id de pregunta inválido «${token}» (minúsculas sin tildes, números y guiones; hasta ${MAX_ID_LENGTH})`);
				} else if ((INDICATORS as readonly string[]).includes(token) && !current.indicator) {
					current.indicator = token as Indicator;
				} else {
					err(line, `marca desconocida «${token}» (usa {#id} y, si corresponde, ${INDICATORS.join(' o ')})`);
				}
			}
			drafts.push(current);
			return;
		}
		if (!current) {
			if (text.startsWith('#')) err(line, 'cada pregunta empieza con «## »');
			else intro.push(text);
			return;
		}
		const option = readOptionLine(text);
		if (option) {
			current.options.push({ id: option.id, text: option.text, practice: option.marked, line });
			return;
		}
		err(line, 'línea no reconocida: después de una pregunta van sus opciones «- [ ]» o «- [x]»');
	});

	const ids = new Map<string, number>();
	const indicators = new Map<Indicator, number>();
	for (const d of drafts) {
		if (d.id === null) err(d.line, 'falta el id de la pregunta al final de la línea: {#anota-ventas}');
		else if (ids.has(d.id)) err(d.line, `id de pregunta repetido «${d.id}» (también en la línea ${ids.get(d.id)})`);
		else ids.set(d.id, d.line);
		if (d.indicator) {
			if (indicators.has(d.indicator)) {
				err(d.line, `«${d.indicator}» ya marca la pregunta de la línea ${indicators.get(d.indicator)}`);
			}
			indicators.set(d.indicator, d.line);
		}
		if (!d.text.startsWith('¿') || !d.text.endsWith('?')) {
			err(d.line, 'escribe la pregunta entre «¿» y «?», en español');
		}
		if (d.options.length < 2) err(d.line, 'la pregunta necesita al menos 2 opciones');
		if (d.options.length > MAX_SURVEY_OPTIONS) err(d.line, `demasiadas opciones (máximo ${MAX_SURVEY_OPTIONS})`);
		const practices = d.options.filter((o) => o.practice).length;
		if (d.options.length >= 2 && practices === 0) {
			err(d.line, 'marca con [x] al menos una opción que cuenta como hacer la buena práctica');
		}
		if (d.options.length >= 2 && practices === d.options.length) {
			err(d.line, 'todas las opciones están marcadas con [x]: así la pregunta no mide nada');
		}
		const seen = new Set<string>();
		for (const o of d.options) {
			if (seen.has(o.id)) err(o.line, 'opción repetida');
			seen.add(o.id);
		}
		if (looksEnglish([d.text, ...d.options.map((o) => o.text)].join(' '))) {
			warn(d.line, 'la pregunta parece estar en inglés: las encuestas se hacen en español');
		}
	}
	if (drafts.length < MIN_SURVEY_QUESTIONS || drafts.length > MAX_SURVEY_QUESTIONS) {
		err(
			split.bodyLine,
			`la encuesta tiene ${drafts.length} preguntas: debe tener entre ${MIN_SURVEY_QUESTIONS} y ${MAX_SURVEY_QUESTIONS}`
		);
	}
	if (!meta || problems.some((p) => p.severity === 'error')) return { survey: null, problems };
	return {
		survey: {
			courseId,
			title: meta.title,
			intro: intro.join(' '),
			questions: drafts.map((d) => ({
				id: d.id!,
				text: d.text,
				indicator: d.indicator,
				options: d.options.map(({ id, text, practice }) => ({ id, text, practice })),
				line: d.line
			})),
			file
		},
		problems
	};
}
