// The studio's domain API: what authors and administrators do to courses, over the content store.
// Every function takes the `actor` doing it and checks what that actor may do:
//   - authors (`autor`) and admins write drafts and send them to review;
//   - only admins publish, restore, import and delete (audited: content.publish, content.restore,
//     content.import, content.delete, content.seed-draft).
// Versions: a course has at most one open version (draft or review), based on the latest
// published one; files carry a revision for optimistic locking (saveFile answers a conflict with
// theirs / yours / base, never overwrites). Publishing runs every content:check rule, refuses
// errors, renders every page once (stored, shared by all servers) and bumps the published-content
// sequence so every server reloads within ~2 s. Published versions are never changed.
// Ids are stable: course, module and lesson ids are the folder/file ids (NN- prefixes only order),
// question ids are explicit (`{#q-...}`) or derived from the text. Routes call one function each.
import type { Db } from '../db';
import { inTransaction } from '../db';
import type { Role } from '../db/schema';
import { writeAudit } from '../audit';
import {
	checkVersion,
	courseDir,
	imageInfos,
	renderFile,
	renderVersion,
	type VersionFiles
} from './course-version';
import { courseReport } from './format/course-report';
import { analyseReadability, type Readability } from './format/readability';
import { splitFrontmatter } from './format/frontmatter';
import { MAX_COURSE_CHARS, MAX_FILE_CHARS, pathProblem } from './format/limits';
import type { Course, Problem } from './format/types';
import { refreshCatalogue } from './index';
import * as store from './store/repository';

export interface Actor {
	id: string;
	role: Role;
}

/** Thrown when the actor may not do this (routes answer 403). */
export class ContentForbiddenError extends Error {
	readonly status = 403;
	constructor(message = 'No tienes permiso para hacer esto con los cursos.') {
		super(message);
		this.name = 'ContentForbiddenError';
	}
}

/** Thrown for a request that cannot apply (routes answer 400/404/409 with the message). */
export class ContentStudioError extends Error {
	constructor(
		message: string,
		readonly status: 400 | 404 | 409 = 400
	) {
		super(message);
		this.name = 'ContentStudioError';
	}
}

const canAuthor = (a: Actor) => a.role === 'autor' || a.role === 'admin';
const canPublish = (a: Actor) => a.role === 'admin';
function mustAuthor(actor: Actor) {
	if (!canAuthor(actor)) throw new ContentForbiddenError();
}
function mustPublish(actor: Actor) {
	if (!canPublish(actor)) {
		throw new ContentForbiddenError('Solo un administrador puede publicar, restaurar, importar o borrar cursos.');
	}
}

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface VersionInfo {
	id: string;
	courseId: string;
	number: number;
	status: store.ContentStatus;
	note: string | null;
	basedOn: number | null;
	createdAt: string;
	createdBy: string | null;
	updatedAt: string;
	publishedAt: string | null;
	publishedBy: string | null;
}

function toInfo(r: store.ContentVersionRow): VersionInfo {
	return {
		id: r.id,
		courseId: r.course_id,
		number: Number(r.number),
		status: r.status,
		note: r.note,
		basedOn: r.based_on === null ? null : Number(r.based_on),
		createdAt: r.created_at,
		createdBy: r.created_by,
		updatedAt: r.updated_at,
		publishedAt: r.published_at,
		publishedBy: r.published_by
	};
}

async function versionFiles(db: Db, versionId: string): Promise<VersionFiles> {
	const files = await store.listFiles(db, versionId);
	const media = await store.mediaOfVersions(db, [versionId]);
	return {
		texts: Object.fromEntries(files.map((f) => [f.path, f.text])),
		media: Object.fromEntries((media.get(versionId) ?? []).map((m) => [m.path, m.bytes]))
	};
}

async function storeFiles(db: Db, versionId: string, files: VersionFiles, actor: string | null) {
	await store.insertFiles(
		db,
		versionId,
		Object.entries(files.texts).map(([path, text]) => ({ path, text })),
		actor
	);
	for (const [path, bytes] of Object.entries(files.media)) {
		const hash = await store.putBlob(db, bytes);
		await store.linkMedia(db, versionId, path, hash, null);
	}
}

// ── reading ──────────────────────────────────────────────────────────────────────────────────

/**
 * Every course in the store (published or not), with its published and open version numbers:
 * three queries however many courses there are.
 */
