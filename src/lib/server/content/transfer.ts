// A course in and out of the platform in exactly the content/ layout: a folder
// (`<course-id>/course.md`, `NN-module/...`, `media/...`) or a zip of that folder. Reading refuses,
// with a Spanish message and before anything is stored: paths outside the course (`../`,
// absolute), symbolic links, too many files, over-long files, and zips that would inflate beyond
// the course limit (zip bombs: declared sizes are summed before inflating, actual sizes checked
// while inflating). No database here: see studio.ts (importCourse, exportCourse).
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { unzipSync, zipSync } from 'fflate';
import type { VersionFiles } from './course-version';
import {
	MAX_COURSE_BYTES,
	MAX_COURSE_CHARS,
	MAX_COURSE_FILES,
	MAX_FILE_CHARS,
	MAX_MEDIA_FILE_BYTES,
	pathProblem
} from './format/limits';

/** Import refused: every reason, in Spanish, for the person who tried. */
export class ContentImportError extends Error {
	constructor(readonly problems: string[]) {
		super(problems.join('\n'));
		this.name = 'ContentImportError';
	}
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Left out silently: what file managers and zip tools add by themselves. */
const IGNORED = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini|__MACOSX(\/.*)?)$/;

/** Checks a course's files against the limits and turns them into stored form. */
export function courseFromEntries(entries: { path: string; bytes: Uint8Array }[]): VersionFiles {
	const problems: string[] = [];
	const kept = entries.filter((e) => !IGNORED.test(e.path));
	if (kept.length > MAX_COURSE_FILES) {
		problems.push(`el curso tiene ${kept.length} archivos (máximo ${MAX_COURSE_FILES})`);
	}
	const texts: Record<string, string> = {};
	const media: Record<string, Uint8Array> = {};
	let chars = 0;
	for (const { path, bytes } of kept) {
		const bad = pathProblem(path);
		if (bad) {
			problems.push(bad);
			continue;
		}
		if (path.endsWith('.md')) {
			const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/\r\n?/g, '\n');
			if (text.length > MAX_FILE_CHARS) {
				problems.push(
					`«${path}» tiene ${text.length} caracteres (máximo ${MAX_FILE_CHARS} por archivo)`
				);
			}
			chars += text.length;
			texts[path] = text;
		} else {
			if (bytes.length > MAX_MEDIA_FILE_BYTES) {
				problems.push(
					`«${path}» pesa ${Math.round(bytes.length / 1024)} KB (máximo ${MAX_MEDIA_FILE_BYTES / 1024} KB por archivo)`
				);
			}
			media[path] = bytes;
		}
	}
	if (chars > MAX_COURSE_CHARS) {
		problems.push(`el texto del curso suma ${chars} caracteres (máximo ${MAX_COURSE_CHARS})`);
	}
	if (texts['course.md'] === undefined && problems.length === 0) {
		problems.push('no hay course.md en la carpeta del curso');
	}
	if (problems.length) throw new ContentImportError(problems);
	return { texts, media };
}

/** Reads a course folder from disk (`.../<course-id>/`), refusing symbolic links. */
export async function readCourseFolder(dir: string): Promise<{ id: string; files: VersionFiles }> {
	const id = basename(dir.replace(/[/\\]+$/, ''));
	if (!ID.test(id)) {
		throw new ContentImportError([
			`«${id}» no sirve como id de curso: minúsculas sin tildes, números y guiones`
		]);
	}
	const entries: { path: string; bytes: Uint8Array }[] = [];
	const problems: string[] = [];
	let total = 0;
	async function walk(rel: string, depth: number) {
		for (const name of await readdir(join(dir, rel))) {
			const path = rel ? `${rel}/${name}` : name;
			const info = await lstat(join(dir, path));
			if (info.isSymbolicLink()) {
				problems.push(`«${path}» es un enlace simbólico: copia el archivo en su lugar`);
			} else if (info.isDirectory()) {
				if (depth >= 1) problems.push(`«${path}/»: las carpetas van a un solo nivel dentro del curso`);
				else await walk(path, depth + 1);
			} else if (info.isFile()) {
				total += info.size;
				if (entries.length > MAX_COURSE_FILES || total > MAX_COURSE_BYTES) continue;
				entries.push({ path, bytes: new Uint8Array(await readFile(join(dir, path))) });
			}
		}
	}
	await walk('', 0);
	if (total > MAX_COURSE_BYTES) {
		problems.push(`el curso pesa más de ${MAX_COURSE_BYTES / 1024 / 1024} MB`);
	}
	if (problems.length) throw new ContentImportError(problems);
	return { id, files: courseFromEntries(entries) };
}

