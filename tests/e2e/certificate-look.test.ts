// What a certificate looks like where people meet it: the PDF drawn by Poppler, Ghostscript and
// pdf.js and read back by OCR; the printable page at A4 and on a phone; the preview a shared
// verification link shows. Pictures are kept in test-results/certificados/ for a person to see.
import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { reissueCertificate } from '../../src/lib/server/admin/certificates';
import { createUser } from '../../src/lib/server/auth/users';
import {
	MAX_PRINTED_NAME,
	revokeCertificate
} from '../../src/lib/server/certificates/certificates';
import type { Db } from '../../src/lib/server/db';
import {
	expectNoHorizontalScroll,
	insertCertificate,
	realCourse,
	serverDatabase,
	signIn,
	signUp,
	uniqueName
} from './helpers';
import {
	RESULTS,
	outPath,
	editsToFind,
	flat,
	ocr,
	withGhostscript,
	withPdfjs,
	withPoppler,
	type Raster
} from './raster';

const run = promisify(execFile);

/** The participant that `signUp` made, looked up in the server's database. */
async function userId(username: string): Promise<string> {
	const db = serverDatabase();
	const row = await db
		.selectFrom('users')
		.select('id')
		.where('username', '=', username)
		.executeTakeFirstOrThrow();
	await db.destroy();
	return row.id;
}

async function newAccount(db: Db, role: 'participant' | 'admin') {
	const username = uniqueName(`cert-${role}`);
	const user = await createUser(db, {
		username,
		displayName: 'Prueba certificados',
		password: 'clave-segura-1',
		role
	});
	return { id: user!.id, username };
}

const LONGEST = 'Rosa María Fernanda de los Ángeles Quishpe Ñáñez Suárez Villavicencio Guamán Paz';

/** Finds each of `wanted` in what OCR read, allowing one slip of the OCR per text. */
function expectRead(read: string, wanted: string[], where: string) {
	for (const text of wanted) {
		const edits = editsToFind(read, text);
		expect(edits, `${where}: «${text}» not on the page; OCR read «${read}»`).toBeLessThanOrEqual(1);
	}
}

test('each kind of certificate PDF draws completely in Poppler, Ghostscript and pdf.js', async ({
	page,
	browser
}, testInfo) => {
	test.skip(testInfo.project.name !== 'con-js', 'the same PDFs either way: one project is enough');
	test.setTimeout(300_000);
	expect(LONGEST).toHaveLength(MAX_PRINTED_NAME);
	const db = serverDatabase();
	// An administrator downloads them all: each belongs to a different participant.
	const admin = await newAccount(db, 'admin');
	const kinds: { kind: string; name: string; course: string; code: string }[] = [];
	for (const [kind, name, courseId] of [
		['corto', 'Ana Paz', 'crea-tu-negocio'],
		['tildes', 'María José Quishpe Ñáñez de la Peña', 'finanzas'],
		['mas-largo', LONGEST, 'trabajo-seguro']
	]) {
		const course = await realCourse(courseId);
		const code = await insertCertificate(
			db,
			(await newAccount(db, 'participant')).id,
			course,
			name
		);
		kinds.push({ kind, name, course: course.title, code });
	}
	// Re-issued after a name correction: the old code is revoked and points to the new one.
	const course = await realCourse('finanzas');
	const wrong = await insertCertificate(
		db,
		(await newAccount(db, 'participant')).id,
		course,
		'Nusta Anez'
	);
	const reissued = await reissueCertificate(db, {
		code: wrong,
		name: 'Ñusta Añez Guamán',
		actorId: admin.id
	});
	if (!reissued.ok) throw new Error(`not re-issued: ${reissued.reason}`);
	kinds.push({
		kind: 'reemitido',
		name: 'Ñusta Añez Guamán',
		course: course.title,
		code: reissued.code
	});
	await signIn(page, admin.username);

	const report: string[] = [];
	for (const { kind, name, course, code } of kinds) {
		const response = await page.request.get(`/certificados/${code}.pdf`);
		expect(response.headers()['content-type']).toBe('application/pdf');
		const pdf = await response.body();
		expect(pdf.byteLength, `${kind}: size`).toBeLessThan(100 * 1024);
		const file = await outPath(`${kind}.pdf`);
		await writeFile(file, pdf);
		const { stdout: info } = await run('pdfinfo', [file]);
		expect(info).toMatch(/Pages:\s+1\n/);
		expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
		const rasters: Raster[] = [
			await withPoppler(file, kind),
			await withGhostscript(file, kind),
			await withPdfjs(browser, file, kind)
		];
		for (const raster of rasters) {
			const where = `${kind} in ${raster.renderer}`;
			expect(raster.warnings, `${where}: renderer warnings`).toEqual([]);
			const read = await ocr(raster.png);
			expectRead(read, [name, course, code], where);
			report.push(
				`${where}: ${pdf.byteLength} B, edits name/course/code ${[name, course, code].map((t) => editsToFind(read, t)).join('/')}`
			);
		}
	}
	testInfo.annotations.push({ type: 'render', description: report.join('\n') });
	console.log(report.join('\n'));
	// Other journeys count the administrators (the demo one must stay the last active one).
	await db
		.updateTable('users')
		.set({ disabled_at: new Date().toISOString() })
		.where('id', '=', admin.id)
		.execute();
	await db.destroy();
});

