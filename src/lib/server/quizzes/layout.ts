// Which questions an attempt draws from the bank, and in what order its options appear.
// Deterministic for a given seed, so an attempt always looks the same when reloaded.
import { createHash } from 'node:crypto';
import type { Question, Quiz } from '../content/format/types';

export interface AttemptLayout {
	/** The drawn questions, in the order shown, each with its options in the order shown. */
	questions: { id: string; options: string[] }[];
}

/** A small seeded generator (mulberry32) fed from a SHA-256 of the seed. */
function seededRandom(seed: string): () => number {
	let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

function optionIds(q: Question): string[] {
	return q.type === 'single' || q.type === 'multiple' ? q.options.map((o) => o.id) : [];
}

export function drawLayout(quiz: Quiz, seed: string): AttemptLayout {
	const random = seededRandom(seed);
	const drawn = shuffle(quiz.questions, random).slice(0, quiz.draw);
	return { questions: drawn.map((q) => ({ id: q.id, options: shuffle(optionIds(q), random) })) };
}
