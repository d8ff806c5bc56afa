// People's accounts: creation, look-up and the rules an account's fields must follow.
import * as v from 'valibot';
import type { Db } from '../db';
import type { Role, User } from '../db/schema';
import { randomId } from '../random';
import { hashPassword } from './password';
import type { FieldError } from '../validation';

export const ROLES: readonly Role[] = ['participant', 'facilitator', 'admin', 'autor'];

/** Tabs, line breaks and other invisible control characters have no place in a name. */
export const CONTROL_CHARACTERS = /\p{Cc}/u;

const text = (max: number) =>
	v.pipe(
		v.string('required'),
		v.trim(),
		v.nonEmpty('required'),
		v.maxLength(max, 'too_long'),
		v.check((s) => !CONTROL_CHARACTERS.test(s), 'bad_characters')
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
export const passwordSchema = v.pipe(
	v.string('required'),
	v.nonEmpty('required'),
	v.minLength(8, 'password_short'),
	v.maxLength(128, 'too_long')
);

export const signupSchema = v.object({
	username: usernameSchema,
	displayName: text(80),
	password: passwordSchema,
	email: optionalText(120, /^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'email_format'),
	phone: optionalText(20, /^\+?[0-9 ]{7,19}$/, 'phone_format')
});
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
			created_at: new Date().toISOString()
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