async function certificatePage(page: Page, name: string, courseId: string) {
	const username = await signUp(page);
	const course = await realCourse(courseId);
	const db = serverDatabase();
	const code = await insertCertificate(db, await userId(username), course, name);
	await db.destroy();
	await page.goto(`/cursos/${course.id}/certificado`);
	return { code, course };
}

test('the printable page and the PDF are one document: same words, same order, one A4 sheet', async ({
	page
}, testInfo) => {
	test.setTimeout(120_000);
	const project = testInfo.project.name;
	const name = 'María José Quishpe Ñáñez';
	const { code, course } = await certificatePage(page, name, 'finanzas');
	await expect(page.locator('.certificate')).toContainText(name);
	await expectNoHorizontalScroll(page);
	await page.screenshot({ path: `${RESULTS}/pagina-360-${project}.png`, fullPage: true });

	// Printed, the page is one A4 landscape sheet with nothing but the certificate.
	await page.emulateMedia({ media: 'print' });
	await page.setViewportSize({ width: 1123, height: 794 });
	await page.screenshot({ path: `${RESULTS}/pagina-impresa-${project}.png` });
	const printed = `${RESULTS}/pagina-impresa-${project}.pdf`;
	await page.pdf({ path: printed, preferCSSPageSize: true, printBackground: true });
	const { stdout: info } = await run('pdfinfo', [printed]);
	expect(info).toMatch(/Pages:\s+1\n/);
	expect(info).toMatch(/Page size:\s+84[12]\.\d+ x 59[45]\.\d+ pts \(A4\)/);
	const html = flat(await ocr((await withPoppler(printed, `pagina-impresa-${project}`)).png));

	const response = await page.request.get(`/certificados/${code}.pdf`);
	const file = await outPath(`pagina-pdf-${project}.pdf`);
	await writeFile(file, await response.body());
	const pdf = flat(await ocr((await withPoppler(file, `pagina-pdf-${project}`)).png));

	// The same lines, in the same order, on both.
	const lines = [
		'CERTIFICADO DE APROBACIÓN',
		'Se certifica que',
		name,
		'completó y aprobó el curso',
		course.title,
		`${course.hours} horas de estudio`,
		'Código de verificación',
		code,
		'Cualquier persona puede verificarlo en',
		// The URL's code is in 11 pt type, where OCR slips more than once; the big code above counts.
		'/verificar/'
	];
	for (const [what, read] of [
		['printed page', html],
		['PDF', pdf]
	]) {
		expectRead(read, lines, what);
		// The main block must read in order; the footer (code, QR, URL) sits in columns that OCR
		// may read in either order on the HTML page, so there only presence counts (above).
		const positions = lines
			.slice(0, 6)
			.map((l) => read.indexOf(l))
			.filter((i) => i >= 0);
		expect(positions, `${what}: lines out of order`).toEqual([...positions].sort((a, b) => a - b));
	}
});

function metaTags(html: string): Record<string, string> {
	const tags: Record<string, string> = {};
	for (const [, key, value] of html.matchAll(
		/<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"/g
	)) {
		tags[key] = value;
	}
	return tags;
}

