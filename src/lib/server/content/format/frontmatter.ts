// Frontmatter: split it from the body, parse the YAML, and validate it against a schema, reporting
// each problem at the line of the field it concerns (messages in Spanish, for authors).
import * as v from 'valibot';
import { LineCounter, parseDocument, isMap, isScalar } from 'yaml';
import type { Problem } from './types.ts';

export interface SplitFile {
	data: unknown;
	/** 1-based line of each top-level key. */
	keyLines: Map<string, number>;
	body: string;
	/** 1-based line on which the body starts. */
	bodyLine: number;
	problems: Problem[];
}

export function splitFrontmatter(file: string, text: string): SplitFile {
	const lines = text.replace(/\r\n?/g, '\n').split('\n');
	const problems: Problem[] = [];
	if (lines[0]?.trim() !== '---') {
		problems.push({
			file,
			line: 1,
			message: 'falta el encabezado (frontmatter) entre líneas «---» al comienzo del archivo',
			severity: 'error'
		});
		return { data: {}, keyLines: new Map(), body: lines.join('\n'), bodyLine: 1, problems };
	}
	const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
	if (end === -1) {
		problems.push({ file, line: 1, message: 'el encabezado no se cierra con «---»', severity: 'error' });
		return { data: {}, keyLines: new Map(), body: '', bodyLine: lines.length + 1, problems };
	}
	const yamlText = lines.slice(1, end).join('\n');
	const lineCounter = new LineCounter();
	const doc = parseDocument(yamlText, { lineCounter });
	for (const err of doc.errors) {
		problems.push({
			file,
			line: 1 + (err.linePos?.[0].line ?? 1),
			message: `YAML inválido: ${err.message.split('\n')[0]}`,
			severity: 'error'
		});
	}
	const keyLines = new Map<string, number>();
	if (isMap(doc.contents)) {
		for (const pair of doc.contents.items) {
			if (isScalar(pair.key) && pair.key.range) {
				keyLines.set(String(pair.key.value), 1 + lineCounter.linePos(pair.key.range[0]).line);
			}
		}
	}
	let data: unknown = {};
	if (!doc.errors.length) {
		// Some YAML parses without errors and only fails when read (an alias with no anchor, too
		// many aliases): a problem in the file, never an exception (the studio's lists read drafts).
		try {
			data = doc.toJS() ?? {};
		} catch (e) {
			problems.push({
				file,
				line: 2,
				message: `YAML inválido: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
				severity: 'error'
			});
		}
	}
	return {
		data,
		keyLines,
		body: lines.slice(end + 1).join('\n'),
		bodyLine: end + 2,
		problems
	};
}

const text = (max: number) =>
	v.pipe(
		v.string('debe ser un texto'),
		v.trim(),
		v.nonEmpty('no puede estar vacío'),
		v.maxLength(max, `debe tener como máximo ${max} caracteres`)
	);
const int = (min: number, max: number) =>
	v.pipe(
		v.number(`debe ser un número entero entre ${min} y ${max}`),
		v.integer(`debe ser un número entero entre ${min} y ${max}`),
		v.minValue(min, `debe ser un número entero entre ${min} y ${max}`),
		v.maxValue(max, `debe ser un número entero entre ${min} y ${max}`)
	);

export const courseFrontmatter = v.strictObject({
	title: text(120),
	summary: text(200),
	hours: int(1, 500),
	version: int(1, 10000),
	level: v.picklist(['básico', 'intermedio'], 'debe ser «básico» o «intermedio»'),
	passScore: int(1, 100)
});

export const moduleFrontmatter = v.strictObject({
	title: text(120),
	summary: text(300)
});

export const lessonFrontmatter = v.strictObject({
	title: text(120),
	minutes: int(1, 120)
});

export const quizFrontmatter = v.strictObject({
	title: text(120),
	passScore: v.optional(int(1, 100)),
	draw: v.optional(int(1, 100))
});

export const surveyFrontmatter = v.strictObject({
	title: text(120)
});

/** Validates frontmatter data; returns the typed value or null, adding problems for each field. */
export function readFrontmatter<S extends v.GenericSchema>(
	schema: S,
	split: SplitFile,
	file: string,
	problems: Problem[]
): v.InferOutput<S> | null {
	const result = v.safeParse(schema, split.data);
	if (result.success) return result.output;
	const allowed =
		'entries' in schema ? Object.keys((schema as unknown as { entries: object }).entries) : [];
	for (const issue of result.issues) {
		const key = issue.path?.[0]?.key;
		const name = typeof key === 'string' ? key : '';
		const line = split.keyLines.get(name) ?? 1;
		let message: string;
		if (issue.input === undefined && name) {
			message = `falta el campo «${name}»`;
		} else if (issue.type === 'strict_object' && name) {
			message = `campo desconocido «${name}» (se permiten: ${allowed.join(', ')})`;
		} else if (name) {
			message = `el campo «${name}» ${issue.message}`;
		} else {
			message = 'el encabezado debe ser una lista de campos «nombre: valor»';
		}
		problems.push({ file, line, message, severity: 'error' });
	}
	return null;
}
