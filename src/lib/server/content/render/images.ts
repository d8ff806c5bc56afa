// Lesson images on the page: their pixel size (read from the SVG viewBox or the WebP header) so a
// phone reserves their space before they arrive, and the data-saver form that hides them behind a
// tap. Pure functions over HTML strings, plus a cached read of content/courses/<id>/media.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ImageInfo {
	width: number;
	height: number;
	bytes: number;
}

type Size = { width: number; height: number };

const positive = (n: number) => Number.isFinite(n) && n > 0;

/** An SVG's size: its width/height attributes when both are plain numbers, else its viewBox. */
export function svgSize(text: string): Size | null {
	const tag = /<svg\b[^>]*>/i.exec(text)?.[0];
	if (!tag) return null;
	const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
	const width = Number(attr('width')?.replace(/px$/, ''));
	const height = Number(attr('height')?.replace(/px$/, ''));
	if (positive(width) && positive(height)) return { width, height };
	const box = attr('viewBox')?.trim().split(/[\s,]+/).map(Number);
	if (box?.length === 4 && positive(box[2]) && positive(box[3])) {
		return { width: box[2], height: box[3] };
	}
	return null;
}

/** A WebP's size from its RIFF header: lossy (VP8), lossless (VP8L) or extended (VP8X). */
export function webpSize(data: Uint8Array): Size | null {
	const ascii = (from: number, to: number) => String.fromCharCode(...data.subarray(from, to));
	if (data.length < 30 || ascii(0, 4) !== 'RIFF' || ascii(8, 12) !== 'WEBP') return null;
	const u16 = (i: number) => data[i] | (data[i + 1] << 8);
	const u24 = (i: number) => data[i] | (data[i + 1] << 8) | (data[i + 2] << 16);
	switch (ascii(12, 16)) {
		case 'VP8 ':
			// Frame header: 3-byte tag, start code 9d 01 2a, then 14-bit width and height.
			if (data[23] !== 0x9d || data[24] !== 0x01 || data[25] !== 0x2a) return null;
			return { width: u16(26) & 0x3fff, height: u16(28) & 0x3fff };
		case 'VP8L': {
			if (data[20] !== 0x2f) return null;
			const bits = data[21] | (data[22] << 8) | (data[23] << 16) | (data[24] << 24);
			return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
		}
		case 'VP8X':
			return { width: u24(24) + 1, height: u24(27) + 1 };
		default:
			return null;
	}
}

const infos = new Map<string, ImageInfo | null>();

/** Size and weight of a course's media file, read once; null when missing or unreadable. */
export function mediaInfo(courseId: string, file: string, root = 'content'): ImageInfo | null {
	const key = `${root}/${courseId}/${file}`;
	if (infos.has(key)) return infos.get(key)!;
	let info: ImageInfo | null = null;
	try {
		const data = readFileSync(join(root, 'courses', courseId, 'media', file));
		const size = file.endsWith('.svg') ? svgSize(data.toString('utf8')) : webpSize(data);
		if (size) info = { ...size, bytes: data.length };
	} catch {
		info = null;
	}
	infos.set(key, info);
	return info;
}

const MEDIA_IMG = /<img\b([^>]*?)\ssrc="\/media\/([a-z0-9-]+)\/([^"]+)"([^>]*)>/g;

/** Adds width and height to every lesson image whose size is known (unless already there). */
export function sizeImages(
	html: string,
	lookup: (courseId: string, file: string) => ImageInfo | null
): string {
	return html.replace(MEDIA_IMG, (tag, before: string, courseId: string, file: string, after) => {
		const info = lookup(courseId, file);
		if (!info || /\swidth=/.test(tag)) return tag;
		return `<img${before} src="/media/${courseId}/${file}" width="${info.width}" height="${info.height}"${after}>`;
	});
}

const anchor = (file: string) => 'imagen-' + file.replace(/\.[a-z]+$/, '');

/**
 * The data-saver form of a lesson: each image becomes a link that shows it, and the image waits,
 * inert, in a <template> (never fetched). Without JavaScript the link reloads the lesson with that
 * image shown (`?imagen=<file>`, kept in `shown`); with it, phone.js swaps the image in place.
 */
export function hideImages(
	html: string,
	label: (info: ImageInfo | null) => string,
	lookup: (courseId: string, file: string) => ImageInfo | null,
	shown: ReadonlySet<string> = new Set()
): string {
	return html.replace(MEDIA_IMG, (tag, _before, courseId: string, file: string) => {
		const id = anchor(file);
		if (shown.has(file)) return `<span id="${id}"></span>${tag}`;
		const query = new URLSearchParams([...shown, file].map((f) => ['imagen', f]));
		const text = label(lookup(courseId, file)).replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
		return (
			`<a class="image-saver" id="${id}" href="?${query}#${id}" data-show-image>${text}</a>` +
			`<template>${tag}</template>`
		);
	});
}
