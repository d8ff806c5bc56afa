// People's accounts: creation, look-up and the rules an account's fields must follow.
import * as v from 'valibot';
import type { Db } from '../db';
import type { Role, User } from '../db/schema';
import { randomId } from '../random';
import { writeAudit } from '../audit';
import { hashPassword } from './password';
import { invalidateUserSessions } from './session';

export const ROLES: readonly Role[] = ['participant', 'facilitator', 'admin'];

/** Error keys map to messages in the catalogue (`error_<key>`). */
export type FieldError =
	| 'required'
	| 'too_long'
	| 'username_format'
	| 'password_short'
	| 'email_format'
	| 'phone_format'
	| 'username_taken'
	| 'password_mismatch'
	| 'password_same'
	| 'bad_characters';

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

export type Validated<T> =
	{ ok: true; value: T } | { ok: false; errors: Partial<Record<string, FieldError>> };

/** Runs a schema and reports the first problem of each field. */
export function validate<S extends v.GenericSchema>(
	schema: S,
	input: unknown
): Validated<v.InferOutput<S>> {
	const result = v.safeParse(schema, input);
	if (result.success) return { ok: true, value: result.output };
	const errors: Partial<Record<string, FieldError>> = {};
	for (const issue of result.issues) {
		const field = issue.path?.map((p) => String(p.key)).join('.') ?? '_';
		errors[field] ??= issue.message as FieldError;
	}
	return { ok: false, errors };
}

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
}

/** Creates an account; returns null when the username is already taken. */
export async function createUser(db: Db, input: CreateUserInput): Promise<User | null> {
	const passwordHash = await hashPassword(input.password);
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

/**
 * Gives a person another role. Every session they have ends in the same transaction, so a page
 * opened under the old role cannot go on acting with it: they sign in again (session rotation).
 */
export async function changeRole(
	db: Db,
	input: { userId: string; role: Role; actorId: string | null; now?: Date }
): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		const before = await trx
			.selectFrom('users')
			.select('role')
			.where('id', '=', input.userId)
			.executeTakeFirst();
		if (!before) return false;
		if (before.role === input.role) return true;
		await trx
			.updateTable('users')
			.set({ role: input.role })
			.where('id', '=', input.userId)
			.execute();
		await invalidateUserSessions(trx, input.userId);
		await writeAudit(
			trx,
			{
				actorId: input.actorId,
				action: 'user.role_change',
				targetType: 'user',
				targetId: input.userId,
				details: { from: before.role, to: input.role }
			},
			input.now
		);
		return true;
	});
}
