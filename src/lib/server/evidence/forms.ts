// Turning evidence form problems into the sentences a page shows (the current request's language).
import { m } from '$lib/paraglide/messages.js';
import type { ProfileFormError } from './profile';

export function evidenceFieldErrors(
	errors: Partial<Record<string, ProfileFormError | 'unknown_option'>>
): Record<string, string> {
	return Object.fromEntries(
		Object.entries(errors).map(([field, key]) => [
			field,
			key === 'consent_required' ? m.evidence_error_consent() : m.evidence_error_option()
		])
	);
}