test('a shared verification link shows the certificate; revoked and unknown codes show nothing', async ({
	page
}, testInfo) => {
	test.setTimeout(120_000);
	const name = 'Ñusta Añez Guamán';
	const { code, course } = await certificatePage(page, name, 'crea-tu-negocio');

	const html = await (await page.request.get(`/verificar/${code}`)).text();
	const tags = metaTags(html);
	const origin = new URL(page.url()).origin;
	expect(tags).toMatchObject({
		'og:title': `${name} · Certificado verificado`,
		'og:url': `${origin}/verificar/${code}`,
		'og:image': `${origin}/verificar/${code}/imagen.png`,
		'og:image:width': '1200',
		'og:image:height': '630',
		'twitter:card': 'summary_large_image',
		'twitter:image': `${origin}/verificar/${code}/imagen.png`
	});
	expect(tags['og:description']).toContain(course.title);

	const image = await page.request.get(tags['og:image']);
	expect(image.status()).toBe(200);
	expect(image.headers()['content-type']).toBe('image/png');
	expect(image.headers()['cache-control']).toContain('public');
	const png = await image.body();
	const meta = await sharp(png).metadata();
	expect([meta.width, meta.height]).toEqual([1200, 630]);
	const file = await outPath(`compartir-${testInfo.project.name}.png`);
	await writeFile(file, png);
	expectRead(await ocr(file), [name, course.title, 'Certificado verificado'], 'share image');
	const again = await page.request.get(tags['og:image'], {
		headers: { 'if-none-match': image.headers()['etag'] }
	});
	expect(again.status()).toBe(304);

	// "Compartir" offers the link, with or without JavaScript.
	await page.goto(`/verificar/${code}`);
	await expect(page.getByLabel('Enlace de verificación')).toHaveValue(
		`${origin}/verificar/${code}`
	);
	await expect(page.getByRole('link', { name: 'Ver la imagen para compartir' })).toHaveAttribute(
		'href',
		tags['og:image']
	);
	await expectNoHorizontalScroll(page);
	await page.screenshot({
		path: `${RESULTS}/verificar-360-${testInfo.project.name}.png`,
		fullPage: true
	});

	// Revoked: the page says so, and there is no preview or picture to spread.
	const db = serverDatabase();
	await revokeCertificate(db, { code, reason: 'Prueba de revocación', actorId: null });
	await db.destroy();
	const revoked = await page.request.get(`/verificar/${code}`);
	expect(await revoked.text()).toContain('Certificado revocado');
	expect(metaTags(await revoked.text())).toEqual({});
	expect((await page.request.get(`/verificar/${code}/imagen.png`)).status()).toBe(404);
	await page.goto(`/verificar/${code}`);
	await expect(page.getByLabel('Enlace de verificación')).toHaveCount(0);

	const unknown = await page.request.get('/verificar/MA-2222-3333-44');
	expect(unknown.status()).toBe(404);
	expect(metaTags(await unknown.text())).toEqual({});
	expect((await page.request.get('/verificar/MA-2222-3333-44/imagen.png')).status()).toBe(404);
	expect((await page.request.get('/verificar/hola/imagen.png')).status()).toBe(404);
});

test('where the browser can share files, "Compartir la imagen" shares the PNG', async ({
	page
}, testInfo) => {
	test.skip(testInfo.project.name !== 'con-js', 'the Web Share API needs JavaScript');
	// Headless Chromium has no share sheet: stand in for the phone's, and record what it gets.
	await page.addInitScript(() => {
		const w = window as unknown as { shared: unknown[] };
		w.shared = [];
		Object.assign(navigator, {
			canShare: (data: ShareData) => Array.isArray(data.files),
			share: async (data: ShareData) => {
				w.shared.push({
					url: data.url,
					files: data.files?.map((f) => ({ name: f.name, type: f.type, size: f.size }))
				});
			}
		});
	});
	const { code } = await certificatePage(page, 'Ana Paz', 'finanzas');
	const count = () =>
		page.evaluate(() => (window as unknown as { shared: unknown[] }).shared.length);
	await page.getByRole('button', { name: 'Compartir la imagen' }).click();
	await expect.poll(count).toBe(1);
	await page.getByRole('button', { name: 'Compartir', exact: true }).click();
	await expect.poll(count).toBe(2);
	const shared = await page.evaluate(() => (window as unknown as { shared: unknown[] }).shared);
	expect(shared[0]).toMatchObject({
		files: [{ name: `certificado-${code}.png`, type: 'image/png' }]
	});
	expect((shared[0] as { files: { size: number }[] }).files[0].size).toBeGreaterThan(5000);
	expect((shared[1] as { url: string }).url).toContain(`/verificar/${code}`);
});