export async function listCourses(db: Db) {
	const [rows, allVersions] = await Promise.all([
		store.listCourseRows(db),
		store.allVersionRows(db)
	]);
	const courses = rows.map((c) => {
		const versions = allVersions.filter((v) => v.course_id === c.id);
		const published = versions.find((v) => v.status === 'published');
		const draft = versions.find((v) => v.status === 'draft' || v.status === 'review');
		// The title as the author will see it in the editor: the draft's, else the published one's,
		// read from the database (a worker's catalogue may still be a moment behind).
		return { course: c, versions, published, draft, shown: draft ?? published ?? versions[0] };
	});
	const courseMds = await store.fileOfVersions(
		db,
		courses.flatMap((c) => (c.shown ? [c.shown.id] : [])),
		'course.md'
	);
	return courses.map(({ course, versions, published, draft, shown }) => ({
		id: course.id,
		title: titleIn(course.id, shown && courseMds.get(shown.id)),
		published: published?.number ?? null,
		draft: draft ?? null,
		versions: versions.length
	}));
}

/** Every version of a course, newest first. */
export async function listVersions(db: Db, courseId: string): Promise<VersionInfo[]> {
	return (await store.listVersionRows(db, courseId)).map(toInfo);
}

/** The open version (draft or in review) of a course, or null. */
export async function getDraft(db: Db, courseId: string): Promise<VersionInfo | null> {
	const row = await store.openDraft(db, courseId);
	return row ? toInfo(row) : null;
}

/** The files of one version: Markdown with revisions, media with hash, size and alt. */
export async function filesOf(db: Db, courseId: string, versionNumber: number) {
	const row = await store.findVersion(db, courseId, versionNumber);
	if (!row) throw new ContentStudioError('Esa versión no existe.', 404);
	return {
		version: toInfo(row),
		files: await store.listFiles(db, row.id),
		media: await store.listMedia(db, row.id)
	};
}

/** Bytes of a media file of any version (for previews of drafts). */
export async function mediaOf(
	db: Db,
	courseId: string,
	versionNumber: number,
	path: string
): Promise<Uint8Array | undefined> {
	const row = await store.findVersion(db, courseId, versionNumber);
	if (!row) return undefined;
	const m = (await store.listMedia(db, row.id)).find((x) => x.path === path);
	return m ? store.blobBytes(db, m.hash) : undefined;
}

/** content:check problems of a version (all files, or one `path`). */
export async function checkProblems(
	db: Db,
	courseId: string,
	versionNumber: number,
	path?: string
): Promise<Problem[]> {
	const row = await store.findVersion(db, courseId, versionNumber);
	if (!row) throw new ContentStudioError('Esa versión no existe.', 404);
	const { problems } = checkVersion(courseId, await versionFiles(db, row.id));
	const prefix = `content/courses/${courseId}/`;
	const relative = problems.map((p) => ({ ...p, file: p.file.replace(prefix, '') }));
	return path ? relative.filter((p) => p.file === path) : relative;
}

/**
 * The participant's HTML of a Markdown text as it would render in this course (the editor's
 * preview): `text` is the unsaved text, rendered against the version's media.
 */
export async function previewHtml(
	db: Db,
	courseId: string,
	versionNumber: number,
	path: string,
	text: string
): Promise<string> {
	const row = await store.findVersion(db, courseId, versionNumber);
	if (!row) throw new ContentStudioError('Esa versión no existe.', 404);
	const media = await store.mediaOfVersions(db, [row.id]);
	const images = imageInfos(
		Object.fromEntries((media.get(row.id) ?? []).map((m) => [m.path, m.bytes]))
	);
	return renderFile(courseId, path, text.slice(0, MAX_FILE_CHARS), images);
}

// ── drafts ───────────────────────────────────────────────────────────────────────────────────

/** The open draft of a course, or a new one copied from the latest published version. */
export async function ensureDraft(db: Db, actor: Actor, courseId: string): Promise<VersionInfo> {
	mustAuthor(actor);
	return inTransaction(db, async (trx) => {
		const open = await store.openDraft(trx, courseId);
		if (open) return toInfo(open);
		if (!(await store.findCourseRow(trx, courseId))) {
			throw new ContentStudioError('Ese curso no existe.', 404);
		}
		const published = await store.publishedVersion(trx, courseId);
		const latest = published ?? (await store.listVersionRows(trx, courseId))[0];
		const draft = await store.insertVersion(trx, {
			courseId,
			status: 'draft',
			basedOn: latest ? Number(latest.number) : null,
			createdBy: actor.id
		});
		if (latest) await store.copyVersionContent(trx, latest.id, draft.id, actor.id);
		return toInfo(draft);
	});
}

async function editableDraft(db: Db, courseId: string) {
	const draft = await store.openDraft(db, courseId);
	if (!draft) throw new ContentStudioError('Este curso no tiene un borrador abierto.', 409);
	return draft;
}

function checkPath(path: string) {
	const problem = pathProblem(path);
	if (problem) throw new ContentStudioError(problem);
}

