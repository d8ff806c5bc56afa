// The one typeface of certificates (PDF and share image): Noto Sans from @expo-google-fonts, and
// the rule that a name may only be printed when this font has a glyph for every character of it.
//
// Why refuse rather than fall back: the only fonts installed with the application are Noto Sans
// (Latin, Greek, Cyrillic, Devanagari, Vietnamese: 3,094 code points, the same in regular and
// bold) and the Latin-only standard fonts of pdfjs-dist. No installed package draws CJK, Arabic,
// Hebrew, Thai or emoji, and Arabic would also need right-to-left shaping that PDFKit does not do. A glyph the
// font lacks prints as a blank or an empty box, so such a name is refused before it is issued,
// with a message that names the characters, instead of becoming a certificate nobody can read.
import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const FILES = {
	regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
	bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'
} as const;

export type FontWeight = keyof typeof FILES;

let buffers: Record<FontWeight, Buffer> | undefined;
let faces: Record<FontWeight, fontkit.Font> | undefined;

/** The TTF files, read once (PDFKit subsets them for each PDF). */
export function fontFiles(): Record<FontWeight, Buffer> {
	buffers ??= {
		regular: readFileSync(require.resolve(FILES.regular)),
		bold: readFileSync(require.resolve(FILES.bold))
	};
	return buffers;
}

/** The same files parsed by fontkit: glyph coverage and outlines for the share image. */
export function fontFaces(): Record<FontWeight, fontkit.Font> {
	const files = fontFiles();
	faces ??= { regular: fontkit.create(files.regular), bold: fontkit.create(files.bold) };
	return faces;
}

/** The form a name is stored and printed in: composed accents (é, not e + ◌́). */
export function printableForm(name: string): string {
	return name.normalize('NFC');
}

const graphemes = new Intl.Segmenter('es', { granularity: 'grapheme' });

/**
 * The characters (as people see them: "王", "😀", "👩‍💻") of `name` that the certificate font
 * cannot draw, each once, in order. Empty when the whole name prints.
 */
export function unprintableCharacters(name: string): string[] {
	const { regular, bold } = fontFaces();
	const missing = new Set<string>();
	for (const { segment } of graphemes.segment(printableForm(name))) {
		for (const char of segment) {
			const cp = char.codePointAt(0)!;
			if (!regular.hasGlyphForCodePoint(cp) || !bold.hasGlyphForCodePoint(cp)) {
				missing.add(segment);
				break;
			}
		}
	}
	return [...missing];
}

/** «王» «明» — the characters a refusal names, each quoted so a lone accent or space shows. */
export function quoted(characters: string[]): string {
	return characters.map((c) => `«${c}»`).join(' ');
}
