// Sessions the way the lucia-auth.com sessions guide describes them: a token `id.secret` in an
// httpOnly cookie; the database keeps only a SHA-256 hash of the secret, compared in constant
// time; sessions end after a period of inactivity and are extended while in use.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { reusableQuery, type Db } from '../db';
import { pendingInvitationCount } from '../classes/pending';
import { noticeCutoff, offlineNoticeCount } from '../quizzes/notice-count';
import type { Role } from '../db/schema';
import { randomId } from '../random';

export const SESSION_COOKIE = 'microaula-session';
export const INACTIVITY_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000;
/** lastVerifiedAt is written at most this often, to keep reads from turning into writes. */
export const ACTIVITY_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export interface SessionUser {
	id: string;
	username: string;
	displayName: string;
	role: Role;
	mustChangePassword: boolean;
}

export interface Session {
	id: string;
	userId: string;
	createdAt: Date;
	lastVerifiedAt: Date;
}

export interface ValidatedSession {
	session: Session;
	user: SessionUser;
	/** True when the expiry was pushed forward and the cookie should be sent again. */
	refreshed: boolean;
	/** Class invitations waiting for this person's answer (the banner on every page). */
	invitations: number;
	/** Results of answers sent from a phone not opened yet (the layout reads them when > 0). */
	offlineNotices: number;
}

function hashSecret(secret: string): Buffer {
	return createHash('sha256').update(secret).digest();
}

export async function createSession(
	db: Db,
	userId: string,
	now = new Date()
): Promise<{ token: string; session: Session }> {
	const id = randomId();
	const secret = randomId();
	await db
		.insertInto('sessions')
		.values({
			id,
			user_id: userId,
			secret_hash: hashSecret(secret).toString('hex'),
			created_at: now.toISOString(),
			last_verified_at: now.toISOString()
		})
		.execute();
	return { token: `${id}.${secret}`, session: { id, userId, createdAt: now, lastVerifiedAt: now } };
}

/** The session and its person, with what waits for them (invitations, offline results). */
const sessionRow = reusableQuery((db: Db, id: string, noticesSince: string) =>
	db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.id',
			'sessions.secret_hash',
			'sessions.created_at',
			'sessions.last_verified_at',
			'users.id as user_id',
			'users.username',
			'users.display_name',
			'users.role',
			'users.must_change_password',
			'users.disabled_at'
		])
		.select((eb) => pendingInvitationCount(eb).as('invitations'))
		.select((eb) => offlineNoticeCount(eb, noticesSince).as('offline_notices'))
		.where('sessions.id', '=', id)
);

export async function validateSessionToken(
	db: Db,
	token: string,
	now = new Date()
): Promise<ValidatedSession | null> {
	const parts = token.split('.');
	if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
	const [id, secret] = parts;
	const [row] = await sessionRow(db, id, noticeCutoff(now));
	if (!row) return null;

	const expected = Buffer.from(row.secret_hash, 'hex');
	const given = hashSecret(secret);
	if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;

	const lastVerifiedAt = new Date(row.last_verified_at);
	if (
		row.disabled_at !== null ||
		now.getTime() - lastVerifiedAt.getTime() >= INACTIVITY_TIMEOUT_MS
	) {
		await invalidateSession(db, id);
		return null;
	}

	let refreshed = false;
	let verifiedAt = lastVerifiedAt;
	if (now.getTime() - lastVerifiedAt.getTime() >= ACTIVITY_CHECK_INTERVAL_MS) {
		await db
			.updateTable('sessions')
			.set({ last_verified_at: now.toISOString() })
			.where('id', '=', id)
			.execute();
		verifiedAt = now;
		refreshed = true;
	}
	return {
		session: {
			id,
			userId: row.user_id,
			createdAt: new Date(row.created_at),
			lastVerifiedAt: verifiedAt
		},
		user: {
			id: row.user_id,
			username: row.username,
			displayName: row.display_name,
			role: row.role,
			mustChangePassword: row.must_change_password === 1
		},
		refreshed,
		invitations: Number(row.invitations ?? 0),
		offlineNotices: Number(row.offline_notices ?? 0)
	};
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
	await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export function setSessionCookie(cookies: Cookies, token: string, secure: boolean): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: INACTIVITY_TIMEOUT_MS / 1000
	});
}

export function deleteSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