export type SaveResult =
	| { ok: true; revision: number }
	| {
			ok: false;
			reason: 'conflict';
			/** What is saved now (someone saved since `baseRevision`). */
			theirs: { text: string; revision: number } | null;
			/** What this person tried to save: never lost, shown back to them. */
			yours: string;
			/** What they started from (null when unknown or the file was new). */
			base: string | null;
	  };

/**
 * Saves a Markdown file of the course's draft if nobody saved it since `baseRevision` (0 for a new
 * file). On a conflict nothing is written and both texts come back.
 */
export async function saveFile(
	db: Db,
	actor: Actor,
	input: { courseId: string; path: string; text: string; baseRevision: number }
): Promise<SaveResult> {
	mustAuthor(actor);
	checkPath(input.path);
	if (!input.path.endsWith('.md')) throw new ContentStudioError('Solo se editan archivos .md.');
	const text = input.text.replace(/\r\n?/g, '\n');
	if (text.length > MAX_FILE_CHARS) {
		throw new ContentStudioError(
			`El archivo tiene ${text.length} caracteres (máximo ${MAX_FILE_CHARS}). Divídelo en dos.`
		);
	}
	return inTransaction(db, async (trx) => {
		const draft = await editableDraft(trx, input.courseId);
		const files = await store.listFiles(trx, draft.id);
		const total = files.reduce((n, f) => n + (f.path === input.path ? 0 : f.text.length), 0);
		if (total + text.length > MAX_COURSE_CHARS) {
			throw new ContentStudioError(`El curso superaría ${MAX_COURSE_CHARS} caracteres de texto.`);
		}
		const current = files.find((f) => f.path === input.path);
		const conflict = async (): Promise<SaveResult> => ({
			ok: false,
			reason: 'conflict',
			theirs: current ? { text: current.text, revision: current.revision } : null,
			yours: text,
			base:
				input.baseRevision > 0
					? await store.fileTextAt(trx, draft.id, input.path, input.baseRevision)
					: null
		});
		if (!current) {
			if (input.baseRevision !== 0) return conflict();
			await store.insertFiles(trx, draft.id, [{ path: input.path, text }], actor.id);
			await store.touchVersion(trx, draft.id);
			return { ok: true, revision: 1 };
		}
		if (current.text === text && current.revision === input.baseRevision) {
			return { ok: true, revision: current.revision };
		}
		const saved = await store.updateFileIfRevision(trx, {
			versionId: draft.id,
			path: input.path,
			text,
			baseRevision: input.baseRevision,
			actor: actor.id
		});
		if (!saved) return conflict();
		await store.touchVersion(trx, draft.id);
		return { ok: true, revision: input.baseRevision + 1 };
	});
}

/**
 * Renames or moves files of the draft at once (`[from, to]` pairs; e.g. reordering modules renames
 * `02-x/...` to `03-x/...`). Ids live in the names after NN-, so keeping them keeps progress.
 */
export async function renameFiles(
	db: Db,
	actor: Actor,
	courseId: string,
	renames: [from: string, to: string][]
): Promise<void> {
	mustAuthor(actor);
	for (const [, to] of renames) checkPath(to);
	await inTransaction(db, async (trx) => {
		const draft = await editableDraft(trx, courseId);
		const existing = new Set((await store.listFiles(trx, draft.id)).map((f) => f.path));
		const media = new Set((await store.listMedia(trx, draft.id)).map((m) => m.path));
		const sources = new Set(renames.map(([from]) => from));
		for (const [from, to] of renames) {
			if (!existing.has(from) && !media.has(from)) {
				throw new ContentStudioError(`«${from}» no existe en el borrador.`, 404);
			}
			if ((existing.has(to) || media.has(to)) && !sources.has(to)) {
				throw new ContentStudioError(`Ya existe «${to}».`, 409);
			}
		}
		// Two steps, so swaps (01↔02) never collide on the way.
		const temp = (i: number) => `~renaming-${i}`;
		for (const [i, [from]] of renames.entries()) {
			if (media.has(from)) await renameMedia(trx, draft.id, from, temp(i));
			else await store.renameFileRow(trx, draft.id, from, temp(i), actor.id);
		}
		for (const [i, [from, to]] of renames.entries()) {
			if (media.has(from)) await renameMedia(trx, draft.id, temp(i), to);
			else await store.renameFileRow(trx, draft.id, temp(i), to, actor.id);
		}
		await store.touchVersion(trx, draft.id);
	});
}

async function renameMedia(db: Db, versionId: string, from: string, to: string) {
	const m = (await store.listMedia(db, versionId)).find((x) => x.path === from);
	if (!m) return;
	await store.unlinkMedia(db, versionId, from);
	await store.linkMedia(db, versionId, to, m.hash, m.alt);
}

/** Renames one file of the draft (see renameFiles). */
export function renameFile(db: Db, actor: Actor, courseId: string, from: string, to: string) {
	return renameFiles(db, actor, courseId, [[from, to]]);
}

