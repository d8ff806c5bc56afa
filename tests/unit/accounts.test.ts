import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/lib/server/auth/password';
import { createUser, findUserByUsername, signupSchema } from '../../src/lib/server/auth/users';
import { validate } from '../../src/lib/server/validation';
import { hasRole, safeReturnPath } from '../../src/lib/server/auth/guard';
import { newDb } from './helpers';

describe('passwords', () => {
	it('hashes with argon2id and verifies only the right password', async () => {
		const hash = await hashPassword('mi clave larga');
		expect(hash.startsWith('$argon2id$')).toBe(true);
		expect(await verifyPassword(hash, 'mi clave larga')).toBe(true);
		expect(await verifyPassword(hash, 'mi clave largA')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});
});

describe('sign-up rules', () => {
	const good = { username: 'Maria.Jose', displayName: 'María José', password: 'pan-de-yuca-7' };

	it('accepts a username, a name and a password, lower-casing the username', () => {
		const r = validate(signupSchema, good);
		expect(r.ok && r.value).toMatchObject({ username: 'maria.jose', email: null, phone: null });
	});

	it('reports each bad field with a key the page translates', () => {
		const r = validate(signupSchema, {
			username: 'a b',
			displayName: '',
			password: 'short',
			email: 'no-at-sign',
			phone: 'abc'
		});
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.errors).toEqual({
				username: 'username_format',
				displayName: 'required',
				password: 'password_short',
				email: 'email_format',
				phone: 'phone_format'
			});
		}
	});

	it('rejects over-long fields', () => {
		const r = validate(signupSchema, { ...good, displayName: 'x'.repeat(81) });
		expect(!r.ok && r.errors.displayName).toBe('too_long');
	});

	it('refuses a taken username without writing anything', async () => {
		const db = await newDb();
		expect(
			await createUser(db, { username: 'rosa', displayName: 'Rosa', password: '12345678' })
		).not.toBeNull();
		expect(
			await createUser(db, { username: 'rosa', displayName: 'Otra', password: '12345678' })
		).toBeNull();
		expect((await findUserByUsername(db, 'ROSA'))?.display_name).toBe('Rosa');
		expect(await db.selectFrom('users').selectAll().execute()).toHaveLength(1);
	});
});

describe('roles and redirects', () => {
	it('ranks roles: admins may do what facilitators do, not the other way round', () => {
		expect(hasRole({ role: 'admin' }, 'facilitator')).toBe(true);
		expect(hasRole({ role: 'facilitator' }, 'admin')).toBe(false);
		expect(hasRole({ role: 'participant' }, 'facilitator')).toBe(false);
	});

	it('only returns to same-site paths after signing in', () => {
		expect(safeReturnPath('/cursos/x')).toBe('/cursos/x');
		expect(safeReturnPath('https://evil.example')).toBe('/');
		expect(safeReturnPath('//evil.example')).toBe('/');
		expect(safeReturnPath(null)).toBe('/');
	});
});
