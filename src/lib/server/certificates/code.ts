// Verification codes: MA-XXXX-XXXX-XX, ten characters (50 bits) from a 32-letter alphabet with
// no 0/O or 1/I, so a code read over the phone or typed from paper comes out right.
import { randomString } from '../random';

export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 10;

export function generateCertificateCode(): string {
	const s = randomString(CODE_LENGTH, CODE_ALPHABET);
	return `MA-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Accepts what people type ("ma 7kq4x9pd3m", "MA-7KQ4-X9PD-3M") and returns the canonical form. */
export function normalizeCertificateCode(input: string): string | null {
	let s = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
	if (s.startsWith('MA') && s.length === CODE_LENGTH + 2) s = s.slice(2);
	if (s.length !== CODE_LENGTH || [...s].some((c) => !CODE_ALPHABET.includes(c))) return null;
	return `MA-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}
