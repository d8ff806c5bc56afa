// A large, already trusted HTML fragment (a lesson's body) put into the rendered page after
// rendering instead of travelling through the page's data. SvelteKit serialises every load's data
// for hydration even on a page with `csr = false`, where nothing reads it: for a lesson that meant
// escaping its whole body character by character on every request only to throw it away. On an
// HTML request the load returns a placeholder and keeps the fragment in `locals`; the `handle`
// hook's transformPageChunk swaps it in (before SvelteKit hashes the page for its ETag). A
// client-side navigation (`__data.json`) still gets the fragment in its data.
const PLACEHOLDER = '<!--microaula:deferred-html-->';

type DeferEvent = { isDataRequest: boolean; locals: Pick<App.Locals, 'deferredHtml'> };

/** What the load returns in place of `html`: the fragment itself, or its placeholder. */
export function deferHtml(event: DeferEvent, html: string): string {
	if (event.isDataRequest) return html;
	event.locals.deferredHtml = html;
	return PLACEHOLDER;
}

/** The rendered page with the deferred fragment in place of its placeholder (first only). */
export function insertDeferredHtml(page: string, locals: Pick<App.Locals, 'deferredHtml'>): string {
	const html = locals.deferredHtml;
	if (html === undefined) return page;
	const at = page.indexOf(PLACEHOLDER);
	if (at === -1) return page;
	return page.slice(0, at) + html + page.slice(at + PLACEHOLDER.length);
}