const ORDERED = /^(\d{2})-([a-z0-9-]+)$/;
const pad = (n: number) => String(n).padStart(2, '0');

/** The draft's modules and lessons as ids in order, read from the file names. */
export async function draftOutline(
	db: Db,
	courseId: string
): Promise<{ id: string; dir: string; lessons: { id: string; file: string }[] }[]> {
	const draft = await editableDraft(db, courseId);
	const paths = (await store.listFiles(db, draft.id)).map((f) => f.path);
	const dirs = [...new Set(paths.filter((p) => p.includes('/')).map((p) => p.split('/')[0]))]
		.filter((d) => ORDERED.test(d))
		.sort();
	return dirs.map((dir) => ({
		id: ORDERED.exec(dir)![2],
		dir,
		lessons: paths
			.filter((p) => p.startsWith(dir + '/'))
			.map((p) => p.slice(dir.length + 1))
			.filter((n) => n.endsWith('.md') && ORDERED.test(n.slice(0, -3)))
			.sort()
			.map((n) => ({ id: ORDERED.exec(n.slice(0, -3))![2], file: n }))
	}));
}

/**
 * Puts modules, and the lessons inside each, in the given order (`[moduleId, lessonIds[]]`), moving
 * lessons between modules when they are listed under another one. Only the NN- numbers and
 * folders change; ids stay, so progress and attempts keep pointing at them. Every module and
 * lesson of the draft must be listed exactly once.
 */
export async function reorderOutline(
	db: Db,
	actor: Actor,
	courseId: string,
	order: [moduleId: string, lessonIds: string[]][]
): Promise<void> {
	mustAuthor(actor);
	const outline = await draftOutline(db, courseId);
	const modules = new Map(outline.map((m) => [m.id, m]));
	const lessons = new Map(outline.flatMap((m) => m.lessons.map((l) => [l.id, { ...l, dir: m.dir }])));
	const listed = order.flatMap(([, ids]) => ids);
	if (
		order.length !== modules.size ||
		!order.every(([id]) => modules.has(id)) ||
		listed.length !== lessons.size ||
		new Set(listed).size !== listed.length ||
		!listed.every((id) => lessons.has(id))
	) {
		throw new ContentStudioError('El orden nuevo debe nombrar cada módulo y cada lección una vez.');
	}
	const draft = await editableDraft(db, courseId);
	const paths = (await store.listFiles(db, draft.id)).map((f) => f.path);
	const media = (await store.listMedia(db, draft.id)).map((m) => m.path);
	const renames: [string, string][] = [];
	order.forEach(([moduleId, lessonIds], i) => {
		const from = modules.get(moduleId)!.dir;
		const to = `${pad(i + 1)}-${moduleId}`;
		// The module's own files (module.md, quiz.md...) follow the folder.
		for (const p of [...paths, ...media].filter((p) => p.startsWith(from + '/'))) {
			const name = p.slice(from.length + 1);
			if (lessons.get(ORDERED.exec(name.replace(/\.md$/, ''))?.[2] ?? '')?.file === name) continue;
			if (`${to}/${name}` !== p) renames.push([p, `${to}/${name}`]);
		}
		lessonIds.forEach((lessonId, j) => {
			const l = lessons.get(lessonId)!;
			const target = `${to}/${pad(j + 1)}-${lessonId}.md`;
			if (`${l.dir}/${l.file}` !== target) renames.push([`${l.dir}/${l.file}`, target]);
		});
	});
	if (renames.length) await renameFiles(db, actor, courseId, renames);
}

/** Removes a file (Markdown or media) from the draft. See affectedPeople before removing lessons. */
export async function deleteFile(db: Db, actor: Actor, courseId: string, path: string) {
	mustAuthor(actor);
	await inTransaction(db, async (trx) => {
		const draft = await editableDraft(trx, courseId);
		const removed =
			(await store.deleteFileRow(trx, draft.id, path)) ||
			(await store.unlinkMedia(trx, draft.id, path));
		if (!removed) throw new ContentStudioError(`«${path}» no existe en el borrador.`, 404);
		await store.touchVersion(trx, draft.id);
	});
}

/**
 * Puts an image (already converted by the caller, e.g. to WebP with sharp) into the draft as
 * `media/<name>`. Bytes are stored once by SHA-256; `alt` is kept for the editor's image picker.
 */
export async function putMedia(
	db: Db,
	actor: Actor,
	input: { courseId: string; name: string; bytes: Uint8Array; alt: string | null }
): Promise<{ path: string; hash: string }> {
	mustAuthor(actor);
	const path = `media/${input.name}`;
	checkPath(path);
	return inTransaction(db, async (trx) => {
		const draft = await editableDraft(trx, input.courseId);
		const hash = await store.putBlob(trx, input.bytes);
		await store.linkMedia(trx, draft.id, path, hash, input.alt);
		await store.touchVersion(trx, draft.id);
		return { path, hash };
	});
}

