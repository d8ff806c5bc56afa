// fontkit 2 (installed with PDFKit) ships no types: the little the certificates use of it.
declare module 'fontkit' {
	export interface Path {
		toSVG(): string;
	}
	export interface Glyph {
		id: number;
		advanceWidth: number;
		path: Path;
	}
	export interface GlyphPosition {
		xAdvance: number;
		yAdvance: number;
		xOffset: number;
		yOffset: number;
	}
	export interface GlyphRun {
		glyphs: Glyph[];
		positions: GlyphPosition[];
		advanceWidth: number;
	}
	export interface Font {
		postscriptName: string;
		unitsPerEm: number;
		ascent: number;
		descent: number;
		capHeight: number;
		characterSet: number[];
		hasGlyphForCodePoint(codePoint: number): boolean;
		layout(text: string, features?: string[] | Record<string, boolean>): GlyphRun;
	}
	export function create(buffer: Buffer | Uint8Array, postscriptName?: string): Font;
	export function openSync(path: string, postscriptName?: string): Font;
}
