// Small per-phone preferences kept in cookies, so they work without JavaScript and without an
// account: for now the data saver (lesson images wait until tapped).
import type { Cookies } from '@sveltejs/kit';

export const DATA_SAVER_COOKIE = 'microaula-ahorro';

export function dataSaverOn(cookies: Pick<Cookies, 'get'>): boolean {
	return cookies.get(DATA_SAVER_COOKIE) === '1';
}

export function setDataSaver(cookies: Pick<Cookies, 'set' | 'delete'>, on: boolean): void {
	if (on) {
		cookies.set(DATA_SAVER_COOKIE, '1', {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			maxAge: 60 * 60 * 24 * 400
		});
	} else {
		cookies.delete(DATA_SAVER_COOKIE, { path: '/' });
	}
}
