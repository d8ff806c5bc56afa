// The course catalogue at run time: the published version of every course, read from the content
// store (store/), checked and rendered once per version, and held in memory so a lesson page does
// no per-request work beyond a map lookup. `loadCatalogue` runs before the server takes requests;
// `refreshCatalogue` (called from `handle`) asks the database at most every ~2 s for the
// published-content sequence, one tiny query, and reloads when another server (or this one)
// published, restored or imported something. Lookups (`allCourses`, `findCourse`...) stay
// synchronous, as before.
import type { Db } from '../db';
import { formatProblem } from './format/check-directory';
import type { FacilitatorNotes } from './format/facilitator-notes';
import type { Survey } from '../evidence/types';
import type { Course, Lesson, Module, Problem, Quiz } from './format/types';
import { checkVersion, courseDir, imageInfo, renderVersion, type VersionFiles } from './course-version';
import type { ImageInfo } from './render/images';
import * as store from './store/repository';

export type { Course, Lesson, Module, Quiz, Question, Problem } from './format/types';

interface Published {
	course: Course;
	versionId: string;
	/** The store's version number: what quiz attempts record as their content version. */
	versionNumber: number;
	/** Rendered pages by repository-style path (`content/courses/<id>/...`, as Lesson.file). */
	html: Map<string, string>;
	/** Media by file name (`equilibrio.svg`). */
	media: Map<string, { hash: string; info: ImageInfo | null }>;
	problems: Problem[];
	/** For the facilitator's handout only: kept off Course so no participant page carries them. */
	facilitatorNotes: FacilitatorNotes[];
	/** The practice survey (survey.md), for the evidence pages; null when the course has none. */
	survey: Survey | null;
}

interface State {
	sequence: number;
	courses: Course[];
	byId: Map<string, Published>;
}

let state: State = { sequence: -1, courses: [], byId: new Map() };
/** Parsed and rendered versions by id: published versions never change, so this never goes stale. */
const versionCache = new Map<string, Published>();
/** Media bytes by SHA-256 (immutable), for the published versions only. */
const blobs = new Map<string, Uint8Array>();

async function loadVersion(db: Db, row: store.ContentVersionRow): Promise<Published | null> {
	const cached = versionCache.get(row.id);
	if (cached) return cached;
	const [files] = (await store.filesOfVersions(db, [row.id])).values();
	const [media] = (await store.mediaOfVersions(db, [row.id])).values();
	const version: VersionFiles = {
		texts: Object.fromEntries(files.map((f) => [f.path, f.text])),
		media: Object.fromEntries(media.map((m) => [m.path, m.bytes]))
	};
	const { course, problems, facilitatorNotes, survey } = checkVersion(row.course_id, version);
	if (!course) {
		for (const p of problems.filter((p) => p.severity === 'error')) {
			console.warn(`[content] ${formatProblem(p)}`);
		}
		return null;
	}
	let rendered = await store.renderedOf(db, row.id);
	if (rendered.size === 0) {
		// Rendered at publish time; a version published by an older release is rendered on first
		// read and stored, so the other servers find it done.
		rendered = renderVersion(course, version);
		await store.storeRendered(db, row.id, rendered);
	}
	const dir = courseDir(course.id) + '/';
	const published: Published = {
		course,
		versionId: row.id,
		versionNumber: Number(row.number),
		html: new Map([...rendered].map(([path, html]) => [dir + path, html])),
		media: new Map(
			media
				.filter((m) => m.path.startsWith('media/'))
				.map((m) => [m.path.slice(6), { hash: m.hash, info: imageInfo(m.path, m.bytes) }])
		),
		problems,
		facilitatorNotes,
		survey
	};
	for (const m of media) blobs.set(m.hash, m.bytes);
	versionCache.set(row.id, published);
	return published;
}

/** Reads every published version from the store into memory. */
export async function loadCatalogue(db: Db): Promise<void> {
	const sequence = await store.readSequence(db);
	const rows = await store.allPublishedVersions(db);
	const byId = new Map<string, Published>();
	for (const row of rows) {
		const published = await loadVersion(db, row);
		if (published) byId.set(published.course.id, published);
	}
	const live = new Set([...byId.values()].map((p) => p.versionId));
	for (const id of versionCache.keys()) if (!live.has(id)) versionCache.delete(id);
	const hashes = new Set([...byId.values()].flatMap((p) => [...p.media.values()].map((m) => m.hash)));
	for (const hash of blobs.keys()) if (!hashes.has(hash)) blobs.delete(hash);
	state = {
		sequence,
		courses: [...byId.values()]
			.map((p) => p.course)
			.sort((a, b) => a.title.localeCompare(b.title, 'es')),
		byId
	};
}

const REFRESH_EVERY_MS = 2000;
let lastCheck = 0;
let pending: Promise<void> | null = null;

