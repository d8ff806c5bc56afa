// Join codes and generated credentials: short, easy to say aloud and to type on a phone.
import { randomChars } from '../random';

/** No 0/O, 1/I/L: nothing that reads two ways on a projector or over the phone. */
const JOIN_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Six characters (about 30 bits) shown as ABC-234. */
export function generateJoinCode(): string {
	const s = randomChars(6, JOIN_ALPHABET);
	return `${s.slice(0, 3)}-${s.slice(3)}`;
}

export function normalizeJoinCode(input: string): string | null {
	const s = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
	if (s.length !== 6 || [...s].some((c) => !JOIN_ALPHABET.includes(c))) return null;
	return `${s.slice(0, 3)}-${s.slice(3)}`;
}

/** A first password for a generated account: 10 letters and digits, printed on a login card. */
export function generateInitialPassword(): string {
	const s = randomChars(10, PASSWORD_ALPHABET);
	return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** "María José Peña" → "maria.jose.pena": lower case, no accents, dots between words. */
export function usernameBase(name: string): string {
	const base = name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/ñ/g, 'n')
		.replace(/[^a-z0-9]+/g, '.')
		.replace(/^\.+|\.+$/g, '')
		.slice(0, 24)
		.replace(/\.+$/, '');
	return base.length >= 3 ? base : `persona${base ? '.' + base : ''}`;
}
