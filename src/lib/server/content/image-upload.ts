// Images an author uploads to a draft: JPEG, PNG or WebP from a phone or a laptop, turned into a
// WebP under the 100 KB a lesson image may weigh (content:check's limit), with its alt text
// required. Anything else is refused with a Spanish message, before anything is stored.
import sharp from 'sharp';
import type { Db } from '../db';
import { ContentStudioError, putMedia, type Actor } from './studio';

/** What a phone may send (a 12-megapixel photo is about 5 MB; 20 MB is clearly not a photo). */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
/** The weight content:check allows an image. */
export const MAX_IMAGE_BYTES = 100 * 1024;
/** Wide enough for a phone at 2× and a laptop column. */
const MAX_WIDTH = 1000;
const ACCEPTED = new Set(['jpeg', 'png', 'webp']);

/** The name a file gets in media/: lowercase words without accents, ending in .webp. */
export function mediaName(original: string): string {
	const base =
		original
			.replace(/\.[a-z0-9]{1,5}$/i, '')
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 50) || 'imagen';
	return `${base}.webp`;
}

/** Converts an uploaded image to WebP under MAX_IMAGE_BYTES (smaller and plainer until it fits). */
export async function toLessonWebp(bytes: Uint8Array): Promise<Uint8Array> {
	if (bytes.length > MAX_UPLOAD_BYTES) {
		throw new ContentStudioError(
			`La imagen pesa ${(bytes.length / 1024 / 1024).toFixed(1)} MB: el máximo es 15 MB. Envía una foto más pequeña.`
		);
	}
	let format: string | undefined;
	try {
		format = (await sharp(bytes).metadata()).format;
	} catch {
		format = undefined;
	}
	if (!format || !ACCEPTED.has(format)) {
		throw new ContentStudioError(
			'Ese archivo no es una imagen JPEG, PNG o WebP. Sube una foto o un dibujo en uno de esos formatos.'
		);
	}
	for (const [width, quality] of [
		[MAX_WIDTH, 75],
		[MAX_WIDTH, 60],
		[800, 55],
		[640, 50],
		[480, 45]
	] as const) {
		const out = await sharp(bytes)
			.rotate()
			.resize({ width, withoutEnlargement: true })
			.webp({ quality })
			.toBuffer();
		if (out.length <= MAX_IMAGE_BYTES) return new Uint8Array(out);
	}
	throw new ContentStudioError('No se pudo dejar la imagen por debajo de 100 KB. Prueba con otra más sencilla.');
}

/** Puts an uploaded image into the course's draft as media/<name>.webp, with its alt text. */
export async function uploadImage(
	db: Db,
	actor: Actor,
	input: { courseId: string; fileName: string; bytes: Uint8Array; alt: string }
): Promise<{ path: string; markdown: string; bytes: number }> {
	const alt = input.alt.replace(/\s+/g, ' ').trim();
	if (alt.length < 3 || alt.length > 200) {
		throw new ContentStudioError(
			'Describe la imagen en el texto alternativo (de 3 a 200 caracteres): lo escuchan quienes no la ven.'
		);
	}
	const webp = await toLessonWebp(input.bytes);
	const { path } = await putMedia(db, actor, {
		courseId: input.courseId,
		name: mediaName(input.fileName),
		bytes: webp,
		alt
	});
	return { path, markdown: `![${alt.replace(/[[\]]/g, '')}](../${path})`, bytes: webp.length };
}
