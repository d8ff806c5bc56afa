// Uploading images to a draft, with real sharp: a large photo becomes a WebP under 100 KB in the
// draft's media, a text file renamed .jpg is refused with a Spanish message, alt text is required.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { mediaName, uploadImage } from '../../src/lib/server/content/image-upload';
import { webpSize } from '../../src/lib/server/content/render/images';
import * as studio from '../../src/lib/server/content/studio';
import { courseFiles, newDb, newUser } from './helpers';

async function setup() {
	const db = await newDb();
	const autor = { id: (await newUser(db, 'autor')).id, role: 'autor' as const };
	const prefix = 'content/courses/curso-demo/';
	const texts = Object.fromEntries(
		Object.entries(courseFiles('curso-demo')).map(([p, t]) => [p.slice(prefix.length), t])
	);
	await studio.importCourse(db, null, { id: 'curso-demo', files: { texts, media: {} } });
	return { db, autor };
}

/** A 2000×1500 photo-like PNG: gradients with grain (grain does not compress: the hard part). */
async function bigPhoto() {
	const width = 2000;
	const height = 1500;
	const raw = Buffer.alloc(width * height * 3);
	let seed = 7;
	for (let i = 0; i < raw.length; i++) {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		const x = (i / 3) % width;
		raw[i] = Math.min(255, ((x / width) * 200 + (seed % 48)) | 0);
	}
	return new Uint8Array(
		await sharp(raw, { raw: { width, height, channels: 3 } })
			.png()
			.toBuffer()
	);
}

describe('image upload', () => {
	it('turns a big photo into a WebP under 100 KB in the draft, with its alt text', async () => {
		const { db, autor } = await setup();
		const photo = await bigPhoto();
		expect(photo.length).toBeGreaterThan(1024 * 1024);
		const result = await uploadImage(db, autor, {
			courseId: 'curso-demo',
			fileName: 'Foto Tienda Ñañita.PNG',
			bytes: photo,
			alt: 'La tienda de Rosa por fuera'
		});
		expect(result.path).toBe('media/foto-tienda-nanita.webp');
		expect(result.markdown).toBe(
			'![La tienda de Rosa por fuera](../media/foto-tienda-nanita.webp)'
		);
		expect(result.bytes).toBeLessThanOrEqual(100 * 1024);
		const draft = (await studio.getDraft(db, 'curso-demo'))!;
		const stored = await studio.mediaOf(db, 'curso-demo', draft.number, result.path);
		expect(webpSize(stored!)?.width).toBeLessThanOrEqual(1000);
		const { media } = await studio.filesOf(db, 'curso-demo', draft.number);
		expect(media.find((m) => m.path === result.path)?.alt).toBe('La tienda de Rosa por fuera');
	});

	it('refuses a non-image renamed .jpg and a missing alt text, storing nothing', async () => {
		const { db, autor } = await setup();
		const upload = (bytes: Uint8Array, alt: string) =>
			uploadImage(db, autor, { courseId: 'curso-demo', fileName: 'foto.jpg', bytes, alt });
		await expect(
			upload(new TextEncoder().encode('<script>alert(1)</script>'), 'Una foto')
		).rejects.toThrow(/no es una imagen JPEG, PNG o WebP/);
		const png = new Uint8Array(
			await sharp({ create: { width: 10, height: 10, channels: 3, background: '#c00' } })
				.png()
				.toBuffer()
		);
		await expect(upload(png, ' ')).rejects.toThrow(/texto alternativo/);
		const draft = (await studio.getDraft(db, 'curso-demo'))!;
		expect((await studio.filesOf(db, 'curso-demo', draft.number)).media).toEqual([]);
		expect(mediaName('../../etc/passwd')).toBe('etc-passwd.webp');
	});
});
