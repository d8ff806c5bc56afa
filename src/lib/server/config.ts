// Settings read from the environment (see README: Configuration).

/** The programme named on certificates. */
export function programmeName(env = process.env): string {
	return env.MICROAULA_PROGRAMME?.trim() || 'Microaula';
}

/**
 * The site's public address for links that leave the page (join links, QR codes, the address
 * printed on certificates): ORIGIN when configured, which production requires (src/cli/serve.js
 * refuses to start without it). Only a demo or a developer's machine falls back to the address
 * the request came to.
 */
export function publicOrigin(requestOrigin: string, env = process.env): string {
	const configured = env.ORIGIN?.trim();
	if (configured) {
		try {
			return new URL(configured).origin;
		} catch {
			// An unusable ORIGIN: adapter-node refuses it at start-up anyway.
		}
	}
	return requestOrigin;
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
