// Settings read from the environment (see README: Configuration).

/** The programme named on certificates. */
export function programmeName(env = process.env): string {
	return env.MICROAULA_PROGRAMME?.trim() || 'Microaula';
}

export function verifyUrl(origin: string, code: string): string {
	return `${origin}/verificar/${code}`;
}

/**
 * New accounts one address may create in an hour before it has to wait (SIGNUP_PER_ADDRESS,
 * default 30): enough for a class signing up together on one Wi-Fi, too few for a script.
 */
export function signupsPerAddress(env = process.env): number {
	const value = Number(env.SIGNUP_PER_ADDRESS);
	return Number.isInteger(value) && value > 0 ? value : 30;
}
