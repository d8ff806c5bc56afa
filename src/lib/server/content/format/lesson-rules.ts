// The reading-load rules of a lesson (issue 14): 450–650 words, `minutes` at about 80 words a
// minute, INFLESZ at least 72 (the course's average at least 80) and no table wider than a
// 360 px screen. Warnings only: a lesson outside them still publishes. Pure.
import { analyseReadability, readingMinutes, type Readability } from './readability.ts';
import type { Problem } from './types.ts';

export const LESSON_WORDS: readonly [number, number] = [450, 650];
export const MIN_LESSON_INFLESZ = 72;
export const MIN_COURSE_INFLESZ = 80;
/** Five columns do not fit a 360 px screen; four do. */
export const MAX_TABLE_COLUMNS = 4;
/** `minutes` may be off the 80-words-a-minute figure by this much before a warning. */
export const MINUTES_SLACK = 1;

/** Lines (1-based, in `markdown`) and widths of the tables with more than MAX_TABLE_COLUMNS columns. */
export function wideTables(markdown: string): { line: number; columns: number }[] {
	const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
	const out: { line: number; columns: number }[] = [];
	let inCode = false;
	lines.forEach((raw, i) => {
		if (/^\s*```/.test(raw)) inCode = !inCode;
		if (inCode) return;
		// A GFM table starts at the header row above its delimiter row (| --- | :-: |).
		const delimiter = raw.replace(/^\s*>\s?/, '').trim();
		if (!/^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)+\|?$/.test(delimiter)) return;
		const columns = delimiter.replace(/^\||\|$/g, '').split('|').length;
		if (columns > MAX_TABLE_COLUMNS) out.push({ line: i, columns });
	});
	return out;
}

export interface LessonCheck {
	readability: Readability;
	problems: Problem[];
}

/**
 * Reads a lesson file (frontmatter included, so lines are the file's) and lists its reading-load
 * warnings. `minutes` is the frontmatter value, when it parsed.
 */
export function checkLessonReading(file: string, text: string, minutes?: number): LessonCheck {
	const readability = analyseReadability(text);
	const problems: Problem[] = [];
	const warn = (line: number, message: string) =>
		problems.push({ file, line, message, severity: 'warning' });
	const bodyLine = bodyStart(text);
	const [min, max] = LESSON_WORDS;
	if (readability.words > max) {
		warn(bodyLine, `la lección tiene ${readability.words} palabras (entre ${min} y ${max}): acórtala o divídela en dos`);
	} else if (readability.words < min) {
		warn(bodyLine, `la lección tiene ${readability.words} palabras (entre ${min} y ${max}): complétala o únela a otra`);
	}
	if (readability.inflesz < MIN_LESSON_INFLESZ) {
		const longest = readability.longestSentences[0];
		warn(
			bodyLine,
			`lectura difícil: INFLESZ ${formatScore(readability.inflesz)} (${readability.band}; mínimo ${MIN_LESSON_INFLESZ})` +
				(longest ? `: acorta las frases largas, como la de la línea ${longest.line} (${longest.words} palabras)` : '')
		);
	}
	const expected = readingMinutes(readability.words);
	if (minutes !== undefined && Math.abs(minutes - expected) > MINUTES_SLACK) {
		warn(
			minutesLine(text) ?? 1,
			`«minutes» es ${minutes}, pero ${readability.words} palabras a 80 por minuto son ${expected} minutos`
		);
	}
	for (const t of wideTables(text)) {
		warn(
			t.line,
			`la tabla tiene ${t.columns} columnas y no cabe en un teléfono (máximo ${MAX_TABLE_COLUMNS}): hazla una lista o dos tablas`
		);
	}
	return { readability, problems };
}

/** The course's reading score: the mean of its lessons' INFLESZ (each lesson weighs the same). */
export function averageInflesz(scores: number[]): number | null {
	if (scores.length === 0) return null;
	return Math.round((10 * scores.reduce((a, b) => a + b, 0)) / scores.length) / 10;
}

export function formatScore(n: number): string {
	return n.toFixed(1).replace('.', ',');
}

function bodyStart(text: string): number {
	const fm = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
	return fm ? fm[0].split('\n').length : 1;
}

function minutesLine(text: string): number | null {
	const i = text.split('\n').findIndex((l) => /^minutes\s*:/.test(l));
	return i === -1 ? null : i + 1;
}
