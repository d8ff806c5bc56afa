import type { Session, SessionUser } from '$lib/server/auth/session';
import type { LessonPage } from '$lib/server/learning/lesson-page';
import type { LayoutData } from '$lib/server/pages/layout-data';

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
			/** The session's expiry was pushed forward: this answer must carry its cookie again. */
			sessionRenewed?: boolean;
			/** What a shared page's render reads, read once by the hook (src/lib/server/pages/shared.ts). */
			sharedPage?: { layout: LayoutData; page: LessonPage };
			/** A lesson's body, put into the rendered page after rendering (see deferred-html.ts). */
			deferredHtml?: string;
		}
	}
}

export {};
