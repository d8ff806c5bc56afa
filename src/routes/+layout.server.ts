import { layoutData } from '$lib/server/pages/layout-data';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) =>
	locals.sharedPage?.layout ?? (await layoutData(locals));
