// The content store's tables (migrations/20261201_020_content_store.ts): courses, their versions,
// the files and media of each version, media blobs by SHA-256, rendered HTML of published versions
// and the published-content sequence. The only module of the content pipeline that touches Kysely;
// it knows nothing of Markdown, checks or permissions (see ../studio.ts for those).
import { createHash } from 'node:crypto';
import type { Db } from '../../db';
import type { ContentStatus, ContentVersionRow } from '../../db/schema';
import { randomId } from '../../random';

export type { ContentStatus, ContentVersionRow };

/** A Markdown file of a version, path relative to the course folder (`01-modulo/01-leccion.md`). */
export interface StoredFile {
	path: string;
	text: string;
	revision: number;
}

/** A media file of a version: `media/<name>` linked to a blob. */
export interface StoredMedia {
	path: string;
	hash: string;
	size: number;
	alt: string | null;
}

const now = () => new Date().toISOString();

export function sha256(bytes: Uint8Array | string): string {
	return createHash('sha256').update(bytes).digest('hex');
}

// ── the published-content sequence ───────────────────────────────────────────────────────────

/** The number every server compares with its own to know whether published content changed. */
export async function readSequence(db: Db): Promise<number> {
	const row = await db
		.selectFrom('content_sequence')
		.select('value')
		.where('id', '=', 1)
		.executeTakeFirst();
	return Number(row?.value ?? 0);
}

export async function bumpSequence(db: Db): Promise<void> {
	await db
		.updateTable('content_sequence')
		.set((eb) => ({ value: eb('value', '+', 1), updated_at: now() }))
		.where('id', '=', 1)
		.execute();
}

// ── courses ──────────────────────────────────────────────────────────────────────────────────

export interface CourseRow {
	id: string;
	createdAt: string;
	seedHash: string | null;
	seedVersion: number | null;
}

export async function insertCourse(
	db: Db,
	input: { id: string; createdBy: string | null; seedHash?: string | null; seedVersion?: number }
): Promise<void> {
	await db
		.insertInto('content_courses')
		.values({
			id: input.id,
			created_at: now(),
			created_by: input.createdBy,
			seed_hash: input.seedHash ?? null,
			seed_version: input.seedVersion ?? null,
			deleted_at: null
		})
		.execute();
}

export async function listCourseRows(db: Db): Promise<CourseRow[]> {
	const rows = await db
		.selectFrom('content_courses')
		.select(['id', 'created_at', 'seed_hash', 'seed_version'])
		.where('deleted_at', 'is', null)
		.orderBy('id')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		createdAt: r.created_at,
		seedHash: r.seed_hash,
		seedVersion: r.seed_version === null ? null : Number(r.seed_version)
	}));
}

export async function findCourseRow(db: Db, id: string): Promise<CourseRow | undefined> {
	return (await listCourseRows(db)).find((c) => c.id === id) ?? undefined;
}

/** True when the id is taken, even by a deleted course (ids are never reused). */
export async function courseIdTaken(db: Db, id: string): Promise<boolean> {
	const row = await db
		.selectFrom('content_courses')
		.select('id')
		.where('id', '=', id)
		.executeTakeFirst();
	return !!row;
}

export async function setSeed(db: Db, courseId: string, seedHash: string, seedVersion: number) {
	await db
		.updateTable('content_courses')
		.set({ seed_hash: seedHash, seed_version: seedVersion })
		.where('id', '=', courseId)
		.execute();
}

export async function markCourseDeleted(db: Db, courseId: string): Promise<void> {
	await db
		.updateTable('content_courses')
		.set({ deleted_at: now() })
		.where('id', '=', courseId)
		.execute();
}

// ── versions ─────────────────────────────────────────────────────────────────────────────────

