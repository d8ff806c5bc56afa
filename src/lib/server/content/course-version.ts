// One version of one course as files (paths relative to the course folder, as stored), turned into
// what the rest of the server uses: the checked Course (format/ rules, the same as
// `content:check`) and its rendered pages (render/). Pure: no database, no disk.
import { buildCatalogue } from './format/catalogue';
import type { FacilitatorNotes } from './format/facilitator-notes';
import { splitFrontmatter } from './format/frontmatter';
import type { Course, Problem } from './format/types';
import type { Survey } from '../evidence/types';
import { svgSize, webpSize, type ImageInfo } from './render/images';
import { renderMarkdown } from './render/markdown';

export interface VersionFiles {
	/** Markdown texts by path relative to the course folder (`course.md`, `01-x/01-y.md`). */
	texts: Record<string, string>;
	/** Media bytes by path relative to the course folder (`media/equilibrio.svg`). */
	media: Record<string, Uint8Array>;
}

export const courseDir = (courseId: string) => `content/courses/${courseId}`;

/** A media file's pixel size and weight, read from its bytes (SVG or WebP). */
export function imageInfo(name: string, bytes: Uint8Array): ImageInfo | null {
	const size = name.toLowerCase().endsWith('.svg')
		? svgSize(Buffer.from(bytes).toString('utf8'))
		: webpSize(bytes);
	return size ? { ...size, bytes: bytes.length } : null;
}

/** Runs every content:check rule on a version; `course` is null when it cannot be built. */
export function checkVersion(
	courseId: string,
	files: VersionFiles
): {
	course: Course | null;
	problems: Problem[];
	facilitatorNotes: FacilitatorNotes[];
	survey: Survey | null;
} {
	const dir = courseDir(courseId);
	const texts: Record<string, string> = {};
	for (const [path, text] of Object.entries(files.texts)) texts[`${dir}/${path}`] = text;
	const media: Record<string, number> = {};
	for (const [path, bytes] of Object.entries(files.media)) media[`${dir}/${path}`] = bytes.length;
	const { courses, problems, facilitatorNotes, surveys } = buildCatalogue({ texts, media });
	return {
		course: courses.find((c) => c.id === courseId) ?? null,
		problems,
		facilitatorNotes: facilitatorNotes.filter((n) => n.courseId === courseId),
		survey: surveys.find((x) => x.courseId === courseId) ?? null
	};
}

/** The sizes of a version's images by file name, for the renderer and the data saver. */
export function imageInfos(media: Record<string, Uint8Array>): Map<string, ImageInfo | null> {
	const out = new Map<string, ImageInfo | null>();
	for (const [path, bytes] of Object.entries(media)) {
		if (path.startsWith('media/')) out.set(path.slice(6), imageInfo(path, bytes));
	}
	return out;
}

/** Renders one Markdown file (course intro or lesson) of a course. */
export function renderFile(
	courseId: string,
	path: string,
	text: string,
	images: Map<string, ImageInfo | null>
): string {
	const { body } = splitFrontmatter(path, text);
	return renderMarkdown(body, { courseId, image: (name) => images.get(name) ?? null });
}

/** The HTML of course.md and of every lesson, by path relative to the course folder. */
export function renderVersion(
	course: Course,
	files: VersionFiles,
	images = imageInfos(files.media)
): Map<string, string> {
	const prefix = courseDir(course.id) + '/';
	const pages = new Map<string, string>();
	for (const file of [course.file, ...course.lessons.map((l) => l.file)]) {
		const path = file.slice(prefix.length);
		const text = files.texts[path];
		if (text !== undefined) pages.set(path, renderFile(course.id, path, text, images));
	}
	return pages;
}
