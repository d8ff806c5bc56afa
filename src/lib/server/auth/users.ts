// People's accounts: creation, look-up and the rules an account's fields must follow.
import * as v from 'valibot';
import type { Db } from '../db';
import type { Role, User } from '../db/schema';
import { randomId } from '../random';
import { writeAudit } from '../audit';
import { hashPassword } from './password';
import { invalidateUserSessions } from './session';
import { MIN_PASSWORD_LENGTH, isCommonPassword, isLikeUsername } from './password-rules';
import { INVISIBLE_IN_NAMES, cleanName } from '../names';
import type { FieldError } from '../validation';

export const ROLES: readonly Role[] = ['participant', 'facilitator', 'admin', 'autor'];

/** Characters no name may hold (the shared rule in ../names.ts). */
export const CONTROL_CHARACTERS = INVISIBLE_IN_NAMES;

const text = (max: number) =>
	v.pipe(
		v.string('required'),
		v.trim(),
		v.nonEmpty('required'),
		v.maxLength(max, 'too_long'),
		cleanName
	);
const optionalText = (max: number, pattern: RegExp, error: FieldError) =>
	v.pipe(
		v.optional(v.string(), ''),
		v.trim(),
		v.maxLength(max, 'too_long'),
		v.check((s) => s === '' || pattern.test(s), error),
		v.transform((s) => (s === '' ? null : s))
	);

export const usernameSchema = v.pipe(
	text(32),
	v.toLowerCase(),
	v.regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, 'username_format')
);
/** A password a person chooses (see password-rules.ts); the username check needs the form. */
export const passwordSchema = v.pipe(
	v.string('required'),
	v.nonEmpty('required'),
	v.minLength(MIN_PASSWORD_LENGTH, 'password_short'),
	v.maxLength(128, 'too_long'),
	v.check((p) => !isCommonPassword(p), 'password_common')
);

export const signupSchema = v.pipe(
	v.object({
		username: usernameSchema,
		displayName: text(80),
		password: passwordSchema,
		email: optionalText(120, /^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'email_format'),
		phone: optionalText(20, /^\+?[0-9 ]{7,19}$/, 'phone_format')
	}),
	v.forward(
		v.partialCheck(
			[['username'], ['password']],
			(input) => !isLikeUsername(input.password, input.username),
			'password_username'
		),
		['password']
	)
);
export type SignupInput = v.InferOutput<typeof signupSchema>;

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
	return db
		.selectFrom('users')
		.selectAll()
		.where('username', '=', username.trim().toLowerCase())
		.executeTakeFirst();
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function usernameExists(db: Db, username: string): Promise<boolean> {
	const row = await db
		.selectFrom('users')
		.select('id')
		.where('username', '=', username)
		.executeTakeFirst();
	return row !== undefined;
}

export interface CreateUserInput {
	username: string;
	displayName: string;
	password: string;
	email?: string | null;
	phone?: string | null;
	role?: Role;
	mustChangePassword?: boolean;
	/** Already hashed (bulk creation hashes before opening its transaction). */
	passwordHash?: string;
	/** The facilitator or admin who made the account for a class. */
	createdBy?: string | null;
}

/** Creates an account; returns null when the username is already taken. */
export async function createUser(db: Db, input: CreateUserInput): Promise<User | null> {
	const passwordHash = input.passwordHash ?? (await hashPassword(input.password));
	const row = await db
		.insertInto('users')
		.values({
			id: randomId(),
			username: input.username,
			display_name: input.displayName,
			email: input.email ?? null,
			phone: input.phone ?? null,
			password_hash: passwordHash,
			role: input.role ?? 'participant',
			locale: null,
			must_change_password: input.mustChangePassword ? 1 : 0,
			disabled_at: null,
			created_at: new Date().toISOString(),
			created_by: input.createdBy ?? null,
			password_reset_at: null,
			password_reset_by: null
		})
		.onConflict((oc) => oc.column('username').doNothing())
		.returningAll()
		.executeTakeFirst();
	return row ?? null;
}

/** Sets a new password; with `temporary`, the person must choose their own at next sign-in. */
export async function setPassword(
	db: Db,
	userId: string,
	password: string,
	temporary: boolean
): Promise<void> {
	await db
		.updateTable('users')
		.set({ password_hash: await hashPassword(password), must_change_password: temporary ? 1 : 0 })
		.where('id', '=', userId)
		.execute();
}

/**
 * Someone else gave this account a temporary password: every session ends, the reset is
 * audited, and the person is told who did it and when at their next sign-in (resetNotice).
 */
export async function resetPasswordBy(
	db: Db,
	input: { userId: string; actorId: string; password: string; details?: Record<string, unknown> }
): Promise<void> {
	const actor = await db
		.selectFrom('users')
		.select('display_name')
		.where('id', '=', input.actorId)
		.executeTakeFirst();
	const at = new Date().toISOString();
	await db
		.updateTable('users')
		.set({
			password_hash: await hashPassword(input.password),
			must_change_password: 1,
			password_reset_at: at,
			password_reset_by: actor?.display_name ?? null
		})
		.where('id', '=', input.userId)
		.execute();
	await invalidateUserSessions(db, input.userId);
	await writeAudit(
		db,
		{
			actorId: input.actorId,
			action: 'user.password.reset',
			targetType: 'user',
			targetId: input.userId,
			details: input.details
		},
		new Date(at)
	);
}

export interface ResetNotice {
	by: string | null;
	/** ISO timestamp */
	at: string;
}

/** Who last reset this person's password, until they choose a new one themselves. */
export async function resetNotice(db: Db, userId: string): Promise<ResetNotice | null> {
	const row = await db
		.selectFrom('users')
		.select(['password_reset_at', 'password_reset_by'])
		.where('id', '=', userId)
		.executeTakeFirst();
	return row?.password_reset_at ? { by: row.password_reset_by, at: row.password_reset_at } : null;
}
