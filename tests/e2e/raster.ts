// Looking at a certificate the way people do: draw the page with the renderers their devices use
// (Poppler, Ghostscript, Mozilla's pdf.js in Chromium) and read the picture back with OCR. The
// text layer of a PDF can be perfect while every glyph draws blank (issue 18); only the raster
// tells. PNGs stay in test-results/ for a person to look at.
import type { Browser } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
export const RESULTS = 'test-results/certificados';

export interface Raster {
	renderer: 'poppler' | 'ghostscript' | 'pdfjs';
	png: string;
	/** Whatever the renderer complained about (missing glyphs, bad fonts); empty when clean. */
	warnings: string[];
}

/** A path under test-results/certificados/ (Playwright empties test-results/ as a run starts). */
export async function outPath(name: string): Promise<string> {
	await mkdir(RESULTS, { recursive: true });
	return `${RESULTS}/${name}`;
}

function lines(text: string): string[] {
	return text
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);
}

export async function withPoppler(pdfFile: string, name: string): Promise<Raster> {
	const base = await outPath(`${name}-poppler`);
	const { stderr } = await run('pdftoppm', ['-r', '150', '-png', '-singlefile', pdfFile, base]);
	return { renderer: 'poppler', png: `${base}.png`, warnings: lines(stderr) };
}

export async function withGhostscript(pdfFile: string, name: string): Promise<Raster> {
	const png = await outPath(`${name}-ghostscript.png`);
	const { stdout, stderr } = await run('gs', [
		'-q',
		'-dNOPAUSE',
		'-dBATCH',
		'-dSAFER',
		'-sDEVICE=png16m',
		'-r150',
		`-sOutputFile=${png}`,
		pdfFile
	]);
	// With -q a clean page prints nothing; FreeType's "invalid outline" and friends come out here.
	return { renderer: 'ghostscript', png, warnings: [...lines(stdout), ...lines(stderr)] };
}

const PDFJS_ORIGIN = 'http://pdfjs.test';
const PDFJS_PAGE = `<!doctype html><meta charset="utf-8"><body style="margin:0">
<script type="module">
import * as pdfjs from '/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.mjs';
window.renderPdf = async (base64, scale) => {
	const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
	const doc = await pdfjs.getDocument({ data, verbosity: pdfjs.VerbosityLevel.WARNINGS }).promise;
	const page = await doc.getPage(1);
	const viewport = page.getViewport({ scale });
	const canvas = document.createElement('canvas');
	canvas.width = Math.ceil(viewport.width);
	canvas.height = Math.ceil(viewport.height);
	document.body.append(canvas);
	await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
	return canvas.toDataURL('image/png');
};
window.pdfjsReady = true;
</script>`;

/** pdf.js, the viewer of Firefox and of many Android apps, drawing in Chromium. */
export async function withPdfjs(browser: Browser, pdfFile: string, name: string): Promise<Raster> {
	// A context of its own: the sin-js project turns JavaScript off, and pdf.js is JavaScript.
	const context = await browser.newContext({ javaScriptEnabled: true });
	const page = await context.newPage();
	const warnings: string[] = [];
	page.on('console', (msg) => {
		if (msg.type() === 'warning' || msg.type() === 'error' || /warning/i.test(msg.text())) {
			warnings.push(msg.text());
		}
	});
	page.on('pageerror', (e) => warnings.push(String(e)));
	await page.route(`${PDFJS_ORIGIN}/**`, async (route) => {
		const path = new URL(route.request().url()).pathname;
		if (path === '/') return route.fulfill({ contentType: 'text/html', body: PDFJS_PAGE });
		if (path === '/pdf.mjs' || path === '/pdf.worker.mjs') {
			return route.fulfill({
				contentType: 'text/javascript',
				path: require.resolve(`pdfjs-dist/build${path}`)
			});
		}
		return route.fulfill({ status: 404 });
	});
	await page.goto(`${PDFJS_ORIGIN}/`);
	await page.waitForFunction(() => 'pdfjsReady' in window);
	const base64 = (await readFile(pdfFile)).toString('base64');
	const dataUrl = await page.evaluate(
		([b64, scale]) =>
			(window as unknown as { renderPdf: (b: string, s: number) => Promise<string> }).renderPdf(
				b64,
				scale
			),
		[base64, 150 / 72] as const
	);
	await context.close();
	const png = await outPath(`${name}-pdfjs.png`);
	await writeFile(png, Buffer.from(dataUrl.split(',')[1], 'base64'));
	return { renderer: 'pdfjs', png, warnings };
}

/**
 * The text Tesseract (Spanish) reads on a PNG, on one line, spaces collapsed. `--psm 4` reads
 * one column of lines of mixed sizes, top to bottom: a certificate. The default page analysis
 * once split a centred name into two "columns" and read them out of order.
 */
export async function ocr(png: string): Promise<string> {
	const { stdout } = await run('tesseract', [png, '-', '-l', 'spa', '--psm', '4'], {
		env: { ...process.env, OMP_THREAD_LIMIT: '1' }
	});
	return flat(stdout);
}

/**
 * One line, single spaces, and a line broken after a hyphen joined again ("Suárez-\nIbáñez"),
 * so a name wrapped on the certificate still matches the name typed.
 */
export function flat(text: string): string {
	return text
		.replace(/-\s*\n\s*/g, '-')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * The fewest edits that turn `wanted` into some stretch of `text` (Sellers' algorithm). OCR of a
 * clean page slips a letter now and then (a capital Ñ read as "ÑN"); a page with blank glyphs
 * (issue 18) is dozens of edits away.
 */
export function editsToFind(text: string, wanted: string): number {
	const a = ocrCanonical(wanted);
	const b = ocrCanonical(text);
	let previous = new Array<number>(b.length + 1).fill(0);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(
				previous[j] + 1,
				current[j - 1] + 1,
				previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
			);
		}
		previous = current;
	}
	return Math.min(...previous);
}

/**
 * Codes are random, and Tesseract reads a bold 5 as S or 8 as B now and then: both sides are
 * mapped to one of each pair, so the comparison is about whether the text is on the page.
 */
function ocrCanonical(s: string): string {
	return s.replace(/5/g, 'S').replace(/8/g, 'B').replace(/2/g, 'Z');
}
