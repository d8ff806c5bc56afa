// What "download for offline use" stores on a phone for a course: its page, every lesson (the
// HTML page and the data SvelteKit fetches to open it without reloading), their images, the quiz
// page of each module with an attempt prepared for offline use (questions only: see
// quizzes/offline.ts), and the home and catalogue pages to start from; with what each weighs.
import { gzipSync } from 'node:zlib';
import type { DownloadList } from '../../offline/names';
import { courseIntroHtml, lessonHtml } from '../content/render/lessons';
import type { Course } from '../content/format/types';

export interface DownloadAddress {
	url: string;
	/** Shared by every downloaded course (home, catalogue): kept until the last one is removed. */
	shared: boolean;
	/** The module whose prepared quiz attempt this page (or its data) holds. */
	quizModule?: string;
}

const dataUrl = (page: string) => page.replace(/\/$/, '') + '/__data.json';

export async function downloadAddresses(
	course: Course,
	preparedQuizModules: string[] = []
): Promise<DownloadAddress[]> {
	const pages: DownloadAddress[] = [
		{ url: '/', shared: true },
		{ url: '/cursos', shared: true },
		{ url: `/cursos/${course.id}`, shared: false },
		...course.lessons.map((l) => ({ url: `/cursos/${course.id}/${l.id}`, shared: false }))
	];
	const images = new Set<string>();
	const htmls = [
		await courseIntroHtml(course),
		...(await Promise.all(course.lessons.map(lessonHtml)))
	];
	for (const html of htmls) {
		for (const match of html.matchAll(/\ssrc="(\/media\/[^"]+)"/g)) images.add(match[1]);
	}
	const quizzes: DownloadAddress[] = preparedQuizModules.map((moduleId) => ({
		url: `/cursos/${course.id}/evaluacion/${moduleId}`,
		shared: false,
		quizModule: moduleId
	}));
	return [
		...[...pages, ...quizzes].flatMap((p) => [p, { ...p, url: dataUrl(p.url) }]),
		...[...images].map((url) => ({ url, shared: false }))
	];
}

const COMPRESSED = /^(image\/(webp|png|jpeg)|font\/)/;

/**
 * Weighs each address by asking the app itself (SvelteKit's `fetch` renders in-process, with the
 * person's cookies) and compressing the answer as the server would. Addresses that do not answer
 * 200 are left out: they could not be stored anyway.
 */
export async function weigh(
	addresses: DownloadAddress[],
	courseId: string,
	fetch: (url: string) => Promise<Response>
): Promise<DownloadList> {
	const items: DownloadList['items'] = [];
	for (const address of addresses) {
		const response = await fetch(address.url);
		if (response.status !== 200 || response.redirected) {
			await response.body?.cancel();
			continue;
		}
		const body = new Uint8Array(await response.arrayBuffer());
		const type = response.headers.get('content-type') ?? '';
		const bytes = COMPRESSED.test(type) ? body.length : gzipSync(body).length;
		items.push({ ...address, bytes });
	}
	return { courseId, items, bytes: items.reduce((sum, item) => sum + item.bytes, 0) };
}
