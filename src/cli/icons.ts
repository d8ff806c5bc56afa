// `npx tsx src/cli/icons.ts`: draws the app icons in static/ from static/favicon.svg with Debian's
// Chromium (installable apps want PNGs too): icon-192.png and icon-512.png as they are, and
// icon-maskable-512.png full-bleed with the mark inside the safe circle, for Android's shapes.
import { chromium } from '@playwright/test';
import { readFile } from 'node:fs/promises';

const svg = await readFile('static/favicon.svg', 'utf8');
const inner = svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
const mark = inner.replace(/<rect[^>]*\/>/, '');

const pages: { file: string; size: number; body: string }[] = [
	{ file: 'static/icon-192.png', size: 192, body: svg },
	{ file: 'static/icon-512.png', size: 512, body: svg },
	{
		file: 'static/icon-maskable-512.png',
		size: 512,
		// Full square in the brand colour; the mark at 60 % so every mask shape keeps it whole.
		body: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#0b6b5a"/><g transform="translate(12.8 12.8) scale(0.6)">${mark}</g></svg>`
	}
];

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox']
});
for (const { file, size, body } of pages) {
	const page = await browser.newPage({ viewport: { width: size, height: size } });
	const sized = body.replace('<svg ', `<svg width="${size}" height="${size}" `);
	await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${sized}`);
	await page.screenshot({ path: file, omitBackground: true });
	await page.close();
	console.log(file);
}
await browser.close();