/** Marks the draft as ready for an administrator to publish. */
export async function submitForReview(db: Db, actor: Actor, courseId: string, note?: string) {
	mustAuthor(actor);
	const draft = await editableDraft(db, courseId);
	await store.setVersionStatus(db, draft.id, 'review', { note: note?.trim() || null });
	return toInfo((await store.findVersionById(db, draft.id))!);
}

// ── publishing ───────────────────────────────────────────────────────────────────────────────

export type PublishResult =
	| { ok: true; version: VersionInfo }
	| { ok: false; reason: 'problems'; problems: Problem[] };

const CHANGED_SINCE_SEEN =
	'El borrador cambió después de que abriste esta página. Mira los cambios otra vez y vuelve a publicar.';

/**
 * Checks, renders and publishes a version. What goes live is exactly what was checked and
 * rendered: the version must still carry `seenAt` (by default its time when its files are read)
 * when it is marked published, or nothing changes (409).
 */
async function publishVersion(
	db: Db,
	actor: Actor | null,
	row: store.ContentVersionRow,
	note: string | null,
	action: string,
	seenAt?: string
): Promise<PublishResult> {
	const guard = seenAt ?? (await store.findVersionById(db, row.id))!.updated_at;
	const files = await versionFiles(db, row.id);
	const { course, problems } = checkVersion(row.course_id, files);
	const errors = problems.filter((p) => p.severity === 'error');
	if (!course || errors.length) {
		return { ok: false, reason: 'problems', problems: errors.length ? errors : problems };
	}
	const pages = renderVersion(course, files);
	await inTransaction(db, async (trx) => {
		const previous = await store.publishedVersion(trx, row.course_id);
		if (previous && previous.id !== row.id) await store.setVersionStatus(trx, previous.id, 'archived');
		const unchanged = await store.setVersionStatus(trx, row.id, 'published', {
			note,
			publishedBy: actor?.id ?? null,
			ifUpdatedAt: guard
		});
		if (!unchanged) throw new ContentStudioError(CHANGED_SINCE_SEEN, 409);
		await store.storeRendered(trx, row.id, pages);
		await store.bumpSequence(trx);
		await writeAudit(trx, {
			actorId: actor?.id ?? null,
			action,
			targetType: 'course',
			targetId: row.course_id,
			details: { version: Number(row.number), note }
		});
	});
	await refreshCatalogue(db, true);
	return { ok: true, version: toInfo((await store.findVersionById(db, row.id))!) };
}

/**
 * Publishes the course's open draft with a note; refuses content:check errors (listed). With
 * `seenAt` (the draft's `updatedAt` on the page the administrator read), refuses a draft changed
 * since: what goes live is what they reviewed, not what an author slipped in after.
 */
export async function publish(
	db: Db,
	actor: Actor,
	courseId: string,
	note: string,
	seenAt?: string
): Promise<PublishResult> {
	mustPublish(actor);
	const draft = await editableDraft(db, courseId);
	if (seenAt !== undefined && seenAt !== draft.updated_at) {
		throw new ContentStudioError(CHANGED_SINCE_SEEN, 409);
	}
	return publishVersion(
		db,
		actor,
		draft,
		note.trim().slice(0, 500) || null,
		'content.publish',
		seenAt ?? draft.updated_at
	);
}

/**
 * "Restaurar esta versión": a new draft with the files of version `versionNumber` (an open draft
 * is archived, not lost). With `publishNow` it is published at once.
 */
export async function restoreVersion(
	db: Db,
	actor: Actor,
	courseId: string,
	versionNumber: number,
	options: { publishNow?: boolean } = {}
): Promise<PublishResult> {
	mustPublish(actor);
	const draft = await inTransaction(db, async (trx) => {
		const source = await store.findVersion(trx, courseId, versionNumber);
		if (!source) throw new ContentStudioError('Esa versión no existe.', 404);
		const open = await store.openDraft(trx, courseId);
		if (open) await store.setVersionStatus(trx, open.id, 'archived');
		const created = await store.insertVersion(trx, {
			courseId,
			status: 'draft',
			basedOn: versionNumber,
			createdBy: actor.id,
			note: `Restaurada la versión ${versionNumber}`
		});
		await store.copyVersionContent(trx, source.id, created.id, actor.id);
		await writeAudit(trx, {
			actorId: actor.id,
			action: 'content.restore',
			targetType: 'course',
			targetId: courseId,
			details: { from: versionNumber, draft: Number(created.number) }
		});
		return created;
	});
	if (options.publishNow) {
		return publishVersion(db, actor, draft, `Restaurada la versión ${versionNumber}`, 'content.publish');
	}
	return { ok: true, version: toInfo(draft) };
}

