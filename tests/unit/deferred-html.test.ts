import { describe, expect, it } from 'vitest';
import { deferHtml, insertDeferredHtml } from '../../src/lib/server/deferred-html';

describe('a lesson body put in after rendering', () => {
	const body = '<p>Costos fijos: $ 120 &amp; más</p><!--microaula:deferred-html-->';

	it('lands in the page where its placeholder was, once, as it is', () => {
		const locals: { deferredHtml?: string } = {};
		const placeholder = deferHtml({ isDataRequest: false, locals }, body);
		expect(placeholder).not.toContain('Costos');
		const page = `<main><h1>Lección</h1>${placeholder}</main><footer>$&</footer>`;
		expect(insertDeferredHtml(page, locals)).toBe(
			`<main><h1>Lección</h1>${body}</main><footer>$&</footer>`
		);
	});

	it('travels in the data of a client-side navigation, and leaves other pages alone', () => {
		const locals: { deferredHtml?: string } = {};
		expect(deferHtml({ isDataRequest: true, locals }, body)).toBe(body);
		expect(locals.deferredHtml).toBeUndefined();
		expect(insertDeferredHtml('<main>otra página</main>', locals)).toBe('<main>otra página</main>');
	});
});
