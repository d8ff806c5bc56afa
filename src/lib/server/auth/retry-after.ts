// The answer when a rate limit blocks: 429, a Retry-After header in seconds, and a message that
// says how many minutes to wait in the person's language. The form's values come back with it.
import { fail, type ActionFailure } from '@sveltejs/kit';

export function tooManyAttempts<T extends Record<string, unknown>>(
	event: { setHeaders: (headers: Record<string, string>) => void },
	retryAfterMs: number,
	message: (wait: { minutes: number }) => string,
	refill: T
): ActionFailure<T & { message: string }> {
	const seconds = Math.ceil(retryAfterMs / 1000);
	event.setHeaders({ 'retry-after': String(seconds) });
	return fail(429, { ...refill, message: message({ minutes: Math.ceil(seconds / 60) }) });
}
