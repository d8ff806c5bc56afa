// Facilitator notes: `<NN-module>/facilitador.md`, the plan of a module's in-person session
// (content/README.md). They are for the facilitator's handout only: the catalogue keeps them apart
// from Course and Module, so nothing that serialises a course for a participant can carry them.
// Wrong frontmatter is an error; a missing section is a warning. Pure.
import * as v from 'valibot';
import { readFrontmatter, splitFrontmatter } from './frontmatter.ts';
import type { Problem } from './types.ts';

export const FACILITATOR_NOTES_FILE = 'facilitador.md';
/** The sections every session plan has, in this order. */
export const FACILITATOR_SECTIONS = [
	'Plan de la sesión',
	'Actividad',
	'Preguntas para conversar',
	'Qué llevar'
] as const;
export const SESSION_MINUTES: readonly [number, number] = [60, 90];

export const facilitatorFrontmatter = v.strictObject({
	title: v.pipe(
		v.string('debe ser un texto'),
		v.trim(),
		v.nonEmpty('no puede estar vacío'),
		v.maxLength(160, 'debe tener como máximo 160 caracteres')
	),
	minutes: v.pipe(
		v.number('debe ser la duración de la sesión en minutos, entre 60 y 90'),
		v.integer('debe ser la duración de la sesión en minutos, entre 60 y 90'),
		v.minValue(SESSION_MINUTES[0], 'debe ser la duración de la sesión en minutos, entre 60 y 90'),
		v.maxValue(SESSION_MINUTES[1], 'debe ser la duración de la sesión en minutos, entre 60 y 90')
	)
});

export interface FacilitatorNotes {
	courseId: string;
	moduleId: string;
	file: string;
	title: string;
	/** Length of the in-person session. */
	minutes: number;
	/** The Markdown body (rendered for the handout page only). */
	body: string;
}

export function parseFacilitatorNotes(
	file: string,
	text: string,
	ids: { courseId: string; moduleId: string }
): { notes: FacilitatorNotes | null; problems: Problem[] } {
	const split = splitFrontmatter(file, text);
	const problems = [...split.problems];
	const meta = readFrontmatter(facilitatorFrontmatter, split, file, problems);
	const headings = new Map<string, number>();
	let inCode = false;
	split.body.split('\n').forEach((line, i) => {
		if (/^\s*```/.test(line)) inCode = !inCode;
		const h = !inCode && /^##\s+(.+?)\s*#*\s*$/.exec(line);
		if (h) headings.set(normalise(h[1]), split.bodyLine + i);
	});
	for (const section of FACILITATOR_SECTIONS) {
		if (!headings.has(normalise(section))) {
			problems.push({
				file,
				line: split.bodyLine,
				message: `falta la sección «## ${section}» (las notas llevan: ${FACILITATOR_SECTIONS.join(', ')})`,
				severity: 'warning'
			});
		}
	}
	if (!meta || problems.some((p) => p.severity === 'error')) return { notes: null, problems };
	return {
		notes: { ...ids, file, title: meta.title, minutes: meta.minutes, body: split.body.trim() },
		problems
	};
}

function normalise(heading: string): string {
	return heading.trim().toLowerCase().replace(/[.:]$/, '');
}
