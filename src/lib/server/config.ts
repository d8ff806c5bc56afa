// Settings read from the environment (see README: Configuration).

/** The programme named on certificates. */
export function programmeName(env = process.env): string {
	return env.MICROAULA_PROGRAMME?.trim() || 'Microaula';
}

export function verifyUrl(origin: string, code: string): string {
	return `${origin}/verificar/${code}`;
}
