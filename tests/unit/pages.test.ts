import { describe, expect, it } from 'vitest';
import { PERSON_HEADER } from '../../src/lib/offline/names';
import { markPerson } from '../../src/lib/server/pages/person';
import { renderKey } from '../../src/lib/server/pages/shared';

const page = (extra: Record<string, string> = {}) =>
	new Headers({ 'content-type': 'text/html; charset=utf-8', etag: '"1wg8cfc"', ...extra });

describe('whose page it is', () => {
	it('names the person, gives them an ETag of their own and keeps the page out of shared caches', () => {
		const [ana, beto] = [page(), page()];
		markPerson(ana, 'ana-id');
		markPerson(beto, 'beto-id');
		expect(ana.get(PERSON_HEADER)).toBe('ana-id');
		expect(beto.get(PERSON_HEADER)).toBe('beto-id');
		expect(ana.get('etag')).toMatch(/^"1wg8cfc-[\w-]{8}"$/);
		expect(beto.get('etag')).not.toBe(ana.get('etag'));
		// The same person always gets the same ETag: their own copy is still answered 304.
		const again = page();
		markPerson(again, 'ana-id');
		expect(again.get('etag')).toBe(ana.get('etag'));
		expect(ana.get('cache-control')).toBe('private, no-cache');
		expect(ana.get('etag')).not.toContain('ana-id');
	});

	it("names the person in a client-side navigation's data too, which most pages come as", () => {
		const data = new Headers({
			'content-type': 'application/json',
			'cache-control': 'private, no-store'
		});
		markPerson(data, 'ana-id', true);
		expect(data.get(PERSON_HEADER)).toBe('ana-id');
		expect(data.get('cache-control')).toBe('private, no-store');
	});

	it('leaves what is not a page alone, and a cache policy a page chose', () => {
		const file = new Headers({ 'content-type': 'application/pdf', etag: '"x"' });
		markPerson(file, 'ana-id');
		expect([...file.keys()].sort()).toEqual(['content-type', 'etag']);
		expect(file.get('etag')).toBe('"x"');
		const chosen = page({ 'cache-control': 'no-store' });
		markPerson(chosen, 'ana-id');
		expect(chosen.get('cache-control')).toBe('no-store');
	});
});

describe('the key of a shared render', () => {
	const inputs = [
		'es',
		'/cursos/finanzas/ahorro',
		'',
		{ layout: { user: { role: 'participant' } } }
	];

	it('changes with any input and with the encoding, and only then', () => {
		const key = renderKey(inputs, 'br');
		expect(renderKey(structuredClone(inputs), 'br')).toBe(key);
		expect(renderKey(inputs, 'gzip')).not.toBe(key);
		expect(renderKey(inputs, null)).not.toBe(key);
		expect(renderKey(['en', ...inputs.slice(1)], 'br')).not.toBe(key);
		expect(renderKey([...inputs.slice(0, 2), '?imagen=1', inputs[3]], 'br')).not.toBe(key);
		expect(
			renderKey([...inputs.slice(0, 3), { layout: { user: { role: 'facilitator' } } }], 'br')
		).not.toBe(key);
	});
});
