import type { Session, SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			/** Class invitations waiting for the person's answer (read with the session). */
			invitations: number;
			/** Offline quiz results not opened yet (counted with the session). */
			offlineNotices: number;
			/** A lesson's body, put into the rendered page after rendering (see deferred-html.ts). */
			deferredHtml?: string;
		}
	}
}

export {};
