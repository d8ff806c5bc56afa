// Lesson HTML for the pages: rendered once per published version (see ../course-version.ts and
// ../index.ts) and looked up here, so a lesson page ships as HTML and never as client JavaScript.
import { publishedHtml, publishedImage } from '../index';
import type { Course, Lesson } from '../format/types';
import { hideImages, type ImageInfo } from './images';

export { lessonIdFromPath } from './markdown';

export async function lessonHtml(lesson: Lesson): Promise<string> {
	return publishedHtml(lesson.courseId, lesson.file) ?? '';
}

export async function courseIntroHtml(course: Course): Promise<string> {
	return publishedHtml(course.id, course.file) ?? '';
}

/** A lesson for the data saver: each image (but those in `shown`) behind a tap, labelled by
 * `label` (e.g. its weight). */
export function withImagesHidden(
	html: string,
	label: (info: ImageInfo | null) => string,
	shown: ReadonlySet<string> = new Set()
): string {
	return hideImages(html, label, publishedImage, shown);
}