export async function insertVersion(
	db: Db,
	input: {
		courseId: string;
		status: ContentStatus;
		basedOn: number | null;
		createdBy: string | null;
		note?: string | null;
	}
): Promise<ContentVersionRow> {
	const last = await db
		.selectFrom('content_versions')
		.select((eb) => eb.fn.max('number').as('n'))
		.where('course_id', '=', input.courseId)
		.executeTakeFirst();
	const at = now();
	return db
		.insertInto('content_versions')
		.values({
			id: randomId(),
			course_id: input.courseId,
			number: Number(last?.n ?? 0) + 1,
			status: input.status,
			note: input.note ?? null,
			based_on: input.basedOn,
			created_at: at,
			created_by: input.createdBy,
			updated_at: at,
			published_at: null,
			published_by: null
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

export async function findVersion(
	db: Db,
	courseId: string,
	number: number
): Promise<ContentVersionRow | undefined> {
	return db
		.selectFrom('content_versions')
		.selectAll()
		.where('course_id', '=', courseId)
		.where('number', '=', number)
		.executeTakeFirst();
}

export async function findVersionById(db: Db, id: string): Promise<ContentVersionRow | undefined> {
	return db.selectFrom('content_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function publishedVersion(
	db: Db,
	courseId: string
): Promise<ContentVersionRow | undefined> {
	return db
		.selectFrom('content_versions')
		.selectAll()
		.where('course_id', '=', courseId)
		.where('status', '=', 'published')
		.executeTakeFirst();
}

/** The course's version being written (draft or in review); at most one at a time. */
export async function openDraft(db: Db, courseId: string): Promise<ContentVersionRow | undefined> {
	return db
		.selectFrom('content_versions')
		.selectAll()
		.where('course_id', '=', courseId)
		.where('status', 'in', ['draft', 'review'])
		.orderBy('number', 'desc')
		.executeTakeFirst();
}

export async function listVersionRows(db: Db, courseId: string): Promise<ContentVersionRow[]> {
	return db
		.selectFrom('content_versions')
		.selectAll()
		.where('course_id', '=', courseId)
		.orderBy('number', 'desc')
		.execute();
}

/** Every version of every course not deleted, each course's newest first (the studio's list). */
export async function allVersionRows(db: Db): Promise<ContentVersionRow[]> {
	return db
		.selectFrom('content_versions')
		.innerJoin('content_courses', 'content_courses.id', 'content_versions.course_id')
		.selectAll('content_versions')
		.where('content_courses.deleted_at', 'is', null)
		.orderBy('content_versions.course_id')
		.orderBy('content_versions.number', 'desc')
		.execute();
}

/** One file of each of these versions, by version id (e.g. every course.md the studio lists). */
export async function fileOfVersions(
	db: Db,
	versionIds: string[],
	path: string
): Promise<Map<string, string>> {
	if (versionIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('content_files')
		.select(['version_id', 'text'])
		.where('version_id', 'in', versionIds)
		.where('path', '=', path)
		.execute();
	return new Map(rows.map((r) => [r.version_id, r.text]));
}

/** Every published version, one per course (the run-time catalogue's source). */
export async function allPublishedVersions(db: Db): Promise<ContentVersionRow[]> {
	return db
		.selectFrom('content_versions')
		.innerJoin('content_courses', 'content_courses.id', 'content_versions.course_id')
		.selectAll('content_versions')
		.where('content_versions.status', '=', 'published')
		.where('content_courses.deleted_at', 'is', null)
		.execute();
}

/**
 * Sets a version's status. With `ifUpdatedAt`, only if the version was not touched since that
 * time (a publish must not go live with edits it did not render); false when nothing changed.
 */
export async function setVersionStatus(
	db: Db,
	versionId: string,
	status: ContentStatus,
	extra: { note?: string | null; publishedBy?: string | null; ifUpdatedAt?: string } = {}
): Promise<boolean> {
	const at = now();
	let update = db
		.updateTable('content_versions')
		.set({
			status,
			updated_at: at,
			...(extra.note !== undefined ? { note: extra.note } : {}),
			...(status === 'published' ? { published_at: at, published_by: extra.publishedBy ?? null } : {})
		})
		.where('id', '=', versionId);
	if (extra.ifUpdatedAt !== undefined) update = update.where('updated_at', '=', extra.ifUpdatedAt);
	const result = await update.executeTakeFirst();
	return Number(result.numUpdatedRows) > 0;
}

/**
 * After any edit of the open draft: its time moves on (always forward, even within the same
 * millisecond, since a publish form names the time it showed), and a draft sent for review is a
 * draft again (what was reviewed is no longer what is there; the author sends it again).
 */
export async function touchVersion(db: Db, versionId: string): Promise<void> {
	const row = await db
		.selectFrom('content_versions')
		.select('updated_at')
		.where('id', '=', versionId)
		.executeTakeFirst();
	const previous = row ? Date.parse(row.updated_at) : 0;
	await db
		.updateTable('content_versions')
		.set({
			updated_at: new Date(Math.max(Date.now(), previous + 1)).toISOString(),
			status: 'draft'
		})
		.where('id', '=', versionId)
		// Never a version that went live meanwhile (a save that checked the draft just before).
		.where('status', 'in', ['draft', 'review'])
		.execute();
}

// ── files ────────────────────────────────────────────────────────────────────────────────────

export async function listFiles(db: Db, versionId: string): Promise<StoredFile[]> {
	const rows = await db
		.selectFrom('content_files')
		.select(['path', 'text', 'revision'])
		.where('version_id', '=', versionId)
		.orderBy('path')
		.execute();
	return rows.map((r) => ({ path: r.path, text: r.text, revision: Number(r.revision) }));
}

/** The files of many versions at once, by version id. */
export async function filesOfVersions(
	db: Db,
	versionIds: string[]
): Promise<Map<string, StoredFile[]>> {
	const out = new Map<string, StoredFile[]>(versionIds.map((id) => [id, []]));
	if (versionIds.length === 0) return out;
	const rows = await db
		.selectFrom('content_files')
		.select(['version_id', 'path', 'text', 'revision'])
		.where('version_id', 'in', versionIds)
		.orderBy('path')
		.execute();
	for (const r of rows) {
		out.get(r.version_id)!.push({ path: r.path, text: r.text, revision: Number(r.revision) });
	}
	return out;
}

export async function getFile(
	db: Db,
	versionId: string,
	path: string
): Promise<StoredFile | undefined> {
	const r = await db
		.selectFrom('content_files')
		.select(['path', 'text', 'revision'])
		.where('version_id', '=', versionId)
		.where('path', '=', path)
		.executeTakeFirst();
	return r && { path: r.path, text: r.text, revision: Number(r.revision) };
}

export async function insertFiles(
	db: Db,
	versionId: string,
	files: { path: string; text: string; revision?: number }[],
	actor: string | null
): Promise<void> {
	const at = now();
	// Chunks keep each statement under SQLite's bound-parameter limit.
	for (let i = 0; i < files.length; i += 100) {
		await db
			.insertInto('content_files')
			.values(
				files.slice(i, i + 100).map((f) => ({
					version_id: versionId,
					path: f.path,
					text: f.text,
					revision: f.revision ?? 1,
					updated_at: at,
					updated_by: actor
				}))
			)
			.execute();
	}
}

/**
 * Writes a file's new text only if nobody saved it since `baseRevision` (optimistic locking in one
 * statement, so two servers cannot both win). The text it replaces is kept as a revision.
 */
export async function updateFileIfRevision(
	db: Db,
	input: { versionId: string; path: string; text: string; baseRevision: number; actor: string | null }
): Promise<boolean> {
	const current = await getFile(db, input.versionId, input.path);
	if (!current || current.revision !== input.baseRevision) return false;
	const at = now();
	const result = await db
		.updateTable('content_files')
		.set({
			text: input.text,
			revision: input.baseRevision + 1,
			updated_at: at,
			updated_by: input.actor
		})
		.where('version_id', '=', input.versionId)
		.where('path', '=', input.path)
		.where('revision', '=', input.baseRevision)
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) return false;
	await db
		.insertInto('content_file_revisions')
		.values({
			version_id: input.versionId,
			path: input.path,
			revision: current.revision,
			text: current.text,
			saved_at: at,
			saved_by: input.actor
		})
		.onConflict((oc) => oc.columns(['version_id', 'path', 'revision']).doNothing())
		.execute();
	return true;
}

/** The text a file had at `revision` (the current text when that is its revision). */
export async function fileTextAt(
	db: Db,
	versionId: string,
	path: string,
	revision: number
): Promise<string | null> {
	const current = await getFile(db, versionId, path);
	if (current?.revision === revision) return current.text;
	const old = await db
		.selectFrom('content_file_revisions')
		.select('text')
		.where('version_id', '=', versionId)
		.where('path', '=', path)
		.where('revision', '=', revision)
		.executeTakeFirst();
	return old?.text ?? null;
}

export async function deleteFileRow(db: Db, versionId: string, path: string): Promise<boolean> {
	const r = await db
		.deleteFrom('content_files')
		.where('version_id', '=', versionId)
		.where('path', '=', path)
		.executeTakeFirst();
	return Number(r.numDeletedRows) > 0;
}

export async function renameFileRow(
	db: Db,
	versionId: string,
	from: string,
	to: string,
	actor: string | null
): Promise<void> {
	await db
		.updateTable('content_files')
		.set((eb) => ({ path: to, revision: eb('revision', '+', 1), updated_at: now(), updated_by: actor }))
		.where('version_id', '=', versionId)
		.where('path', '=', from)
		.execute();
}

/** Copies the files (at revision 1) and media links of one version into another. */
export async function copyVersionContent(
	db: Db,
	fromId: string,
	toId: string,
	actor: string | null
): Promise<void> {
	const files = await listFiles(db, fromId);
	await insertFiles(
		db,
		toId,
		files.map((f) => ({ path: f.path, text: f.text })),
		actor
	);
	const media = await listMedia(db, fromId);
	for (const m of media) await linkMedia(db, toId, m.path, m.hash, m.alt);
}

// ── media ────────────────────────────────────────────────────────────────────────────────────

/** Stores bytes once under their SHA-256 and returns the hash. */
export async function putBlob(db: Db, bytes: Uint8Array): Promise<string> {
	const hash = sha256(bytes);
	await db
		.insertInto('content_blobs')
		.values({ hash, bytes: Buffer.from(bytes), size: bytes.length, created_at: now() })
		.onConflict((oc) => oc.column('hash').doNothing())
		.execute();
	return hash;
}

export async function blobBytes(db: Db, hash: string): Promise<Uint8Array | undefined> {
	const row = await db
		.selectFrom('content_blobs')
		.select('bytes')
		.where('hash', '=', hash)
		.executeTakeFirst();
	// Both drivers answer a Buffer; a plain Uint8Array view keeps callers driver-neutral.
	return row ? new Uint8Array(row.bytes) : undefined;
}

export async function linkMedia(
	db: Db,
	versionId: string,
	path: string,
	hash: string,
	alt: string | null
): Promise<void> {
	await db
		.insertInto('content_media')
		.values({ version_id: versionId, path, hash, alt })
		.onConflict((oc) => oc.columns(['version_id', 'path']).doUpdateSet({ hash, alt }))
		.execute();
}

export async function unlinkMedia(db: Db, versionId: string, path: string): Promise<boolean> {
	const r = await db
		.deleteFrom('content_media')
		.where('version_id', '=', versionId)
		.where('path', '=', path)
		.executeTakeFirst();
	return Number(r.numDeletedRows) > 0;
}

export async function listMedia(db: Db, versionId: string): Promise<StoredMedia[]> {
	const rows = await db
		.selectFrom('content_media')
		.innerJoin('content_blobs', 'content_blobs.hash', 'content_media.hash')
		.select(['content_media.path', 'content_media.hash', 'content_blobs.size', 'content_media.alt'])
		.where('content_media.version_id', '=', versionId)
		.orderBy('content_media.path')
		.execute();
	return rows.map((r) => ({ path: r.path, hash: r.hash, size: Number(r.size), alt: r.alt }));
}

/** The media of many versions, with their bytes (small images: the catalogue keeps their sizes). */
export async function mediaOfVersions(
	db: Db,
	versionIds: string[]
): Promise<Map<string, (StoredMedia & { bytes: Uint8Array })[]>> {
	const out = new Map<string, (StoredMedia & { bytes: Uint8Array })[]>(
		versionIds.map((id) => [id, []])
	);
	if (versionIds.length === 0) return out;
	const rows = await db
		.selectFrom('content_media')
		.innerJoin('content_blobs', 'content_blobs.hash', 'content_media.hash')
		.select([
			'content_media.version_id',
			'content_media.path',
			'content_media.hash',
			'content_media.alt',
			'content_blobs.size',
			'content_blobs.bytes'
		])
		.where('content_media.version_id', 'in', versionIds)
		.execute();
	for (const r of rows) {
		out.get(r.version_id)!.push({
			path: r.path,
			hash: r.hash,
			alt: r.alt,
			size: Number(r.size),
			bytes: new Uint8Array(r.bytes)
		});
	}
	return out;
}

// ── rendered HTML ────────────────────────────────────────────────────────────────────────────

export async function renderedOf(db: Db, versionId: string): Promise<Map<string, string>> {
	const rows = await db
		.selectFrom('content_rendered')
		.select(['path', 'html'])
		.where('version_id', '=', versionId)
		.execute();
	return new Map(rows.map((r) => [r.path, r.html]));
}

export async function storeRendered(
	db: Db,
	versionId: string,
	pages: Map<string, string>
): Promise<void> {
	const values = [...pages].map(([path, html]) => ({ version_id: versionId, path, html }));
	for (let i = 0; i < values.length; i += 100) {
		await db
			.insertInto('content_rendered')
			.values(values.slice(i, i + 100))
			.onConflict((oc) => oc.columns(['version_id', 'path']).doNothing())
			.execute();
	}
}

// ── who is affected ──────────────────────────────────────────────────────────────────────────

/** People with progress on each of these lessons of a course. */
export async function progressCounts(
	db: Db,
	courseId: string,
	lessonIds: string[]
): Promise<Map<string, number>> {
	if (lessonIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('lesson_progress')
		.select((eb) => ['lesson_id', eb.fn.count<number>('user_id').as('n')])
		.where('course_id', '=', courseId)
		.where('lesson_id', 'in', lessonIds)
		.groupBy('lesson_id')
		.execute();
	return new Map(rows.map((r) => [r.lesson_id, Number(r.n)]));
}

/** People with answered attempts on each of these questions of a course. */
export async function questionAttemptCounts(
	db: Db,
	courseId: string,
	questionIds: string[]
): Promise<Map<string, number>> {
	if (questionIds.length === 0) return new Map();
	const rows = await db
		.selectFrom('quiz_question_results')
		.innerJoin('quiz_attempts', 'quiz_attempts.id', 'quiz_question_results.attempt_id')
		.select((eb) => [
			'quiz_question_results.question_id',
			eb.fn.count<number>('quiz_attempts.user_id').distinct().as('n')
		])
		.where('quiz_question_results.course_id', '=', courseId)
		.where('quiz_question_results.question_id', 'in', questionIds)
		.groupBy('quiz_question_results.question_id')
		.execute();
	return new Map(rows.map((r) => [r.question_id, Number(r.n)]));
}
