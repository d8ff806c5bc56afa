// What the service worker and the pages that download courses agree on: cache names, addresses,
// and how to find the files a stored page needs. Runs in browsers only; no server code here.

/** Hashed app files (scripts, styles, the phone script), kept across versions while pages need them. */
export const APP_CACHE = 'microaula-app';
/** Pages shared by every downloaded course: the home page and the catalogue. */
export const PAGES_CACHE = 'microaula-paginas';
/** One cache per downloaded course: its page, its lessons (HTML and data) and its images. */
export const COURSE_CACHE_PREFIX = 'microaula-curso-';
export const SHELL_CACHE_PREFIX = 'microaula-shell-';

export const OFFLINE_PAGE = '/sin-conexion';
/**
 * The signed-in person's id, sent with every page (whose HTML may be the same for many people):
 * the service worker keeps a lesson marked offline under this name.
 */
export const PERSON_HEADER = 'microaula-persona';
/** Where the service worker keeps that id (one entry; signing out removes it). */
export const PERSON_CACHE = 'microaula-persona';
/** A lesson marked offline counts if it reaches the server within this many days. */
export const MARK_MAX_AGE_DAYS = 60;
export const SYNC_URL = '/progreso/sin-conexion';
/** Where the service worker sends quiz answers given offline. */
export const QUIZ_SYNC_URL = '/progreso/evaluaciones';
/** Attendance pages a facilitator opened online, kept to take attendance offline. */
export const ATTENDANCE_CACHE = 'microaula-asistencia';
export const ATTENDANCE_PAGE = /^\/facilitar\/clases\/[^/]+\/sesiones\/[^/]+$/;
export const attendanceSyncUrl = (cohortId: string, sessionId: string) =>
	`/facilitar/clases/${cohortId}/sesiones/${sessionId}/asistencia`;
export const QUIZ_PAGE = /^\/cursos\/([^/]+)\/evaluacion\/([^/]+)$/;
/** Quiz pages seen online (downloaded or not): a quiz answered offline comes back to its page. */
export const QUIZ_CACHE = 'microaula-evaluaciones';
/** Answers waiting on the phone for one person's quiz of one module, whatever the attempt. */
export const waitingQuizKey = (userId: string, courseId: string, moduleId: string) =>
	`${userId}/${courseId}/${moduleId}`;

export const courseCacheName = (courseId: string) => COURSE_CACHE_PREFIX + courseId;

/** Caches holding pages of the signed-in person (their downloads, classes, quizzes): signing out
 * removes them, and the app files their pages need are kept. */
export const isPersonalCache = (name: string) =>
	name.startsWith(COURSE_CACHE_PREFIX) ||
	name === PAGES_CACHE ||
	name === ATTENDANCE_CACHE ||
	name === QUIZ_CACHE ||
	name === PERSON_CACHE;
export const downloadListUrl = (courseId: string) => `/cursos/${courseId}/descargar`;

/** The app files (styles, scripts) an HTML page refers to, as site paths (SvelteKit writes them
 * relative to the page, e.g. `../../_app/immutable/...`). */
export function assetPaths(html: string, pageUrl: string | URL): string[] {
	const found = new Set<string>();
	for (const match of html.matchAll(/["'<]((?:\.{1,2}\/|\/)*_app\/immutable\/[^"'<>\s]+)["'>]/g)) {
		found.add(new URL(match[1], pageUrl).pathname);
	}
	return [...found];
}

/** What GET /cursos/<id>/descargar answers: every address to store, with its weight. */
export interface DownloadList {
	courseId: string;
	/** `quizModule`: the page (or data) of that module's quiz attempt prepared for offline use. */
	items: { url: string; bytes: number; shared: boolean; quizModule?: string }[];
	bytes: number;
}
