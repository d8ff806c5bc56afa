// Lesson HTML. mdsvex compiles each lesson to a Svelte component at build time; here it is rendered
// once on the server and cached, so a lesson page ships as HTML and never as client JavaScript.
import { posix } from 'node:path';
import type { Component } from 'svelte';
import { render } from 'svelte/server';
import { hideImages, mediaInfo, sizeImages, type ImageInfo } from './images';
import type { Course, Lesson } from '../format/types';

type MarkdownModule = { default: Component };

const lessonModules = import.meta.glob<MarkdownModule>('/content/courses/*/*/[0-9][0-9]-*.md');
const courseModules = import.meta.glob<MarkdownModule>('/content/courses/*/course.md');

const cache = new Map<string, string>();

/** Lesson ids from file names: `../04-costos/01-costos-fijos.md` → `costos-fijos`. */
function lessonIdFromPath(path: string): string {
	return posix.basename(path, '.md').replace(/^\d{2}-/, '');
}

/** Turns the authoring links (relative .md files and ../media images) into site URLs. */
export function rewriteUrls(html: string, courseId: string): string {
	return html
		.replace(/<img src="(?:\.\.\/)+media\/([^"]+)"/g, (_m, name: string) =>
			`<img loading="lazy" decoding="async" src="/media/${courseId}/${name}"`
		)
		.replace(/href="((?!https?:|mailto:|tel:|#)[^"]+?\.md)(#[^"]*)?"/g, (_m, path: string, hash = '') =>
			`href="/cursos/${courseId}/${lessonIdFromPath(path)}${hash}"`
		);
}

/**
 * Tables as every reader can use them: wide ones scroll inside a box that the keyboard can reach
 * (a page never scrolls sideways), and an empty corner cell is plain data, not a nameless header.
 */
export function accessibleTables(html: string): string {
	return html
		.replace(/<th>\s*<\/th>/g, '<td></td>')
		.replace(/<table>/g, '<div class="table-scroll" tabindex="0"><table>')
		.replace(/<\/table>/g, '</table></div>');
}

async function renderFile(
	modules: Record<string, () => Promise<MarkdownModule>>,
	file: string,
	courseId: string
): Promise<string> {
	const cached = cache.get(file);
	if (cached !== undefined) return cached;
	const load = modules['/' + file];
	if (!load) throw new Error(`no compiled Markdown for ${file}`);
	const { default: component } = await load();
	const html = accessibleTables(
		sizeImages(rewriteUrls(render(component).body, courseId).replace(/<!--[^>]*-->/g, ''), mediaInfo)
	);
	cache.set(file, html);
	return html;
}

export function lessonHtml(lesson: Lesson): Promise<string> {
	return renderFile(lessonModules, lesson.file, lesson.courseId);
}

export function courseIntroHtml(course: Course): Promise<string> {
	return renderFile(courseModules, course.file, course.id);
}

/** A lesson for the data saver: each image (but those in `shown`) behind a tap, labelled by
 * `label` (e.g. its weight). */
export function withImagesHidden(
	html: string,
	label: (info: ImageInfo | null) => string,
	shown: ReadonlySet<string> = new Set()
): string {
	return hideImages(html, label, mediaInfo, shown);
}
