import { describe, expect, it } from 'vitest';
import {
	analyseReadability,
	fernandezHuerta,
	infleszBand,
	readingMinutes,
	szigrisztPazos
} from '../../src/lib/server/content/format/readability';
import { countSyllables, spellNumber } from '../../src/lib/server/content/format/syllables';
import {
	averageInflesz,
	checkLessonReading,
	wideTables
} from '../../src/lib/server/content/format/lesson-rules';

describe('Spanish syllables', () => {
	it.each([
		// plain words and diphthongs (weak + strong, strong + weak, two different weak vowels)
		['casa', 2],
		['negocio', 3],
		['acción', 2],
		['cuidado', 3],
		['ciudad', 2],
		['agua', 2],
		['bien', 1],
		['seis', 1],
		['veintiséis', 3],
		['emprendedor', 4],
		['cooperativa', 6],
		// hiatus: two strong vowels, or an accented weak one
		['leer', 2],
		['creer', 2],
		['aéreo', 4],
		['poeta', 3],
		['héroe', 3],
		['aeropuerto', 5],
		['maíz', 2],
		['río', 2],
		['día', 2],
		['baúl', 2],
		['país', 2],
		['aún', 2],
		['oído', 3],
		['chiita', 3],
		// triphthongs
		['buey', 1],
		['Uruguay', 3],
		['estudiáis', 3],
		['averiguáis', 4],
		// silent u after q and g; pronounced ü
		['que', 1],
		['quien', 1],
		['guerra', 2],
		['guiso', 2],
		['antiguo', 3],
		['pingüino', 3],
		['lingüística', 4],
		// y: vowel at the end, consonant before a vowel
		['y', 1],
		['hoy', 1],
		['muy', 1],
		['ley', 1],
		['yo', 1],
		['mayo', 2],
		['reyes', 2],
		// h between vowels: no obstacle to a diphthong, but hiatus stays hiatus
		['prohibir', 2],
		['ahí', 2],
		['búho', 2],
		['ahora', 3],
		['alcohol', 3],
		['ahorro', 3],
		// capitals and acronyms are still read
		['MICROCRÉDITO', 5],
		['SRI', 1]
	])('%s has %i', (word, syllables) => {
		expect(countSyllables(word)).toBe(syllables);
	});

	it('reads numbers the way they are said', () => {
		expect(spellNumber('1.650')).toEqual(['mil', 'seiscientos', 'cincuenta']);
		expect(spellNumber('$1.650,50')).toEqual([
			'mil',
			'seiscientos',
			'cincuenta',
			'coma',
			'cincuenta'
		]);
		expect(spellNumber('2026')).toEqual(['dos', 'mil', 'veintiséis']);
		expect(spellNumber('100')).toEqual(['cien']);
		expect(spellNumber('0,25')).toEqual(['cero', 'coma', 'veinticinco']);
		expect(spellNumber('1000000')).toEqual(['un', 'millón']);
	});
});

describe('readability formulas', () => {
	it('computes Szigriszt-Pazos and Fernández-Huerta from counts', () => {
		// 100 words, 200 syllables, 10 sentences
		expect(szigrisztPazos(200, 100, 10)).toBeCloseTo(206.835 - 124.6 - 10, 6);
		expect(fernandezHuerta(200, 100, 10)).toBeCloseTo(206.84 - 120 - 10.2, 6);
		expect(szigrisztPazos(0, 0, 0)).toBe(0);
	});

	it('names the INFLESZ band of a score', () => {
		expect(infleszBand(30)).toBe('muy difícil');
		expect(infleszBand(50)).toBe('algo difícil');
		expect(infleszBand(60)).toBe('normal');
		expect(infleszBand(72)).toBe('bastante fácil');
		expect(infleszBand(85)).toBe('muy fácil');
	});

	it('gives reading minutes at 80 words a minute, rounded up', () => {
		expect(readingMinutes(80)).toBe(1);
		expect(readingMinutes(81)).toBe(2);
		expect(readingMinutes(560)).toBe(7);
		expect(readingMinutes(0)).toBe(0);
	});
});

