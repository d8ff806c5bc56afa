// The courses in the repository's content/ folder as the seed of an installation. At start-up
// (startup.ts, before serving) a course the database does not know yet is imported and published
// as its version 1, remembering the hash of the seed it came from. A later release whose content/
// differs from what this installation last took in never overwrites anything: the admin page
// lists it (pendingSeedUpdates: "hay una versión nueva del curso en esta versión de Microaula")
// and an administrator can take it in as a draft (takeSeedUpdateAsDraft), to review and publish.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db';
import type { VersionFiles } from './course-version';
import { formatProblem } from './format/check-directory';
import * as store from './store/repository';
import { importCourse, type Actor, type ImportResult } from './studio';
import { ContentImportError, readCourseFolder } from './transfer';

export interface SeedCourse {
	id: string;
	files: VersionFiles;
	hash: string;
}

/** One hash over every file of a course (paths and bytes), independent of file order. */
export function seedHash(files: VersionFiles): string {
	const parts = [
		...Object.entries(files.texts).map(([p, t]) => `${p}\0${store.sha256(t)}`),
		...Object.entries(files.media).map(([p, b]) => `${p}\0${store.sha256(b)}`)
	].sort();
	return store.sha256(parts.join('\n'));
}

/** The courses under `<root>/courses`, each read with the import limits. */
export async function readSeed(root = 'content'): Promise<SeedCourse[]> {
	const dir = join(root, 'courses');
	const names = await readdir(dir).catch(() => [] as string[]);
	const out: SeedCourse[] = [];
	for (const name of names.sort()) {
		try {
			const { id, files } = await readCourseFolder(join(dir, name));
			out.push({ id, files, hash: seedHash(files) });
		} catch (e) {
			if (!(e instanceof ContentImportError)) throw e;
			console.warn(`[content] content/courses/${name}: ${e.problems.join('; ')}`);
		}
	}
	return out;
}

/**
 * Imports, as published version 1, every seed course this database does not have yet. Safe when
 * two servers start at once: the second finds the course taken and leaves it.
 * Returns the ids imported.
 */
export async function importSeed(db: Db, root = 'content'): Promise<string[]> {
	const imported: string[] = [];
	for (const seed of await readSeed(root)) {
		if (await store.courseIdTaken(db, seed.id)) continue;
		let result: ImportResult;
		try {
			result = await importCourse(db, null, {
				id: seed.id,
				files: seed.files,
				publishNow: true,
				action: 'content.seed'
			});
		} catch (e) {
			// Another server took it in at the same moment.
			if (await store.courseIdTaken(db, seed.id)) continue;
			throw e;
		}
		if (!result.ok) {
			const why =
				result.reason === 'problems'
					? result.problems.map(formatProblem).join('\n')
					: 'hay un borrador abierto';
			console.warn(`[content] el curso ${seed.id} de content/ no se importó:\n${why}`);
			continue;
		}
		await store.setSeed(db, seed.id, seed.hash, result.version.number);
		imported.push(seed.id);
	}
	return imported;
}

export interface SeedUpdate {
	courseId: string;
	/** Paths relative to the course folder. */
	added: string[];
	changed: string[];
	removed: string[];
}

function diffFiles(before: Map<string, string>, after: Map<string, string>) {
	const added = [...after.keys()].filter((p) => !before.has(p));
	const removed = [...before.keys()].filter((p) => !after.has(p));
	const changed = [...after.keys()].filter((p) => before.has(p) && before.get(p) !== after.get(p));
	return { added, changed, removed };
}

async function hashesOfVersion(db: Db, courseId: string, number: number | null) {
	const out = new Map<string, string>();
	if (number === null) return out;
	const row = await store.findVersion(db, courseId, number);
	if (!row) return out;
	for (const f of await store.listFiles(db, row.id)) out.set(f.path, store.sha256(f.text));
	for (const m of await store.listMedia(db, row.id)) out.set(m.path, m.hash);
	return out;
}

/** Seed courses of this release that differ from what the installation last took in. */
export async function pendingSeedUpdates(db: Db, root = 'content'): Promise<SeedUpdate[]> {
	const rows = new Map((await store.listCourseRows(db)).map((c) => [c.id, c]));
	const out: SeedUpdate[] = [];
	for (const seed of await readSeed(root)) {
		const row = rows.get(seed.id);
		if (!row || row.seedHash === seed.hash) continue;
		const before = await hashesOfVersion(db, seed.id, row.seedVersion);
		const after = new Map<string, string>([
			...Object.entries(seed.files.texts).map(([p, t]) => [p, store.sha256(t)] as [string, string]),
			...Object.entries(seed.files.media).map(([p, b]) => [p, store.sha256(b)] as [string, string])
		]);
		out.push({ courseId: seed.id, ...diffFiles(before, after) });
	}
	return out;
}

/**
 * Takes this release's seed of a course in as a new draft (admins only), to review and publish.
 * Refused while the course has an open draft, so nobody's work is replaced.
 */
export async function takeSeedUpdateAsDraft(
	db: Db,
	courseId: string,
	actor: Actor,
	root = 'content'
): Promise<ImportResult | { ok: false; reason: 'no-update' }> {
	const seed = (await readSeed(root)).find((s) => s.id === courseId);
	const row = await store.findCourseRow(db, courseId);
	if (!seed || !row || row.seedHash === seed.hash) return { ok: false, reason: 'no-update' };
	const result = await importCourse(db, actor, {
		id: courseId,
		files: seed.files,
		action: 'content.seed-draft'
	});
	if (result.ok) await store.setSeed(db, courseId, seed.hash, result.version.number);
	return result;
}
