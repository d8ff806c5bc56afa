import { redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { deleteSessionCookie, invalidateUserSessions } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { hasProfile } from '$lib/server/evidence/profile';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return {
		account: { username: user.username, displayName: user.displayName },
		hasProfile: await hasProfile(db(), user.id),
		passwordChanged: event.url.searchParams.get('contrasena') === 'cambiada'
	};
};

export const actions: Actions = {
	salirTodas: async (event) => {
		const user = requireUser(event);
		await invalidateUserSessions(db(), user.id);
		deleteSessionCookie(event.cookies);
		redirect(303, '/entrar?salida=todas');
	}
};
