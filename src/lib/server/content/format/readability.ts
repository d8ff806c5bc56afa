// How hard a lesson is to read for a participant with little schooling: words, sentences and
// syllables of what the reader actually sees (no Markdown markers, box tags, table pipes, URLs or
// images), the Szigriszt-Pazos index read on the INFLESZ scale, Fernández-Huerta, the reading time
// at a low-literacy pace and the longest sentences and paragraphs with their lines. Pure: used by
// content:check, /work/tools/content-report and the studio's readability panel.
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Nodes, Root } from 'mdast';
import { countSyllables, spellNumber } from './syllables.ts';

/** Reading pace of the courses' readers (issue 14): about 80 words a minute. */
export const WORDS_PER_MINUTE = 80;

export type InfleszBand = 'muy difícil' | 'algo difícil' | 'normal' | 'bastante fácil' | 'muy fácil';

export interface TextSpan {
	/** 1-based line in the text given (frontmatter lines included). */
	line: number;
	words: number;
	text: string;
}

export interface Readability {
	/** Words a reader sees (a number such as $1.650,50 is one word). */
	words: number;
	sentences: number;
	/** Syllables read aloud, numbers as spoken ("1.650" = mil seiscientos cincuenta). */
	syllables: number;
	/** Words read aloud (for the formulas): "1.650" counts as its three spoken words. */
	spokenWords: number;
	paragraphs: number;
	syllablesPerWord: number;
	wordsPerSentence: number;
	/** Szigriszt-Pazos perspicuity, the number the INFLESZ scale reads (0–100, higher = easier). */
	inflesz: number;
	band: InfleszBand;
	fernandezHuerta: number;
	/** Minutes at WORDS_PER_MINUTE, rounded up (at least 1 for any text). */
	readingMinutes: number;
	longestSentences: TextSpan[];
	longestParagraphs: TextSpan[];
}

/** The INFLESZ scale (Barrio-Cantalejo et al., 2008) for a Szigriszt-Pazos score. */
export function infleszBand(score: number): InfleszBand {
	if (score < 40) return 'muy difícil';
	if (score < 55) return 'algo difícil';
	if (score < 65) return 'normal';
	if (score <= 80) return 'bastante fácil';
	return 'muy fácil';
}

/** Szigriszt-Pazos (1993): 206.835 − 62.3 × syllables/words − words/sentences. */
export function szigrisztPazos(syllables: number, words: number, sentences: number): number {
	if (words === 0 || sentences === 0) return 0;
	return 206.835 - (62.3 * syllables) / words - words / sentences;
}

/** Fernández-Huerta (1959) in its corrected form: 206.84 − 60 × syllables/words − 1.02 ×
 * words/sentences (the published one mistook sentences per 100 words for words per sentence). */
export function fernandezHuerta(syllables: number, words: number, sentences: number): number {
	if (words === 0 || sentences === 0) return 0;
	return 206.84 - (60 * syllables) / words - (1.02 * words) / sentences;
}

export function readingMinutes(words: number): number {
	return words === 0 ? 0 : Math.ceil(words / WORDS_PER_MINUTE);
}

interface Piece {
	start: number;
	line: number;
}

/** A block of running text (paragraph, heading, table cell) with the source line of each piece. */
class Block {
	text = '';
	pieces: Piece[] = [];
	constructor(
		readonly line: number,
		readonly isParagraph: boolean
	) {}
	add(value: string, line: number) {
		value.split('\n').forEach((part, i) => {
			if (i > 0 || this.text !== '') this.text += i > 0 ? '\n' : '';
			this.pieces.push({ start: this.text.length, line: line + i });
			this.text += part;
		});
	}
	lineAt(index: number): number {
		let line = this.line;
		for (const p of this.pieces) if (p.start <= index) line = p.line;
		return line;
	}
}

