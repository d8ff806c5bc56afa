// Password hashing with argon2id (OWASP's recommended minimum parameters).
import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let dummy: Promise<string> | undefined;

/** A real hash to verify against when an account does not exist, so both cases take as long. */
export function dummyHash(): Promise<string> {
	dummy ??= hashPassword('microaula-no-such-account');
	return dummy;
}