// ── courses ──────────────────────────────────────────────────────────────────────────────────

/** A blank course that passes content:check once its lesson and quiz are written. */
export function blankCourse(title: string): VersionFiles {
	const safe = title.replace(/["\n]/g, ' ').trim();
	return {
		texts: {
			'course.md': `---\ntitle: "${safe}"\nsummary: Una frase que aparece en el catálogo.\nhours: 1\nversion: 1\nlevel: básico\npassScore: 70\n---\n\nPara quién es este curso y qué vas a lograr.\n`,
			'01-primer-modulo/module.md': `---\ntitle: Primer módulo\nsummary: De qué trata este módulo.\n---\n`,
			'01-primer-modulo/01-primera-leccion.md': `---\ntitle: Primera lección\nminutes: 5\n---\n\nEscribe aquí la lección.\n`,
			'01-primer-modulo/quiz.md': `---\ntitle: Primer módulo\n---\n\n## Escribe aquí la primera pregunta.\n- [ ] Una opción\n- [x] La opción correcta\n\n> Explica por qué es la correcta.\n`
		},
		media: {}
	};
}

/**
 * A new course with a draft: from the blank template, or a copy of the latest version of
 * `duplicateOf` (e.g. a local adaptation). Not visible to participants until published.
 */
export async function createCourse(
	db: Db,
	actor: Actor,
	input: { id: string; title: string; duplicateOf?: string }
): Promise<VersionInfo> {
	mustAuthor(actor);
	if (!ID.test(input.id) || input.id.length > 60) {
		throw new ContentStudioError('El id del curso: minúsculas sin tildes, números y guiones.');
	}
	return inTransaction(db, async (trx) => {
		if (await store.courseIdTaken(trx, input.id)) {
			throw new ContentStudioError(`Ya existe un curso con el id «${input.id}».`, 409);
		}
		let files = blankCourse(input.title);
		if (input.duplicateOf) {
			const from =
				(await store.publishedVersion(trx, input.duplicateOf)) ??
				(await store.listVersionRows(trx, input.duplicateOf))[0];
			if (!from) throw new ContentStudioError('El curso a duplicar no existe.', 404);
			files = await versionFiles(trx, from.id);
		}
		await store.insertCourse(trx, { id: input.id, createdBy: actor.id });
		const draft = await store.insertVersion(trx, {
			courseId: input.id,
			status: 'draft',
			basedOn: null,
			createdBy: actor.id
		});
		await storeFiles(trx, draft.id, files, actor.id);
		return toInfo(draft);
	});
}

/** Takes a course out of the platform (its versions stay in the database; the id is not reused). */
export async function deleteCourse(db: Db, actor: Actor, courseId: string): Promise<void> {
	mustPublish(actor);
	await inTransaction(db, async (trx) => {
		if (!(await store.findCourseRow(trx, courseId))) {
			throw new ContentStudioError('Ese curso no existe.', 404);
		}
		await store.markCourseDeleted(trx, courseId);
		await store.bumpSequence(trx);
		await writeAudit(trx, {
			actorId: actor.id,
			action: 'content.delete',
			targetType: 'course',
			targetId: courseId
		});
	});
	await refreshCatalogue(db, true);
}

/**
 * How many people would be affected by removing these lessons or questions (they have progress on
 * the lesson, or answered the question), so the editor can say so before removing.
 */
export async function affectedPeople(
	db: Db,
	courseId: string,
	ids: { lessonIds?: string[]; questionIds?: string[] }
): Promise<{ lessons: Record<string, number>; questions: Record<string, number> }> {
	const lessons = await store.progressCounts(db, courseId, ids.lessonIds ?? []);
	const questions = await store.questionAttemptCounts(db, courseId, ids.questionIds ?? []);
	return { lessons: Object.fromEntries(lessons), questions: Object.fromEntries(questions) };
}

// ── import and export ────────────────────────────────────────────────────────────────────────

export type ImportResult =
	| { ok: true; created: boolean; version: VersionInfo; published: boolean }
	| { ok: false; reason: 'problems'; problems: Problem[] }
	| { ok: false; reason: 'draft-open'; draft: VersionInfo };

/**
 * Brings a course in (files as read by transfer.ts): a new course, or a new draft of an existing
 * one (refused while another draft is open, so nobody's work is replaced). With `publishNow` the
 * version is published at once if content:check finds no errors (else nothing is stored).
 */
export async function importCourse(
	db: Db,
	actor: Actor | null,
	input: { id: string; files: VersionFiles; publishNow?: boolean; action?: string }
): Promise<ImportResult> {
	if (actor) mustPublish(actor);
	const { course, problems } = checkVersion(input.id, input.files);
	const errors = problems.filter((p) => p.severity === 'error');
	if (input.publishNow && (!course || errors.length)) {
		return { ok: false, reason: 'problems', problems: errors.length ? errors : problems };
	}
	const actorId = actor?.id ?? null;
	const result = await inTransaction(db, async (trx) => {
		const exists = await store.courseIdTaken(trx, input.id);
		if (exists) {
			const open = await store.openDraft(trx, input.id);
			if (open) return { ok: false as const, reason: 'draft-open' as const, draft: toInfo(open) };
		} else {
			await store.insertCourse(trx, { id: input.id, createdBy: actorId });
		}
		const published = await store.publishedVersion(trx, input.id);
		const draft = await store.insertVersion(trx, {
			courseId: input.id,
			status: 'draft',
			basedOn: published ? Number(published.number) : null,
			createdBy: actorId,
			note: 'Importado desde archivos'
		});
		await storeFiles(trx, draft.id, input.files, actorId);
		await writeAudit(trx, {
			actorId,
			action: input.action ?? 'content.import',
			targetType: 'course',
			targetId: input.id,
			details: { version: Number(draft.number), files: Object.keys(input.files.texts).length }
		});
		return { ok: true as const, created: !exists, draft };
	});
	if (!result.ok) return result;
	if (input.publishNow) {
		const published = await publishVersion(db, actor, result.draft, 'Importado', 'content.publish');
		if (!published.ok) return published;
		return { ok: true, created: result.created, version: published.version, published: true };
	}
	return { ok: true, created: result.created, version: toInfo(result.draft), published: false };
}

/** The files of a version (default: the published one, else the latest) in the content/ layout. */
export async function exportCourse(
	db: Db,
	courseId: string,
	versionNumber?: number
): Promise<VersionFiles> {
	const row =
		versionNumber !== undefined
			? await store.findVersion(db, courseId, versionNumber)
			: ((await store.publishedVersion(db, courseId)) ??
				(await store.listVersionRows(db, courseId))[0]);
	if (!row) throw new ContentStudioError(`No hay ninguna versión del curso «${courseId}».`, 404);
	return versionFiles(db, row.id);
}

/** The course's frontmatter title in a version's files, for lists (falls back to the id). */
export function titleOf(courseId: string, files: VersionFiles): string {
	return titleIn(courseId, files.texts['course.md']);
}

function titleIn(courseId: string, text: string | undefined): string {
	if (!text) return courseId;
	const data = splitFrontmatter('course.md', text).data as { title?: unknown };
	return typeof data?.title === 'string' ? data.title : courseId;
}

export type { Course, Problem, VersionFiles };

// ── the editor ───────────────────────────────────────────────────────────────────────────────

/** What the lesson editor shows beside a text: its preview, figures and content:check problems. */
export interface FileReport {
	/** The participant's HTML of the text, rendered as publishing would. */
	html: string;
	/** content:check problems of this file, with the text as given in place of the saved one. */
	problems: Problem[];
	readability: Readability;
	/** What a phone downloads for the page: its HTML plus the course images it shows. */
	bytes: number;
}

/**
 * The editor's panel for an unsaved `text` of `path` in the course's open draft: rendered through
 * the publishing renderer, checked with every content:check rule against the rest of the draft.
 */
export async function draftFileReport(
	db: Db,
	courseId: string,
	path: string,
	text: string
): Promise<FileReport> {
	checkPath(path);
	const draft = await editableDraft(db, courseId);
	const files = await versionFiles(db, draft.id);
	const clean = text.replace(/\r\n?/g, '\n').slice(0, MAX_FILE_CHARS);
	files.texts[path] = clean;
	const images = imageInfos(files.media);
	const html = renderFile(courseId, path, clean, images);
	const { course, problems, facilitatorNotes } = checkVersion(courseId, files);
	const prefix = `${courseDir(courseId)}/`;
	if (course) {
		// content:check's quality warnings too (reading load, quiz quality), as the CLI prints them.
		const texts = Object.fromEntries(
			Object.entries(files.texts).map(([p, t]) => [`${prefix}${p}`, t])
		);
		problems.push(...courseReport(course, texts, { facilitatorNotes }).problems);
	}
	const own = problems
		.map((p) => ({ ...p, file: p.file.replace(prefix, '') }))
		.filter((p) => p.file === path);
	let bytes = Buffer.byteLength(html);
	const shown = new Set([...html.matchAll(/src="\/media\/[^/"]+\/([^"?#]+)"/g)].map((m) => m[1]));
	for (const name of shown) bytes += images.get(name)?.bytes ?? 0;
	return { html, problems: own, readability: analyseReadability(clean), bytes };
}

/** Sets the `title:` of a Markdown file's frontmatter in the draft (renaming a module or lesson). */
export async function setTitle(
	db: Db,
	actor: Actor,
	input: { courseId: string; path: string; title: string }
): Promise<SaveResult> {
	mustAuthor(actor);
	const title = input.title.replace(/\s+/g, ' ').trim();
	if (!title || title.length > 120) {
		throw new ContentStudioError('El título debe tener entre 1 y 120 caracteres.');
	}
	const draft = await editableDraft(db, input.courseId);
	const file = await store.getFile(db, draft.id, input.path);
	if (!file) throw new ContentStudioError(`«${input.path}» no existe en el borrador.`, 404);
	const fm = /^---\n([\s\S]*?)\n---/.exec(file.text);
	const line = `title: ${JSON.stringify(title)}`;
	const text = !fm
		? `---\n${line}\n---\n\n${file.text}`
		: /^title:.*$/m.test(fm[1])
			? `---\n${fm[1].replace(/^title:.*$/m, line)}\n---${file.text.slice(fm[0].length)}`
			: `---\n${line}\n${fm[1]}\n---${file.text.slice(fm[0].length)}`;
	return saveFile(db, actor, {
		courseId: input.courseId,
		path: input.path,
		text,
		baseRevision: file.revision
	});
}

/** Adds a module (`module.md` and a first lesson) or a lesson at the end, from a title. */
export async function addToOutline(
	db: Db,
	actor: Actor,
	input: { courseId: string; title: string; moduleId?: string }
): Promise<{ path: string }> {
	mustAuthor(actor);
	const title = input.title.replace(/\s+/g, ' ').trim();
	if (!title || title.length > 120) {
		throw new ContentStudioError('El título debe tener entre 1 y 120 caracteres.');
	}
	const slug =
		title
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 40)
			.replace(/-+$/, '') || 'nuevo';
	const outline = await draftOutline(db, input.courseId);
	const taken = new Set([...outline.map((m) => m.id), ...outline.flatMap((m) => m.lessons.map((l) => l.id))]);
	let id = slug;
	for (let i = 2; taken.has(id); i++) id = `${slug}-${i}`;
	const quoted = JSON.stringify(title);
	const lessonText = (t: string) => `---\ntitle: ${t}\nminutes: 5\n---\n\nEscribe aquí la lección.\n`;
	const save = async (path: string, text: string) => {
		const r = await saveFile(db, actor, { courseId: input.courseId, path, text, baseRevision: 0 });
		if (!r.ok) throw new ContentStudioError(`«${path}» ya existe en el borrador.`, 409);
	};
	if (input.moduleId === undefined) {
		const dir = `${pad(outline.length + 1)}-${id}`;
		await save(`${dir}/module.md`, `---\ntitle: ${quoted}\nsummary: De qué trata este módulo.\n---\n`);
		await save(`${dir}/01-${id === 'primera-leccion' ? 'leccion' : 'primera-leccion'}.md`, lessonText('Primera lección'));
		return { path: `${dir}/module.md` };
	}
	const mod = outline.find((m) => m.id === input.moduleId);
	if (!mod) throw new ContentStudioError('Ese módulo no existe en el borrador.', 404);
	const path = `${mod.dir}/${pad(mod.lessons.length + 1)}-${id}.md`;
	await save(path, lessonText(quoted));
	return { path };
}

/** One Markdown file of the open draft with its revision, or undefined. */
export async function draftFile(db: Db, courseId: string, path: string) {
	const draft = await store.openDraft(db, courseId);
	if (!draft) return undefined;
	return store.getFile(db, draft.id, path);
}

/**
 * Removes a lesson (`01-x/02-y.md`) or a whole module (`01-x`: every file and image under it) from
 * the draft at once. See affectedPeople first: the editor asks before removing.
 */
export async function removeFromOutline(
	db: Db,
	actor: Actor,
	courseId: string,
	path: string
): Promise<{ removed: number }> {
	mustAuthor(actor);
	checkPath(path);
	return inTransaction(db, async (trx) => {
		const draft = await editableDraft(trx, courseId);
		const under = (p: string) => p === path || p.startsWith(path + '/');
		const files = (await store.listFiles(trx, draft.id)).filter((f) => under(f.path));
		const media = (await store.listMedia(trx, draft.id)).filter((m) => under(m.path));
		if (!files.length && !media.length) {
			throw new ContentStudioError(`«${path}» no existe en el borrador.`, 404);
		}
		for (const f of files) await store.deleteFileRow(trx, draft.id, f.path);
		for (const m of media) await store.unlinkMedia(trx, draft.id, m.path);
		await store.touchVersion(trx, draft.id);
		return { removed: files.length + media.length };
	});
}
