// Size limits of a course, stated in content/README.md §9: what an editor save, an import and a
// seed may hold. Checked before anything is stored, so an over-long file changes nothing.

/** Characters in one Markdown file (a long lesson is ~8 000; a big quiz bank ~30 000). */
export const MAX_FILE_CHARS = 100_000;
/** Characters of all Markdown files of one course together. */
export const MAX_COURSE_CHARS = 2_000_000;
/** Files (Markdown and media) in one course. */
export const MAX_COURSE_FILES = 400;
/** Bytes of one media file on import (content:check then asks for 100 KB or less). */
export const MAX_MEDIA_FILE_BYTES = 2 * 1024 * 1024;
/** Bytes of a whole course once unpacked (a zip may not inflate beyond this). */
export const MAX_COURSE_BYTES = 30 * 1024 * 1024;

/** A path inside a course folder, at most one folder deep: `course.md`, `NN-module/quiz.md`,
 * `media/name.webp`. (content:check then says which names it does not expect.) */
export const COURSE_PATH = /^([A-Za-z0-9][A-Za-z0-9._-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Why a course path is not allowed, in Spanish, or null when it is fine. */
export function pathProblem(path: string): string | null {
	if (path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.includes('\\')) {
		return `«${path}» es una ruta absoluta: solo se aceptan rutas dentro del curso`;
	}
	if (path.split('/').some((s) => s === '..' || s === '.')) {
		return `«${path}» sale de la carpeta del curso («..»)`;
	}
	if (!COURSE_PATH.test(path)) {
		return `«${path}» no es un archivo de curso: usa letras, números, «-», «_» y «.», y como mucho una carpeta (NN-modulo/archivo.md o media/imagen.webp)`;
	}
	return null;
}
