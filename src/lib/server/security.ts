// Response headers that every answer carries (the Content-Security-Policy itself is SvelteKit's
// `kit.csp` in svelte.config.js, because it lists the hash of each page's inline script).

export function securityHeaders(https: boolean): Record<string, string> {
	return {
		'x-content-type-options': 'nosniff',
		'x-frame-options': 'DENY',
		'referrer-policy': 'strict-origin-when-cross-origin',
		'cross-origin-opener-policy': 'same-origin',
		'cross-origin-resource-policy': 'same-origin',
		'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
		...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {})
	};
}
