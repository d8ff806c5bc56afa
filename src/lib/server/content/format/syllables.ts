// Spanish syllables, counted the way the RAE's Ortografía (2010) divides words: every vowel group
// is one nucleus unless two strong vowels meet (hiatus: le-er, a-é-re-o) or a weak vowel carries
// the accent (ma-íz, rí-o, ba-úl); a silent u (que, guiso) is no vowel, ü is (pin-güi-no); final y
// is a vowel (hoy, muy, Pa-ra-guay); an h between vowels does not stop a diphthong (prohi-bir).
// Numbers are counted as they are read aloud ("1.650" → mil seiscientos cincuenta).
// Pure and dependency-free: the readability score, content:check and the studio share it.

const STRONG = new Set(['a', 'e', 'o', 'á', 'é', 'ó', 'í', 'ú']);
const WEAK = new Set(['i', 'u', 'ü', 'y']);

function isVowel(c: string): boolean {
	return STRONG.has(c) || WEAK.has(c) || c === 'à' || c === 'è' || c === 'ì' || c === 'ò' || c === 'ù';
}

/** Letters with the accents Spanish writes; other diacritics (ç, ñ stays ñ) reduced to the base. */
function normalise(word: string): string {
	return word
		.toLowerCase()
		.replace(/[àâä]/g, 'a')
		.replace(/[èêë]/g, 'e')
		.replace(/[ìîï]/g, 'i')
		.replace(/[òôö]/g, 'o')
		.replace(/[ùû]/g, 'u')
		.replace(/[^a-záéíóúüñ]/g, '');
}

/** Syllables of one Spanish word made of letters (no digits). At least 1 for any word with a
 * letter, because acronyms and vowel-less words (sms, pdf) are still read aloud. */
export function countSyllables(rawWord: string): number {
	let w = normalise(rawWord);
	if (w === '') return 0;
	// Silent u: "qu" always, "gu" before e/i; ü is pronounced and stays.
	w = w.replace(/qu/g, 'q').replace(/gu(?=[eiéí])/g, 'g');
	// y is a consonant before a vowel (yo, mayo), a vowel elsewhere (y, hoy, muy).
	const letters = [...w].map((c, i, all) => (c === 'y' && isVowel(all[i + 1] ?? '') ? 'Y' : c));
	// An h between two vowels is transparent for diphthongs (RAE: "la h intercalada no impide").
	const seq = letters.filter(
		(c, i, all) => !(c === 'h' && isVowel(all[i - 1] ?? '') && isVowel(all[i + 1] ?? ''))
	);

	let count = 0;
	let prev: string | null = null; // previous vowel in the current group
	for (const c of seq) {
		if (!isVowel(c)) {
			prev = null;
			continue;
		}
		if (prev === null) {
			count++;
		} else if (STRONG.has(prev) && STRONG.has(c)) {
			// Two strong vowels (or an accented í/ú next to any vowel): hiatus.
			count++;
		} else if (prev === c && WEAK.has(c)) {
			// The same weak vowel twice (chiita, duunviro): two syllables.
			count++;
		}
		// Otherwise weak + strong, strong + weak or two different weak vowels: one diphthong
		// (or a triphthong, when a second weak vowel closes it: buey, Uruguay, averiguáis).
		prev = c;
	}
	return Math.max(count, 1);
}

const UNITS = [
	'cero',
	'uno',
	'dos',
	'tres',
	'cuatro',
	'cinco',
	'seis',
	'siete',
	'ocho',
	'nueve',
	'diez',
	'once',
	'doce',
	'trece',
	'catorce',
	'quince',
	'dieciséis',
	'diecisiete',
	'dieciocho',
	'diecinueve',
	'veinte',
	'veintiuno',
	'veintidós',
	'veintitrés',
	'veinticuatro',
	'veinticinco',
	'veintiséis',
	'veintisiete',
	'veintiocho',
	'veintinueve'
];
const TENS = ['', '', '', 'treinta', 'cuarenta', 'cincuenta', 'sesenta', 'setenta', 'ochenta', 'noventa'];
const HUNDREDS = [
	'',
	'ciento',
	'doscientos',
	'trescientos',
	'cuatrocientos',
	'quinientos',
	'seiscientos',
	'setecientos',
	'ochocientos',
	'novecientos'
];

function below1000(n: number): string[] {
	if (n === 100) return ['cien'];
	const out: string[] = [];
	const h = Math.floor(n / 100);
	const rest = n % 100;
	if (h) out.push(HUNDREDS[h]);
	if (rest === 0) return out;
	if (rest < 30) out.push(UNITS[rest]);
	else {
		out.push(TENS[Math.floor(rest / 10)]);
		if (rest % 10) out.push('y', UNITS[rest % 10]);
	}
	return out;
}

/** A whole number as it is read in Spanish (integers up to the billions). */
export function spellInteger(n: number): string[] {
	if (!Number.isFinite(n) || n < 0) return [];
	n = Math.floor(n);
	if (n === 0) return ['cero'];
	const out: string[] = [];
	const millions = Math.floor(n / 1_000_000);
	const thousands = Math.floor((n % 1_000_000) / 1000);
	const rest = n % 1000;
	if (millions) {
		out.push(...(millions === 1 ? ['un'] : spellInteger(millions)), millions === 1 ? 'millón' : 'millones');
	}
	if (thousands) out.push(...(thousands === 1 ? [] : below1000(thousands)), 'mil');
	if (rest) out.push(...below1000(rest));
	return out;
}

/**
 * The words a reader says for a number token as the courses write it: "$1.650,50" → mil
 * seiscientos cincuenta con cincuenta; "15 %" is handled by the caller ("%" → por ciento).
 * Digit groups after a decimal comma are read as a whole number ("3,25" → tres coma veinticinco).
 */
export function spellNumber(token: string): string[] {
	const clean = token.replace(/[^\d.,]/g, '');
	if (!/\d/.test(clean)) return [];
	// Spanish style first: dots group thousands, the comma is decimal; "1,650.50" also accepted.
	let intPart = clean;
	let decPart = '';
	const comma = clean.lastIndexOf(',');
	const dot = clean.lastIndexOf('.');
	if (comma > dot) {
		intPart = clean.slice(0, comma);
		decPart = clean.slice(comma + 1);
	} else if (dot > comma && !/^\d{1,3}(\.\d{3})+$/.test(clean)) {
		intPart = clean.slice(0, dot);
		decPart = clean.slice(dot + 1);
	}
	const whole = Number(intPart.replace(/[.,]/g, '') || '0');
	const out = spellInteger(whole);
	if (decPart.replace(/\D/g, '')) out.push('coma', ...spellInteger(Number(decPart.replace(/\D/g, ''))));
	return out;
}
