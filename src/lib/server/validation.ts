// Checking form input with Valibot schemas; each problem is a key that the page translates.
import * as v from 'valibot';

export type FieldError =
	| 'required'
	| 'too_long'
	| 'username_format'
	| 'password_short'
	| 'email_format'
	| 'phone_format'
	| 'username_taken'
	| 'date_format'
	| 'dates_order'
	| 'time_format'
	| 'unknown_course'
	| 'password_mismatch'
	| 'password_same'
	| 'bad_characters'
	| 'password_common'
	| 'password_username';

export type Validated<T> =
	{ ok: true; value: T } | { ok: false; errors: Partial<Record<string, FieldError>> };

/** Runs a schema and reports the first problem of each field. */
export function validate<S extends v.GenericSchema>(
	schema: S,
	input: unknown
): Validated<v.InferOutput<S>> {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, value: result.output };
	const errors: Partial<Record<string, FieldError>> = {};
	for (const issue of result.issues) {
		const field = issue.path?.map((p) => String(p.key)).join('.') ?? '_';
		errors[field] ??= issue.message as FieldError;
	}
	return { ok: false, errors };
}
