// The picture a shared verification link shows (Open Graph, 1200 × 630): name, course, date and
// "verificado". Drawn here as SVG whose letters are Noto Sans outlines (fontkit), rendered to PNG
// by sharp: the server needs no installed fonts, and the image reads the same everywhere.
import sharp from 'sharp';
import { fontFaces, type FontWeight } from './fonts';

export const SHARE_IMAGE = { width: 1200, height: 630 } as const;

export interface ShareImageInput {
	name: string;
	courseTitle: string;
	hours: number;
	date: string;
	code: string;
	programme: string;
	host: string;
}

const INK = '#1c2430';
const MUTED = '#4f5b6b';
const BRAND = '#0b6b5a';
const OK = '#126b2f';

function advance(text: string, weight: FontWeight, size: number): number {
	const font = fontFaces()[weight];
	return (font.layout(text).advanceWidth * size) / font.unitsPerEm;
}

/** One line of text as glyph outlines; x is the left edge, or the centre when `centre` is set. */
function textPath(
	text: string,
	o: { x: number; y: number; size: number; weight: FontWeight; fill: string; centre?: boolean }
): string {
	const font = fontFaces()[o.weight];
	const run = font.layout(text);
	const scale = o.size / font.unitsPerEm;
	const left = o.centre ? o.x - (run.advanceWidth * scale) / 2 : o.x;
	let pen = 0;
	const paths: string[] = [];
	run.glyphs.forEach((glyph, i) => {
		const pos = run.positions[i];
		const d = glyph.path.toSVG();
		if (d) {
			paths.push(`<path transform="translate(${pen + pos.xOffset} ${pos.yOffset})" d="${d}"/>`);
		}
		pen += pos.xAdvance;
	});
	// Font units have y going up; the SVG's go down.
	return `<g fill="${o.fill}" transform="translate(${left.toFixed(1)} ${o.y}) scale(${scale.toFixed(5)} ${(-scale).toFixed(5)})">${paths.join('')}</g>`;
}

/** The largest size (down to `min`) at which `text` fits `width`; below it, two lines. */
function fit(text: string, weight: FontWeight, size: number, min: number, width: number) {
	let s = size;
	while (s > min && advance(text, weight, s) > width) s -= 2;
	if (advance(text, weight, s) <= width) return { size: s, lines: [text] };
	const words = text.split(' ');
	let best = [text];
	let bestWidth = Infinity;
	for (let i = 1; i < words.length; i++) {
		const lines = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
		const widest = Math.max(...lines.map((l) => advance(l, weight, s)));
		if (widest < bestWidth) [best, bestWidth] = [lines, widest];
	}
	while (s > 20 && (bestWidth * (s - 2)) / s > width) s -= 2;
	while (s > 20 && Math.max(...best.map((l) => advance(l, weight, s))) > width) s -= 2;
	return { size: s, lines: best };
}

export function shareImageSvg(input: ShareImageInput): string {
	const { width, height } = SHARE_IMAGE;
	const centre = width / 2;
	const textWidth = width - 160;
	const parts: string[] = [];
	let y = 118;
	parts.push(
		textPath(input.programme, { x: centre, y, size: 30, weight: 'bold', fill: BRAND, centre: true })
	);

	// "✓ Certificado verificado": the tick is drawn, Noto Sans has no ✓.
	const label = 'Certificado verificado';
	const labelSize = 36;
	const labelWidth = advance(label, 'bold', labelSize);
	const tick = 44;
	const startX = centre - (labelWidth + tick + 14) / 2;
	y += 70;
	parts.push(
		`<circle cx="${startX + tick / 2}" cy="${y - 13}" r="${tick / 2}" fill="${OK}"/>`,
		`<path d="M${startX + 11} ${y - 13} l8 9 l15 -18" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round" stroke-linejoin="round"/>`,
		textPath(label, { x: startX + tick + 14, y, size: labelSize, weight: 'bold', fill: OK })
	);

	const name = fit(input.name, 'bold', 64, 40, textWidth);
	y += 40;
	for (const line of name.lines) {
		y += name.size * 1.2;
		parts.push(
			textPath(line, { x: centre, y, size: name.size, weight: 'bold', fill: INK, centre: true })
		);
	}
	y += 58;
	parts.push(
		textPath('aprobó el curso', {
			x: centre,
			y,
			size: 28,
			weight: 'regular',
			fill: MUTED,
			centre: true
		})
	);
	const course = fit(input.courseTitle, 'bold', 40, 30, textWidth);
	for (const line of course.lines) {
		y += course.size * 1.25;
		parts.push(
			textPath(line, { x: centre, y, size: course.size, weight: 'bold', fill: INK, centre: true })
		);
	}
	parts.push(
		textPath(`${input.date} · ${input.hours} horas`, {
			x: centre,
			y: height - 92,
			size: 28,
			weight: 'regular',
			fill: INK,
			centre: true
		}),
		textPath(`${input.host}/verificar · ${input.code}`, {
			x: centre,
			y: height - 50,
			size: 24,
			weight: 'regular',
			fill: MUTED,
			centre: true
		})
	);
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<rect width="${width}" height="${height}" fill="#ffffff"/>
<rect x="18" y="18" width="${width - 36}" height="${height - 36}" fill="none" stroke="${BRAND}" stroke-width="8"/>
<rect x="34" y="34" width="${width - 68}" height="${height - 68}" fill="none" stroke="${BRAND}" stroke-width="2"/>
${parts.join('\n')}
</svg>`;
}

// Rendering takes ~0.1 s of CPU and a shared link is fetched by every chat app that previews it:
// the last few images are kept. The key holds everything drawn, so nothing cached goes stale.
const CACHE_SIZE = 100;
const cache = new Map<string, Promise<Buffer>>();

export function shareImagePng(input: ShareImageInput): Promise<Buffer> {
	const key = JSON.stringify(input);
	let png = cache.get(key);
	if (png) {
		cache.delete(key);
	} else {
		png = sharp(Buffer.from(shareImageSvg(input)))
			.png({ compressionLevel: 9, palette: true, colours: 64 })
			.toBuffer();
		png.catch(() => cache.delete(key));
	}
	cache.set(key, png);
	if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
	return png;
}