/**
 * Reloads the catalogue when the published-content sequence moved. Asks the database at most every
 * ~2 s; concurrent callers share one check. Errors are logged: the last good catalogue stays.
 */
export function refreshCatalogue(db: Db, force = false): Promise<void> {
	const now = Date.now();
	if (pending) return pending;
	if (!force && now - lastCheck < REFRESH_EVERY_MS) return Promise.resolve();
	lastCheck = now;
	pending = (async () => {
		try {
			const sequence = await store.readSequence(db);
			if (force || sequence !== state.sequence) await loadCatalogue(db);
		} catch (e) {
			console.error('[content] no se pudo actualizar el catálogo', e);
		} finally {
			pending = null;
		}
	})();
	return pending;
}

export function allCourses(): Course[] {
	return state.courses;
}

export function findCourse(courseId: string): Course | undefined {
	return state.byId.get(courseId)?.course;
}

export function findLesson(course: Course, lessonId: string): Lesson | undefined {
	return course.lessons.find((l) => l.id === lessonId);
}

export function findModule(course: Course, moduleId: string): Module | undefined {
	return course.modules.find((m) => m.id === moduleId);
}

export function findQuiz(course: Course, moduleId: string): Quiz | undefined {
	return findModule(course, moduleId)?.quiz ?? undefined;
}

/** A module's facilitator notes: for the facilitator's handout only, never a participant's page. */
export function findFacilitatorNotes(course: Course, moduleId: string): FacilitatorNotes | undefined {
	return state.byId.get(course.id)?.facilitatorNotes.find((n) => n.moduleId === moduleId);
}

/** A course's practice survey as published (issue 17), or undefined when it has none. */
export function findSurvey(courseId: string): Survey | undefined {
	return state.byId.get(courseId)?.survey ?? undefined;
}

/** The lessons before and after a lesson, across module boundaries. */
export function neighbours(course: Course, lessonId: string): { previous?: Lesson; next?: Lesson } {
	const i = course.lessons.findIndex((l) => l.id === lessonId);
	return { previous: course.lessons[i - 1], next: course.lessons[i + 1] };
}

/** What a catalogue card shows of a course. */
export function courseCard(course: Course) {
	return {
		id: course.id,
		title: course.title,
		summary: course.summary,
		hours: course.hours,
		modules: course.modules.length,
		lessons: course.lessons.length
	};
}

/** Warnings of the published versions (errors never get published). */
export function contentProblems(courseId?: string): Problem[] {
	const all = [...state.byId.values()];
	return (courseId ? all.filter((p) => p.course.id === courseId) : all).flatMap((p) => p.problems);
}

/** The store's number of the published version of a course (quiz attempts record it). */
export function publishedVersionNumber(courseId: string): number {
	return state.byId.get(courseId)?.versionNumber ?? 1;
}

/** Rendered HTML of a published page (course.md or a lesson), by its `file`. */
export function publishedHtml(courseId: string, file: string): string | undefined {
	return state.byId.get(courseId)?.html.get(file);
}

/** Size and weight of a published course image. */
export function publishedImage(courseId: string, name: string): ImageInfo | null {
	return state.byId.get(courseId)?.media.get(name)?.info ?? null;
}

/** A published course image: its bytes and hash (an ETag that never changes). */
export function publishedMedia(
	courseId: string,
	name: string
): { hash: string; bytes: Uint8Array } | undefined {
	const m = state.byId.get(courseId)?.media.get(name);
	const bytes = m && blobs.get(m.hash);
	return m && bytes ? { hash: m.hash, bytes } : undefined;
}

/**
 * The quiz a submitted attempt must be graded with: that of the version it was drawn from when
 * the course has been republished since (null if that version or module is gone).
 */
export async function quizOfVersion(
	db: Db,
	courseId: string,
	moduleId: string,
	versionNumber: number
): Promise<Quiz | null> {
	const current = state.byId.get(courseId);
	if (current && current.versionNumber === versionNumber) {
		return findQuiz(current.course, moduleId) ?? null;
	}
	const row = await store.findVersion(db, courseId, versionNumber);
	if (!row) return current ? (findQuiz(current.course, moduleId) ?? null) : null;
	const cached = quizCache.get(row.id);
	if (cached) return cached.modules.find((m) => m.id === moduleId)?.quiz ?? null;
	const files = await store.listFiles(db, row.id);
	const { course } = checkVersion(courseId, {
		texts: Object.fromEntries(files.map((f) => [f.path, f.text])),
		media: {}
	});
	if (!course) return null;
	if (quizCache.size > 50) quizCache.clear();
	quizCache.set(row.id, course);
	return course.modules.find((m) => m.id === moduleId)?.quiz ?? null;
}
const quizCache = new Map<string, Course>();