describe('reading a lesson', () => {
	const lesson = `---
title: Prueba
minutes: 1
---

## Costos del mes

Rosa vende pan. Paga $300 de arriendo al mes, y mira [la guía](https://www.sri.gob.ec/guia-larga).

> [!EJEMPLO] La panadería de Rosa
> Rosa hornea cien panes. ¿Cuánto gana?

| Costo | Valor |
| --- | --- |
| Harina | $20 |

![Un gráfico con muchas palabras que nadie lee en el texto](../media/x.svg)

\`\`\`
código que no se lee
\`\`\`

Mira https://www.sri.gob.ec para más datos.
`;

	it('counts only what a reader sees: no markup, box tags, pipes, URLs, images or code', () => {
		const r = analyseReadability(lesson);
		// Costos del mes (3) · Rosa vende pan (3) · Paga $300 de arriendo al mes, y mira la guía (10)
		// · La panadería de Rosa (4) · Rosa hornea cien panes (4) · ¿Cuánto gana? (2)
		// · Costo, Valor, Harina, $20 (4) · Mira para más datos (4)
		expect(r.words).toBe(34);
		expect(r.sentences).toBe(11);
		expect(r.paragraphs).toBe(3);
		const all = r.longestSentences.map((s) => s.text).join(' ');
		expect(all).not.toMatch(/https?:|\[!|\||código/);
	});

	it('points at the longest sentence and paragraph with their lines in the file', () => {
		const r = analyseReadability(lesson);
		expect(r.longestSentences[0]).toMatchObject({ line: 8, words: 10 });
		expect(r.longestSentences[0].text).toBe('Paga $300 de arriendo al mes, y mira la guía.');
		expect(r.longestParagraphs[0]).toMatchObject({ line: 8, words: 13 });
		const box = analyseReadability(lesson, { top: 20 }).longestSentences.find((s) =>
			s.text.startsWith('Rosa hornea')
		);
		expect(box?.line).toBe(11);
	});

	it('does not split sentences at thousands dots, decimals or abbreviations', () => {
		const r = analyseReadability('Cuesta $1.650,50 al año, etc. y nada más. Fin.');
		expect(r.sentences).toBe(2);
	});

	it('scores short plain sentences easier than long ones with long words', () => {
		const easy = analyseReadability(
			'Ana vende pan. Su pan es rico. Lo vende en la plaza. Gana algo cada día.'
		);
		const hard = analyseReadability(
			'La administración responsable de los recursos económicos familiares constituye, indudablemente, una responsabilidad fundamental que determina significativamente la sostenibilidad financiera de cualquier emprendimiento comunitario.'
		);
		expect(easy.inflesz).toBeGreaterThan(80);
		expect(easy.band).toBe('muy fácil');
		expect(hard.inflesz).toBeLessThan(40);
		expect(hard.band).toBe('muy difícil');
		expect(hard.fernandezHuerta).toBeLessThan(easy.fernandezHuerta);
	});
});

describe('lesson reading rules', () => {
	const body = (sentences: number, sentence = 'Ana vende pan en la plaza cada día.') =>
		Array.from({ length: sentences }, () => sentence).join(' ');
	const file = 'content/courses/c/01-m/01-l.md';
	const lesson = (minutes: number, text: string) =>
		`---\ntitle: Lección\nminutes: ${minutes}\n---\n\n${text}\n`;

	it('accepts 450–650 words at 80 words a minute and an easy text', () => {
		// 70 sentences × 8 words = 560 words → 7 minutes
		const { problems, readability } = checkLessonReading(file, lesson(7, body(70)), 7);
		expect(readability.words).toBe(560);
		expect(problems).toEqual([]);
	});

	it('warns about a lesson too long, too short, or with the wrong minutes', () => {
		const long = checkLessonReading(file, lesson(9, body(90)), 9).problems;
		expect(long.map((p) => p.message).join()).toMatch(/720 palabras \(entre 450 y 650\)/);
		expect(long.every((p) => p.severity === 'warning')).toBe(true);
		const short = checkLessonReading(file, lesson(5, body(40)), 5).problems;
		expect(short.map((p) => p.message).join()).toMatch(/320 palabras/);
		const minutes = checkLessonReading(file, lesson(3, body(70)), 3).problems;
		expect(minutes).toEqual([
			expect.objectContaining({
				line: 3,
				message: expect.stringMatching(/«minutes» es 3.*7 minutos/)
			})
		]);
	});

	it('warns about a hard lesson (INFLESZ below 72) and names its longest sentence', () => {
		const hard =
			'La administración responsable de los recursos económicos familiares constituye una responsabilidad fundamental para la sostenibilidad financiera.';
		const { problems } = checkLessonReading(file, lesson(7, body(40) + '\n\n' + body(14, hard)), 7);
		const warning = problems.find((p) => p.message.startsWith('lectura difícil'));
		expect(warning?.message).toMatch(/INFLESZ \d+,\d .*mínimo 72.*línea 8/);
	});

	it('warns about tables wider than four columns, at the header line', () => {
		const text = `| a | b | c | d |\n|---|---|---|---|\n| 1 | 2 | 3 | 4 |\n\n> | a | b | c | d | e |\n> | --- | :-: | --- | --- | ---: |\n> | 1 | 2 | 3 | 4 | 5 |\n`;
		expect(wideTables(text)).toEqual([{ line: 5, columns: 5 }]);
		const { problems } = checkLessonReading(file, lesson(7, body(70) + '\n\n' + text), 7);
		expect(problems.map((p) => [p.line, p.message.slice(0, 28)])).toEqual([
			[12, 'la tabla tiene 5 columnas y ']
		]);
	});

	it('averages a course over its lessons', () => {
		expect(averageInflesz([70, 80, 90])).toBe(80);
		expect(averageInflesz([])).toBeNull();
	});
});
