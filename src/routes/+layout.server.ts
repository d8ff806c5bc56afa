import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.user;
	return {
		user: user && { username: user.username, displayName: user.displayName, role: user.role },
		// Classes that invited this person wait for their answer on /invitaciones (counted with
		// the session lookup, so no query of its own).
		invitations: user?.role === 'participant' ? locals.invitations : 0
	};
};
