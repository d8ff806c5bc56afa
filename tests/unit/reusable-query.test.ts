import { describe, expect, it } from 'vitest';
import { reusableQuery } from '../../src/lib/server/db';
import type { Role } from '../../src/lib/server/db/schema';
import { newDb, newUser } from './helpers';

describe('a query compiled once and reused', () => {
	const byName = reusableQuery((db, username: string, role: Role) =>
		db
			.selectFrom('users')
			.select(['username', 'role'])
			.where('username', '=', username)
			.where((eb) => eb.or([eb('role', '=', role), eb('role', '=', 'admin')]))
	);

	it('answers each call with its own values, as the query built anew would', async () => {
		const db = await newDb();
		const [ana, bea] = [await newUser(db), await newUser(db, 'facilitator')];
		expect(await byName(db, ana.username, 'participant')).toEqual([
			{ username: ana.username, role: 'participant' }
		]);
		expect(await byName(db, bea.username, 'facilitator')).toEqual([
			{ username: bea.username, role: 'facilitator' }
		]);
		expect(await byName(db, bea.username, 'participant')).toEqual([]);
		// A second database (another dialect in the PostgreSQL run) gets its own SQL.
		const other = await newDb();
		expect(await byName(other, ana.username, 'participant')).toEqual([]);
	});

	it('refuses an argument that is not passed as a plain value', async () => {
		const db = await newDb();
		const lowered = reusableQuery((db, username: string) =>
			db.selectFrom('users').select('id').where('username', '=', username.toLowerCase())
		);
		await expect(lowered(db, 'ana')).rejects.toThrow(/argument 0/);
		const pattern = reusableQuery((db, username: string) =>
			db.selectFrom('users').select('id').where('username', 'like', `${username}%`)
		);
		await expect(pattern(db, 'ana')).rejects.toThrow(/argument 0/);
	});
});
