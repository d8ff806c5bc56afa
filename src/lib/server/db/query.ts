// Small query shapes that several modules share, written once so they stay portable (SQLite and
// PostgreSQL): searching text literally with LIKE, and reading one page of a list with its total.
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';

/** `%`, `_` and `\` in what a person typed match themselves, not "anything". */
function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => '\\' + c);
}

/** The right-hand side of `… like …` that finds `text` anywhere in the value. */
export function containing(text: string): RawBuilder<string> {
	return sql<string>`${`%${escapeLike(text)}%`} escape '\\'`;
}

/** The right-hand side of `… like …` that finds values starting with `text`. */
export function startingWith(text: string): RawBuilder<string> {
	return sql<string>`${`${escapeLike(text)}%`} escape '\\'`;
}

export const PAGE_SIZE = 20;

export interface Page<T> {
	items: T[];
	total: number;
	page: number;
	pages: number;
}

export function pageCount(total: number, size = PAGE_SIZE): number {
	return Math.max(1, Math.ceil(total / size));
}

/**
 * Page `page` (from 1) of the rows `base` filters, as `select` shapes and orders them, with the
 * total count. The order must be total (end with a unique column) for pages not to overlap.
 */
export async function fetchPage<DB, TB extends keyof DB, O>(
	base: SelectQueryBuilder<DB, TB, object>,
	page: number,
	select: (query: SelectQueryBuilder<DB, TB, object>) => SelectQueryBuilder<DB, TB, O>
): Promise<Page<O>> {
	const counted = await base
		.select(sql<number | string>`count(*)`.as('total'))
		.executeTakeFirstOrThrow();
	// count() comes back as a string on PostgreSQL.
	const total = Number((counted as { total: number | string }).total);
	const items = await select(base)
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	return { items: items as O[], total, page, pages: pageCount(total) };
}
