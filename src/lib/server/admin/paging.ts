// Reading ?pagina= safely: a positive whole number, or a 400.
import { error } from '@sveltejs/kit';

export function pageParam(url: URL): number {
	const raw = url.searchParams.get('pagina') ?? '1';
	const page = Number(raw);
	if (!/^\d{1,6}$/.test(raw) || page < 1) error(400, { message: 'bad-page' });
	return page;
}

/** Past the last page there is nothing to show: say so with a 404 rather than an empty list. */
export function ensurePageExists(page: number, pages: number): void {
	if (page > pages) error(404, { message: 'not-found' });
}
