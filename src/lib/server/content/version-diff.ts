// What changed in a course from one version to the one before, file by file, for the history on
// the versions page: lines with a little context (the `diff` library's structured patch), and in a
// changed line the words that changed (its word diff), so "$300 → $350" stands out in a paragraph.
// Images are compared by content hash (added, removed, replaced).
import { diffWordsWithSpace, structuredPatch } from 'diff';
import type { Db } from '../db';
import { filesOf, listVersions } from './studio';

export interface Segment {
	text: string;
	change?: 'add' | 'del';
}

export interface DiffLine {
	kind: 'add' | 'del' | 'same' | 'gap';
	/** Line number in the older (del, same) or newer (add) file. */
	line: number | null;
	segments: Segment[];
}

export interface FileDiff {
	path: string;
	status: 'added' | 'removed' | 'changed';
	added: number;
	removed: number;
	lines: DiffLine[];
	/** Lines left out of a very long diff. */
	truncated: number;
}

export interface VersionDiff {
	number: number;
	/** The version compared with (the one before), or null for the first. */
	from: number | null;
	files: FileDiff[];
	media: { path: string; status: 'added' | 'removed' | 'changed' }[];
}

/** Lines shown per file; the rest is counted, not shown. */
const MAX_LINES = 300;

/**
 * Pairs of removed and added lines, word by word (the words that changed are marked); a line only
 * added or only removed is shown whole, its row saying which.
 */
function hunkLines(lines: string[], oldStart: number, newStart: number): DiffLine[] {
	const out: DiffLine[] = [];
	let oldLine = oldStart;
	let newLine = newStart;
	for (let i = 0; i < lines.length; ) {
		const c = lines[i][0];
		if (c === ' ') {
			out.push({ kind: 'same', line: newLine, segments: [{ text: lines[i].slice(1) }] });
			oldLine++;
			newLine++;
			i++;
			continue;
		}
		if (c !== '-' && c !== '+') {
			i++; // "\ No newline at end of file"
			continue;
		}
		const dels: string[] = [];
		const adds: string[] = [];
		while (i < lines.length && lines[i][0] === '-') dels.push(lines[i++].slice(1));
		while (i < lines.length && lines[i][0] === '+') adds.push(lines[i++].slice(1));
		const paired = Math.min(dels.length, adds.length);
		const delLines: DiffLine[] = [];
		const addLines: DiffLine[] = [];
		dels.forEach((text, k) => {
			const segments =
				k < paired
					? diffWordsWithSpace(text, adds[k])
							.filter((p) => !p.added)
							.map((p) => ({ text: p.value, change: p.removed ? ('del' as const) : undefined }))
					: [{ text }];
			delLines.push({ kind: 'del', line: oldLine++, segments });
		});
		adds.forEach((text, k) => {
			const segments =
				k < paired
					? diffWordsWithSpace(dels[k], text)
							.filter((p) => !p.removed)
							.map((p) => ({ text: p.value, change: p.added ? ('add' as const) : undefined }))
					: [{ text }];
			addLines.push({ kind: 'add', line: newLine++, segments });
		});
		out.push(...delLines, ...addLines);
	}
	return out;
}

/** The differences of one text file between two versions (either may be missing). */
export function fileDiff(path: string, before: string | undefined, after: string | undefined) {
	const patch = structuredPatch(path, path, before ?? '', after ?? '', undefined, undefined, {
		context: 2
	});
	const lines: DiffLine[] = [];
	for (const [h, hunk] of patch.hunks.entries()) {
		if (h > 0) lines.push({ kind: 'gap', line: null, segments: [{ text: '…' }] });
		lines.push(...hunkLines(hunk.lines, hunk.oldStart, hunk.newStart));
	}
	const count = (kind: DiffLine['kind']) => lines.filter((l) => l.kind === kind).length;
	return {
		path,
		status: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed',
		added: count('add'),
		removed: count('del'),
		lines: lines.slice(0, MAX_LINES),
		truncated: Math.max(0, lines.length - MAX_LINES)
	} satisfies FileDiff;
}

/** What changed in version `number` of a course since the version before it. */
export async function versionDiff(db: Db, courseId: string, number: number): Promise<VersionDiff> {
	const versions = await listVersions(db, courseId);
	const before = versions
		.filter((v) => v.number < number)
		.reduce<number | null>((n, v) => (n === null || v.number > n ? v.number : n), null);
	const now = await filesOf(db, courseId, number);
	const old = before === null ? null : await filesOf(db, courseId, before);
	const oldTexts = new Map(old?.files.map((f) => [f.path, f.text]) ?? []);
	const newTexts = new Map(now.files.map((f) => [f.path, f.text]));
	const paths = [...new Set([...oldTexts.keys(), ...newTexts.keys()])].sort();
	// The first version is all new: its files are listed, not printed line by line.
	const files = paths
		.filter((p) => oldTexts.get(p) !== newTexts.get(p))
		.map((p) =>
			before === null
				? {
						path: p,
						status: 'added' as const,
						added: newTexts.get(p)!.split('\n').length,
						removed: 0,
						lines: [],
						truncated: 0
					}
				: fileDiff(p, oldTexts.get(p), newTexts.get(p))
		);
	const oldMedia = new Map(old?.media.map((m) => [m.path, m.hash]) ?? []);
	const newMedia = new Map(now.media.map((m) => [m.path, m.hash]));
	const media = [...new Set([...oldMedia.keys(), ...newMedia.keys()])]
		.sort()
		.filter((p) => oldMedia.get(p) !== newMedia.get(p))
		.map((path) => ({
			path,
			status: !oldMedia.has(path)
				? ('added' as const)
				: !newMedia.has(path)
					? ('removed' as const)
					: ('changed' as const)
		}));
	return { number, from: before, files, media };
}
