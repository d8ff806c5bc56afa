// Signing in and changing one's password: password checks behind the rate limits, and a fresh
// session (the old one ended) each time the person proves who they are.
import * as v from 'valibot';
import type { Db } from '../db';
import type { User } from '../db/schema';
import { writeAudit } from '../audit';
import { dummyHash, hashPassword, verifyPassword } from './password';
import {
	blockedFor,
	clearFailures,
	pruneRateLimits,
	recordFailure,
	signinKeys,
	signupKeys,
	signupTakenKeys,
	SIGNIN_ACCOUNT,
	type LimitKey
} from './rate-limit';
import { createSession, invalidateSession, invalidateUserSessions } from './session';
import { createUser, passwordSchema, usernameExists, type CreateUserInput } from './users';

export const signinSchema = v.object({
	username: v.pipe(
		v.string('required'),
		v.trim(),
		v.toLowerCase(),
		v.nonEmpty('required'),
		v.maxLength(64, 'too_long')
	),
	password: v.pipe(v.string('required'), v.nonEmpty('required'), v.maxLength(256, 'too_long')),
	volver: v.optional(v.pipe(v.string(), v.maxLength(1000, 'too_long')), '/')
});

export type SignInResult =
	| { ok: true; user: User; token: string }
	| { ok: false; reason: 'wrong' | 'disabled' }
	| { ok: false; reason: 'blocked'; retryAfterMs: number };

/**
 * Checks a username and password from `address`. While a limit blocks, the password is not even
 * looked at. On success the session in `previousSessionId` (if any) ends and a new one starts.
 */
export async function signIn(
	db: Db,
	input: {
		username: string;
		password: string;
		address: string;
		previousSessionId?: string | null;
		now?: Date;
	}
): Promise<SignInResult> {
	const now = input.now ?? new Date();
	const keys = signinKeys(input.username, input.address);
	const wait = await blockedFor(db, keys, now);
	if (wait > 0) return { ok: false, reason: 'blocked', retryAfterMs: wait };

	const user = await db
		.selectFrom('users')
		.selectAll()
		.where('username', '=', input.username.trim().toLowerCase())
		.executeTakeFirst();
	const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), input.password);
	if (!user || !ok) {
		const waitNow = await recordFailure(db, keys, now);
		// Now and then, forget counters that nobody has tripped for a day.
		if (Math.random() < 0.02) await pruneRateLimits(db, now);
		return waitNow > 0
			? { ok: false, reason: 'blocked', retryAfterMs: waitNow }
			: { ok: false, reason: 'wrong' };
	}
	if (user.disabled_at) return { ok: false, reason: 'disabled' };

	await clearFailures(db, keys.slice(0, 1));
	const token = await db.transaction().execute(async (trx) => {
		if (input.previousSessionId) await invalidateSession(trx, input.previousSessionId);
		return (await createSession(trx, user.id, now)).token;
	});
	return { ok: true, user, token };
}

export type SignUpResult =
	| { ok: true; user: User }
	| { ok: false; reason: 'taken' }
	| { ok: false; reason: 'blocked'; retryAfterMs: number };

/**
 * Creates a participant's own account from `address`. Every new account counts against the
 * address: past `perHour` in an hour, the next one waits (growing, at most an hour). A taken
 * username is refused before any password is hashed, and counts against the address too, so
 * the form is no cheap way to learn which usernames exist.
 */
export async function signUp(
	db: Db,
	input: { account: CreateUserInput; address: string; perHour: number; now?: Date }
): Promise<SignUpResult> {
	const now = input.now ?? new Date();
	const keys = signupKeys(input.address, input.perHour);
	const takenKeys = signupTakenKeys(input.address);
	const wait = await blockedFor(db, [...keys, ...takenKeys], now);
	if (wait > 0) return { ok: false, reason: 'blocked', retryAfterMs: wait };
	const taken = async (): Promise<SignUpResult> => {
		const waitNow = await recordFailure(db, takenKeys, now);
		return waitNow > 0
			? { ok: false, reason: 'blocked', retryAfterMs: waitNow }
			: { ok: false, reason: 'taken' };
	};
	if (await usernameExists(db, input.account.username)) return taken();
	const user = await createUser(db, { ...input.account, role: 'participant' });
	if (!user) return taken();
	await recordFailure(db, keys, now);
	return { ok: true, user };
}

export const changePasswordSchema = v.pipe(
	v.object({
		current: v.pipe(v.string('required'), v.nonEmpty('required'), v.maxLength(256, 'too_long')),
		next: passwordSchema,
		repeat: v.pipe(v.string('required'), v.nonEmpty('required'), v.maxLength(256, 'too_long')),
		volver: v.optional(v.pipe(v.string(), v.maxLength(1000, 'too_long')), '/cuenta')
	}),
	v.forward(
		v.partialCheck(
			[['next'], ['repeat']],
			(input) => input.next === input.repeat,
			'password_mismatch'
		),
		['repeat']
	),
	v.forward(
		v.partialCheck(
			[['current'], ['next']],
			(input) => input.current !== input.next,
			'password_same'
		),
		['next']
	)
);

export type PasswordCheck =
	| { ok: true }
	| { ok: false; reason: 'wrong' }
	| { ok: false; reason: 'blocked'; retryAfterMs: number };

function passwordKeys(userId: string): LimitKey[] {
	return [{ key: `password:${userId}`, policy: SIGNIN_ACCOUNT }];
}

/**
 * A signed-in person proves it is them before something that cannot be undone (a new password,
 * deleting the account): the same growing waits as signing in, so a borrowed phone with an open
 * session is no place to guess the password.
 */
export async function confirmPassword(
	db: Db,
	userId: string,
	password: string,
	now = new Date()
): Promise<PasswordCheck> {
	const keys = passwordKeys(userId);
	const wait = await blockedFor(db, keys, now);
	if (wait > 0) return { ok: false, reason: 'blocked', retryAfterMs: wait };
	const user = await db
		.selectFrom('users')
		.select('password_hash')
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!user || !(await verifyPassword(user.password_hash, password))) {
		const waitNow = await recordFailure(db, keys, now);
		return waitNow > 0
			? { ok: false, reason: 'blocked', retryAfterMs: waitNow }
			: { ok: false, reason: 'wrong' };
	}
	await clearFailures(db, keys);
	return { ok: true };
}

export type ChangePasswordResult =
	{ ok: true; token: string } | Exclude<PasswordCheck, { ok: true }>;

/**
 * Sets a new password once the current one is confirmed. Every session of the person ends (a
 * stolen session stops working) and the one returned replaces the session on this device; the
 * "must change password" mark is cleared. One transaction: nothing is half-changed.
 */
export async function changePassword(
	db: Db,
	input: { userId: string; current: string; next: string; now?: Date }
): Promise<ChangePasswordResult> {
	const now = input.now ?? new Date();
	const check = await confirmPassword(db, input.userId, input.current, now);
	if (!check.ok) return check;
	const passwordHash = await hashPassword(input.next);
	const token = await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('users')
			.set({
				password_hash: passwordHash,
				must_change_password: 0,
				password_reset_at: null,
				password_reset_by: null
			})
			.where('id', '=', input.userId)
			.execute();
		await invalidateUserSessions(trx, input.userId);
		const { token } = await createSession(trx, input.userId, now);
		await writeAudit(
			trx,
			{
				actorId: input.userId,
				action: 'user.password_change',
				targetType: 'user',
				targetId: input.userId
			},
			now
		);
		return token;
	});
	return { ok: true, token };
}
