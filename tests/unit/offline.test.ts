import { describe, expect, it } from 'vitest';
import {
	hideImages,
	mediaInfo,
	sizeImages,
	svgSize,
	webpSize,
	type ImageInfo
} from '../../src/lib/server/content/render/images';
import { markTime, recordOfflineMark } from '../../src/lib/server/learning/offline-sync';
import { courseRecord, enrol, markLessonDone } from '../../src/lib/server/learning/progress';
import { assetPaths } from '../../src/lib/offline/names';
import { kilobytes } from '../../src/lib/format';
import { fixtureCourse, newDb, newUser } from './helpers';

const course = fixtureCourse(); // lessons: hola, costos, precios

/** A RIFF/WEBP file with one chunk, enough for the header readers. */
function webp(chunk: string, payload: number[]): Uint8Array {
	const body = [...Buffer.from(chunk, 'ascii'), payload.length, 0, 0, 0, ...payload];
	const size = 4 + body.length;
	return new Uint8Array([
		...Buffer.from('RIFF'),
		size & 0xff,
		(size >> 8) & 0xff,
		0,
		0,
		...Buffer.from('WEBP'),
		...body,
		...new Array(16).fill(0)
	]);
}

describe('lesson image sizes', () => {
	it('reads an SVG size from width/height, else from its viewBox', () => {
		expect(svgSize('<svg xmlns="x" width="320" height="240" viewBox="0 0 10 10">')).toEqual({
			width: 320,
			height: 240
		});
		expect(svgSize('<?xml?><svg viewBox="0 0 320 220" role="img">')).toEqual({
			width: 320,
			height: 220
		});
		expect(svgSize('<svg width="100%" viewBox="0,0,64,48">')).toEqual({ width: 64, height: 48 });
		expect(svgSize('<svg width="10em">')).toBeNull();
		expect(svgSize('not an svg')).toBeNull();
	});

	it('reads a WebP size from its lossy, lossless and extended headers', () => {
		// VP8: frame tag (3 bytes), start code 9d 01 2a, 14-bit width and height (little endian).
		expect(webpSize(webp('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00]))).toEqual({
			width: 320,
			height: 240
		});
		// VP8L: signature 0x2f, then width-1 and height-1 in 14 bits each.
		const w = 640 - 1;
		const h = 360 - 1;
		const bits = w | (h << 14);
		expect(
			webpSize(
				webp('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, bits >>> 24])
			)
		).toEqual({ width: 640, height: 360 });
		// VP8X: flags, 3 reserved bytes, then width-1 and height-1 in 24 bits each.
		expect(webpSize(webp('VP8X', [0, 0, 0, 0, 0x1f, 0x03, 0, 0xdf, 0x01, 0]))).toEqual({
			width: 800,
			height: 480
		});
		expect(webpSize(new TextEncoder().encode('RIFF....WAVEfmt '.padEnd(40)))).toBeNull();
	});

	it('reads the real course figures', () => {
		expect(mediaInfo('trabajo-seguro', 'jerarquia-de-controles.svg')).toMatchObject({
			width: 320,
			height: 240
		});
		expect(mediaInfo('crea-tu-negocio', 'punto-de-equilibrio.svg')).toMatchObject({
			width: 320,
			height: 220
		});
		expect(mediaInfo('crea-tu-negocio', 'no-existe.svg')).toBeNull();
	});

	const info: ImageInfo = { width: 320, height: 220, bytes: 1867 };
	const lookup = (courseId: string, file: string) =>
		courseId === 'c' && file === 'f.svg' ? info : null;
	const html =
		'<p>Texto</p>\n<p><img loading="lazy" decoding="async" src="/media/c/f.svg" alt="Un gráfico"></p>';

	it('gives lesson images their width and height so the page does not jump', () => {
		const sized = sizeImages(html, lookup);
		expect(sized).toContain('src="/media/c/f.svg" width="320" height="220" alt="Un gráfico"');
		expect(sizeImages(sized, lookup)).toBe(sized);
		expect(sizeImages('<img src="/media/c/otra.svg">', lookup)).toBe(
			'<img src="/media/c/otra.svg">'
		);
	});

	it('the data saver puts each image behind a link, the image inert until then', () => {
		const label = (i: ImageInfo | null) => `Ver imagen (${i ? kilobytes(i.bytes) : '?'})`;
		const img = '<img loading="lazy" decoding="async" src="/media/c/f.svg" alt="Un gráfico">';
		expect(hideImages(html, label, lookup)).toBe(
			'<p>Texto</p>\n<p><a class="image-saver" id="imagen-f" href="?imagen=f.svg#imagen-f" data-show-image>' +
				`Ver imagen (2 KB)</a><template>${img}</template></p>`
		);
		// Without JavaScript the link reloads the lesson with that image shown, the others kept.
		const two = `${html}<p>${img.replace('f.svg', 'g.svg')}</p>`;
		const shown = hideImages(two, label, lookup, new Set(['f.svg']));
		expect(shown).toContain(`<p><span id="imagen-f"></span>${img}</p>`);
		expect(shown).toContain('href="?imagen=f.svg&imagen=g.svg#imagen-g"');
		expect(hideImages(html, () => '<b>&', lookup)).toContain('>&#60;b&#62;&#38;</a>');
	});
});

describe('offline helpers', () => {
	it('finds the app files a stored page needs, however SvelteKit wrote their paths', () => {
		const html =
			'<link href="../../_app/immutable/assets/0.abc.css" rel="stylesheet">' +
			'<script src="/_app/immutable/assets/phone.x1.js" defer></script>' +
			'<link rel="modulepreload" href="/_app/immutable/entry/start.q.js">' +
			'<a href="/cursos">no</a>';
		expect(assetPaths(html, 'http://x/cursos/c/l')).toEqual([
			'/_app/immutable/assets/0.abc.css',
			'/_app/immutable/assets/phone.x1.js',
			'/_app/immutable/entry/start.q.js'
		]);
	});

	it('writes weights the way people read them', () => {
		expect(kilobytes(10)).toBe('1 KB');
		expect(kilobytes(180 * 1024 + 300)).toBe('180 KB');
		expect(kilobytes(1.25 * 1024 * 1024, 'es')).toBe('1,3 MB');
		expect(kilobytes(1.25 * 1024 * 1024, 'en')).toBe('1.3 MB');
	});
});

describe('lessons marked done offline', () => {
	const now = new Date('2026-03-10T12:00:00Z');
	const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

	it("takes the phone's wrong clock out of the time it sends", () => {
		// The phone runs 3 hours late; it marked the lesson 20 minutes before sending.
		const phone = (n: number) => new Date(now.getTime() - 3 * 3600_000 + n * 60_000);
		expect(markTime(phone(-20), phone(0), now)).toEqual(minutes(-20));
		expect(markTime(minutes(-20), null, now)).toEqual(minutes(-20));
	});

	it('counts a mark once, as offline-sync, with the time it was made', async () => {
		const db = await newDb();
		const user = await newUser(db);
		await enrol(db, user.id, course.id, minutes(-120));
		const mark = { userId: user.id, course, lessonId: 'costos', now };
		const first = await recordOfflineMark(db, {
			...mark,
			completedAt: minutes(-30).toISOString(),
			sentAt: now.toISOString()
		});
		expect(first).toEqual({ ok: true, counted: true, at: minutes(-30) });
		// Sent again (the answer got lost on the way): accepted, not counted twice.
		const again = await recordOfflineMark(db, {
			...mark,
			completedAt: minutes(-30).toISOString(),
			sentAt: minutes(5).toISOString(),
			now: minutes(5)
		});
		expect(again).toMatchObject({ ok: true, counted: false });
		const rows = await db.selectFrom('lesson_progress').selectAll().execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			lesson_id: 'costos',
			source: 'offline-sync',
			completed_at: minutes(-30).toISOString()
		});
		expect((await courseRecord(db, user.id, course.id)).doneLessons).toEqual(new Set(['costos']));
	});

	it('keeps an earlier online completion time', async () => {
		const db = await newDb();
		const user = await newUser(db);
		await markLessonDone(db, {
			userId: user.id,
			courseId: course.id,
			lessonId: 'hola',
			at: minutes(-100)
		});
		const result = await recordOfflineMark(db, {
			userId: user.id,
			course,
			lessonId: 'hola',
			completedAt: minutes(-10).toISOString(),
			now
		});
		expect(result).toMatchObject({ ok: true, counted: false });
		const row = await db.selectFrom('lesson_progress').selectAll().executeTakeFirstOrThrow();
		expect(row).toMatchObject({ source: 'self', completed_at: minutes(-100).toISOString() });
	});

	it('refuses times in the future, too old, before enrolment, or nonsense', async () => {
		const db = await newDb();
		const user = await newUser(db);
		await enrol(db, user.id, course.id, minutes(-60));
		const mark = (completedAt: string, sentAt?: string, lessonId = 'hola') =>
			recordOfflineMark(db, { userId: user.id, course, lessonId, completedAt, sentAt, now });
		expect(await mark(minutes(10).toISOString())).toEqual({ ok: false, reason: 'future' });
		expect(await mark(minutes(10).toISOString(), minutes(0).toISOString())).toEqual({
			ok: false,
			reason: 'future'
		});
		expect(await mark(minutes(-61 * 24 * 60).toISOString())).toEqual({
			ok: false,
			reason: 'too-old'
		});
		expect(await mark(minutes(-90).toISOString())).toEqual({
			ok: false,
			reason: 'before-enrolment'
		});
		expect(await mark('ayer')).toEqual({ ok: false, reason: 'bad-time' });
		expect(await mark(minutes(-5).toISOString(), 'luego')).toEqual({
			ok: false,
			reason: 'bad-time'
		});
		expect(await mark(minutes(-5).toISOString(), undefined, 'no-existe')).toEqual({
			ok: false,
			reason: 'unknown-lesson'
		});
		expect(await db.selectFrom('lesson_progress').selectAll().execute()).toEqual([]);

		const stranger = await newUser(db);
		expect(
			await recordOfflineMark(db, {
				userId: stranger.id,
				course,
				lessonId: 'hola',
				completedAt: minutes(-5).toISOString(),
				now
			})
		).toEqual({ ok: false, reason: 'not-enrolled' });
	});
});