const BOX_MARKER = /^\[![^\]\n]*\][ \t]*/;
const URL = /\b(?:https?:\/\/|www\.)\S+/g;
// A sentence ends at . ! ? … (and their closing quotes or brackets) before a space or a line
// break and something that does not continue it in lower case ("etc. y más" stays one sentence).
const SENTENCE_END = /[.!?…]+["»”’')\]]*(?=\s+(?![a-záéíóúñü])|\s*$)/g;

function collectBlocks(tree: Root): Block[] {
	const blocks: Block[] = [];
	const inline = (node: Nodes, block: Block) => {
		switch (node.type) {
			case 'text':
			case 'inlineCode':
				block.add(node.value, node.position?.start.line ?? block.line);
				return;
			case 'break':
				block.add('\n', node.position?.start.line ?? block.line);
				return;
			case 'link': {
				const label = node.children.map((c) => ('value' in c ? c.value : '')).join('');
				if (label.trim() === node.url.trim() || label.replace(/^mailto:/, '') === node.url.replace(/^mailto:/, '')) return;
				for (const c of node.children) inline(c, block);
				return;
			}
			case 'image':
			case 'imageReference':
			case 'html':
			case 'footnoteReference':
				return;
			default:
				if ('children' in node) for (const c of node.children) inline(c as Nodes, block);
		}
	};
	const walk = (node: Nodes) => {
		switch (node.type) {
			case 'paragraph':
			case 'heading':
			case 'tableCell': {
				const block = new Block(node.position?.start.line ?? 1, node.type === 'paragraph');
				for (const c of node.children) inline(c, block);
				blocks.push(block);
				return;
			}
			case 'code':
			case 'html':
			case 'definition':
			case 'yaml':
				return;
			default:
				if ('children' in node) for (const c of node.children) walk(c as Nodes);
		}
	};
	walk(tree);
	return blocks;
}

interface Token {
	/** Words and syllables spoken for the token. */
	spoken: number;
	syllables: number;
}

/** What a reader says for one whitespace-separated token; null if nothing is read. */
function readToken(token: string): Token | null {
	if (!/[\p{L}\p{N}]/u.test(token)) return null;
	// "093-2025", "24/7", "10–28": each part is read on its own.
	const numberParts = token.split(/[-/–—]/).filter((p) => /[\p{L}\p{N}]/u.test(p));
	if (numberParts.length > 1 && /\d/.test(token)) {
		const read = numberParts.map(readToken).filter((r): r is Token => r !== null);
		return {
			spoken: read.reduce((n, r) => n + r.spoken, 0),
			syllables: read.reduce((n, r) => n + r.syllables, 0)
		};
	}
	if (/\d/.test(token)) {
		const words = spellNumber(token);
		if (/%/.test(token)) words.push('por', 'ciento');
		// Letters glued to a number ("2do", "10am", "m2") are read too.
		const letters = token.replace(/[\d.,$%]/g, '').replace(/[^\p{L}]/gu, '');
		if (letters) words.push(letters);
		if (words.length === 0) return { spoken: 1, syllables: 1 };
		return { spoken: words.length, syllables: words.reduce((s, w) => s + countSyllables(w), 0) };
	}
	// Hyphenated and slashed compounds (socio-económico, y/o) are read as their parts.
	const parts = token.split(/[-/]/).filter((p) => /\p{L}/u.test(p));
	if (parts.length === 0) return null;
	return { spoken: 1, syllables: parts.reduce((s, p) => s + countSyllables(p), 0) };
}

/** Words a reader sees in a stretch of text. */
function wordsIn(text: string): string[] {
	return text.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t));
}

function squeeze(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/**
 * Reads a lesson (or any Markdown: with or without its frontmatter) the way a participant meets
 * it. Lines in the result are lines of `markdown` as given.
 */
export function analyseReadability(markdown: string, options: { top?: number } = {}): Readability {
	const top = options.top ?? 3;
	const text = markdown.replace(/\r\n?/g, '\n');
	let body = text;
	let offset = 0;
	const fm = /^---\n[\s\S]*?\n---[ \t]*(?:\n|$)/.exec(text);
	if (fm) {
		offset = fm[0].split('\n').length - 1;
		body = text.slice(fm[0].length);
	}
	const tree = unified().use(remarkParse).use(remarkGfm).parse(body) as Root;
	const blocks = collectBlocks(tree);

	let words = 0;
	let spokenWords = 0;
	let syllables = 0;
	let paragraphs = 0;
	const sentences: TextSpan[] = [];
	const paragraphSpans: TextSpan[] = [];

	for (const block of blocks) {
		// A box's first line holds its kind and title: the title is read as a heading of its own.
		const marker = BOX_MARKER.exec(block.text);
		let content = block.text;
		let from = 0;
		if (marker) {
			from = marker[0].length;
			const end = block.text.indexOf('\n', from);
			const title = block.text.slice(from, end === -1 ? undefined : end);
			if (wordsIn(title).length) {
				sentences.push({ line: block.lineAt(from) + offset, words: 0, text: title });
			}
			from = end === -1 ? block.text.length : end + 1;
		}
		content = block.text.slice(0, from).replace(/[^\n]/g, ' ') + block.text.slice(from);
		content = content.replace(URL, (u) => ' '.repeat(u.length));
		if (block.isParagraph && wordsIn(content).length > 0) {
			paragraphs++;
			paragraphSpans.push({
				line: block.lineAt(from) + offset,
				words: wordsIn(content).length,
				text: squeeze(content)
			});
		}
		let start = from;
		const ends = [...content.matchAll(SENTENCE_END)].map((m) => (m.index ?? 0) + m[0].length);
		for (const end of [...ends, content.length]) {
			if (end <= start) continue;
			const piece = content.slice(start, end);
			const lead = piece.length - piece.trimStart().length;
			if (wordsIn(piece).length) {
				sentences.push({ line: block.lineAt(start + lead) + offset, words: 0, text: squeeze(piece) });
			}
			start = end;
		}
	}

	for (const s of sentences) {
		const tokens = wordsIn(s.text);
		s.words = tokens.length;
		words += tokens.length;
		for (const t of tokens) {
			const r = readToken(t);
			if (!r) continue;
			spokenWords += r.spoken;
			syllables += r.syllables;
		}
	}

	const inflesz = szigrisztPazos(syllables, spokenWords, sentences.length);
	const byLength = (a: TextSpan, b: TextSpan) => b.words - a.words || a.line - b.line;
	return {
		words,
		sentences: sentences.length,
		syllables,
		spokenWords,
		paragraphs,
		syllablesPerWord: spokenWords ? syllables / spokenWords : 0,
		wordsPerSentence: sentences.length ? spokenWords / sentences.length : 0,
		inflesz: round1(inflesz),
		band: infleszBand(inflesz),
		fernandezHuerta: round1(fernandezHuerta(syllables, spokenWords, sentences.length)),
		readingMinutes: readingMinutes(words),
		longestSentences: [...sentences].sort(byLength).slice(0, top),
		longestParagraphs: [...paragraphSpans].sort(byLength).slice(0, top)
	};
}

function round1(n: number): number {
	return Math.round(n * 10) / 10;
}
