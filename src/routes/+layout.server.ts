import { countInvitations } from '$lib/server/classes/cohorts';
import { db } from '$lib/server/db';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.user;
	return {
		user: user && { username: user.username, displayName: user.displayName, role: user.role },
		// Classes that invited this person wait for their answer on /invitaciones.
		invitations: user?.role === 'participant' ? await countInvitations(db(), user.id) : 0
	};
};