interface ZipEntry {
	name: string;
	declaredSize: number;
	crc: number;
	symlink: boolean;
}

/** The central directory of a zip: names, declared sizes and whether each is a symbolic link. */
function zipDirectory(zip: Uint8Array): ZipEntry[] {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	let eocd = -1;
	for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
		if (view.getUint32(i, true) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new ContentImportError(['el archivo no es un zip válido']);
	const count = view.getUint16(eocd + 10, true);
	let offset = view.getUint32(eocd + 16, true);
	const entries: ZipEntry[] = [];
	for (let n = 0; n < count; n++) {
		if (offset + 46 > zip.length || view.getUint32(offset, true) !== 0x02014b50) {
			throw new ContentImportError(['el zip está dañado (directorio central ilegible)']);
		}
		const madeBy = view.getUint8(offset + 5);
		const crc = view.getUint32(offset + 16, true);
		const declaredSize = view.getUint32(offset + 24, true);
		const nameLength = view.getUint16(offset + 28, true);
		const extraLength = view.getUint16(offset + 30, true);
		const commentLength = view.getUint16(offset + 32, true);
		const external = view.getUint32(offset + 38, true);
		const name = new TextDecoder().decode(zip.subarray(offset + 46, offset + 46 + nameLength));
		// Unix zips (made-by host 3) keep the file mode in the high 16 bits; 0xA000 is a link.
		const symlink = madeBy === 3 && ((external >>> 16) & 0xf000) === 0xa000;
		entries.push({ name, declaredSize, crc, symlink });
		offset += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

/**
 * Reads a zipped course: either `<course-id>/course.md ...` (as content:export writes it) or the
 * course files at the top, with the id taken from `fallbackId` (the zip's name).
 */
export function readCourseZip(
	zip: Uint8Array,
	fallbackId: string
): { id: string; files: VersionFiles } {
	const directory = zipDirectory(zip);
	const problems: string[] = [];
	const files = directory.filter((e) => !e.name.endsWith('/') && !IGNORED.test(e.name));
	if (files.length > MAX_COURSE_FILES) {
		throw new ContentImportError([
			`el zip tiene ${files.length} archivos (máximo ${MAX_COURSE_FILES})`
		]);
	}
	const declared = files.reduce((sum, e) => sum + e.declaredSize, 0);
	if (declared > MAX_COURSE_BYTES) {
		throw new ContentImportError([
			`el zip descomprimido ocuparía ${Math.round(declared / 1024 / 1024)} MB (máximo ${MAX_COURSE_BYTES / 1024 / 1024} MB): no se abre`
		]);
	}
	for (const e of directory) {
		if (e.symlink) problems.push(`«${e.name}» es un enlace simbólico: no se aceptan`);
		if (e.name.startsWith('/') || /^[a-zA-Z]:/.test(e.name) || e.name.includes('\\')) {
			problems.push(`«${e.name}» es una ruta absoluta: solo se aceptan rutas dentro del curso`);
		} else if (e.name.split('/').some((s) => s === '..')) {
			problems.push(`«${e.name}» sale de la carpeta del curso («..»)`);
		}
	}
	if (problems.length) throw new ContentImportError(problems);

	const tops = new Set(files.map((e) => e.name.split('/')[0]));
	const wrapped =
		!files.some((e) => e.name === 'course.md') &&
		tops.size === 1 &&
		files.every((e) => e.name.includes('/'));
	const id = wrapped ? [...tops][0] : fallbackId;
	if (!ID.test(id)) {
		throw new ContentImportError([
			`«${id}» no sirve como id de curso: minúsculas sin tildes, números y guiones`
		]);
	}

	let inflated = 0;
	let raw: Record<string, Uint8Array>;
	try {
		raw = unzipSync(zip, {
			filter: (f) => {
				if (f.name.endsWith('/') || IGNORED.test(f.name)) return false;
				inflated += f.originalSize;
				if (inflated > MAX_COURSE_BYTES || f.originalSize > MAX_COURSE_BYTES) {
					throw new ContentImportError([
						`el zip descomprimido ocuparía más de ${MAX_COURSE_BYTES / 1024 / 1024} MB: no se abre`
					]);
				}
				return true;
			}
		});
	} catch (e) {
		if (e instanceof ContentImportError) throw e;
		throw new ContentImportError([`el zip está dañado: ${(e as Error).message}`]);
	}
	// A zip that lies about its sizes inflates into a cut-off buffer: its checksum then differs.
	const crcs = new Map(directory.map((e) => [e.name, e.crc]));
	for (const [name, bytes] of Object.entries(raw)) {
		if (crc32(bytes) >>> 0 !== crcs.get(name)) {
			throw new ContentImportError([`el zip está dañado: «${name}» no coincide con su suma de control`]);
		}
	}
	const actual = Object.values(raw).reduce((sum, b) => sum + b.length, 0);
	if (actual > MAX_COURSE_BYTES) {
		throw new ContentImportError([`el zip descomprimido supera ${MAX_COURSE_BYTES / 1024 / 1024} MB`]);
	}
	const entries = Object.entries(raw).map(([name, bytes]) => ({
		path: wrapped ? name.slice(id.length + 1) : name,
		bytes
	}));
	return { id, files: courseFromEntries(entries) };
}

/** Reads a course from a folder or a `.zip` file on disk. */
export async function readCourseSource(source: string): Promise<{ id: string; files: VersionFiles }> {
	const info = await lstat(source).catch(() => null);
	if (!info) throw new ContentImportError([`no existe «${source}»`]);
	if (info.isDirectory()) return readCourseFolder(source);
	if (info.isSymbolicLink()) throw new ContentImportError([`«${source}» es un enlace simbólico`]);
	if (info.size > MAX_COURSE_BYTES) {
		throw new ContentImportError([`«${source}» pesa más de ${MAX_COURSE_BYTES / 1024 / 1024} MB`]);
	}
	const bytes = new Uint8Array(await readFile(source));
	return readCourseZip(bytes, basename(source).replace(/\.zip$/i, ''));
}

/** A course's files as (path, bytes), Markdown as UTF-8, sorted by path. */
function entriesOf(files: VersionFiles): [string, Uint8Array][] {
	const enc = new TextEncoder();
	return [
		...Object.entries(files.texts).map(([p, t]) => [p, enc.encode(t)] as [string, Uint8Array]),
		...Object.entries(files.media)
	].sort(([a], [b]) => a.localeCompare(b));
}

/** A zip of the course folder `<id>/...`, as content:import reads it back. */
export function zipCourse(id: string, files: VersionFiles): Uint8Array {
	const tree: Record<string, Uint8Array> = {};
	for (const [path, bytes] of entriesOf(files)) tree[`${id}/${path}`] = bytes;
	return zipSync(tree, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

/** Writes the course into `<dir>/<id>/` (or a zip when `target` ends in .zip). */
export async function writeCourse(target: string, id: string, files: VersionFiles): Promise<string> {
	if (target.toLowerCase().endsWith('.zip')) {
		await mkdir(dirname(target), { recursive: true });
		await writeFile(target, zipCourse(id, files));
		return target;
	}
	const root = join(target, id);
	for (const [path, bytes] of entriesOf(files)) {
		await mkdir(dirname(join(root, path)), { recursive: true });
		await writeFile(join(root, path), bytes);
	}
	return root;
}
