// Cryptographically secure random strings for ids, tokens and codes.
import { randomBytes, randomInt } from 'node:crypto';

/** Lower-case letters and digits without l, o, 0, 1 (easy to read and type). */
const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A string of `length` characters drawn uniformly from a 32-letter alphabet (5 bits each). */
export function randomString(length: number, alphabet = ID_ALPHABET): string {
	if (alphabet.length !== 32) throw new Error('alphabet must have 32 letters');
	const bytes = randomBytes(length);
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[bytes[i] & 31];
	return out;
}

/** 120 bits: enough for primary keys and session secrets. */
export function randomId(): string {
	return randomString(24);
}

/** `length` characters drawn uniformly from any alphabet (rejection-free via randomInt). */
export function randomChars(length: number, alphabet: string): string {
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
	return out;
}
