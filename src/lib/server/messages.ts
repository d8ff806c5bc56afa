// Validation error keys → sentences in the current request's language.
import { m } from '$lib/paraglide/messages.js';
import type { FieldError } from './validation';

const FIELD_ERRORS: Record<FieldError, () => string> = {
	required: m.error_required,
	too_long: m.error_too_long,
	username_format: m.error_username_format,
	password_short: m.error_password_short,
	email_format: m.error_email_format,
	phone_format: m.error_phone_format,
	username_taken: m.error_username_taken,
	date_format: m.error_date_format,
	dates_order: m.error_dates_order,
	time_format: m.error_time_format,
	unknown_course: m.error_unknown_course,
	password_mismatch: m.account_password_mismatch,
	password_same: m.account_password_same,
	bad_characters: m.error_bad_characters,
	password_common: m.sec_password_common,
	password_username: m.sec_password_username
};

export function fieldErrors(errors: Partial<Record<string, FieldError>>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(errors).map(([field, key]) => [
			field,
			(FIELD_ERRORS[key!] ?? m.error_required)()
		])
	);
}

/** Form fields as strings, for refilling a form; passwords are never sent back. */
export function formValues(form: FormData, fields: string[]): Record<string, string> {
	return Object.fromEntries(
		fields.map((f) => {
			const value = form.get(f);
			return [f, typeof value === 'string' ? value.slice(0, 500) : ''];
		})
	);
}
