// The `- [ ]` / `- [x]` option line that quiz.md and survey.md share, and the short ids derived
// from a question's or an option's text (so answers and statistics follow the text).
import { createHash } from 'node:crypto';

export interface OptionLine {
	id: string;
	text: string;
	/** `[x]`: the right answer in a quiz, the good practice in a survey. */
	marked: boolean;
}

const OPTION = /^[-*]\s+\[( |x|X)\]\s+(.+)$/;

/** `prefix` + the first 8 hex digits of the text's hash, case and outer spaces ignored. */
export function shortHash(prefix: string, text: string): string {
	return prefix + createHash('sha256').update(text.trim().toLowerCase()).digest('hex').slice(0, 8);
}

/** The option a line holds, or null when it is not an option line. */
export function readOptionLine(line: string): OptionLine | null {
	const option = OPTION.exec(line);
	if (!option) return null;
	return { id: shortHash('o', option[2]), text: option[2].trim(), marked: option[1] !== ' ' };
}
