// The one rule for every name a person types or a facilitator pastes: display names at sign-up,
// names of accounts created for a class, the name printed on a certificate and its re-issue.
// Invisible characters have no place in a name: control characters (line breaks, tabs),
// bidirectional overrides that make «Ana» display as something else, and zero-width characters
// that make two names look alike. Which scripts a certificate's font can draw is a separate
// question, answered where the PDF is made.
import * as v from 'valibot';

/**
 * Control (Cc), format (Cf: bidi controls U+202A–202E and U+2066–2069, marks U+200E/200F/061C,
 * zero-width U+200B–200D, U+2060, U+FEFF, soft hyphen…) and line/paragraph separators.
 */
export const INVISIBLE_IN_NAMES = /[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** True when a name has none of the characters that no name may hold. */
export function isCleanName(name: string): boolean {
	return !INVISIBLE_IN_NAMES.test(name);
}

/** The Valibot check of that rule, reporting `bad_characters`. */
export const cleanName = v.check<string, 'bad_characters'>(isCleanName, 'bad_characters');

/** A required name: trimmed, inner runs of spaces made one, at most `max` characters, clean. */
export function nameSchema(max: number, min = 1) {
	return v.pipe(
		v.string('required'),
		v.trim(),
		v.nonEmpty('required'),
		v.minLength(min, 'required'),
		v.maxLength(max, 'too_long'),
		cleanName
	);
}
