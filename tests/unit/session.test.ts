import { beforeEach, describe, expect, it } from 'vitest';
import {
	ACTIVITY_CHECK_INTERVAL_MS,
	INACTIVITY_TIMEOUT_MS,
	createSession,
	invalidateSession,
	invalidateUserSessions,
	validateSessionToken
} from '../../src/lib/server/auth/session';
import type { Db } from '../../src/lib/server/db';
import { newDb, newUser } from './helpers';

describe('sessions', () => {
	let db: Db;
	beforeEach(async () => {
		db = await newDb();
	});

	it('creates a token id.secret and stores only a hash of the secret', async () => {
		const user = await newUser(db);
		const { token, session } = await createSession(db, user.id);
		const [id, secret] = token.split('.');
		expect(id).toBe(session.id);
		expect(secret.length).toBeGreaterThanOrEqual(24);
		const row = await db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
		expect(row.secret_hash).not.toContain(secret);
		expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('validates the right token and rejects a wrong secret or a malformed token', async () => {
		const user = await newUser(db);
		const { token } = await createSession(db, user.id);
		const ok = await validateSessionToken(db, token);
		expect(ok?.user.username).toBe(user.username);
		const [id] = token.split('.');
		expect(await validateSessionToken(db, `${id}.wrongsecretwrongsecretwron`)).toBeNull();
		expect(await validateSessionToken(db, 'no-dot-here')).toBeNull();
		expect(await validateSessionToken(db, `${id}.`)).toBeNull();
	});

	it('expires after the inactivity timeout and removes the session', async () => {
		const user = await newUser(db);
		const start = new Date('2026-01-01T00:00:00Z');
		const { token } = await createSession(db, user.id, start);
		const later = new Date(start.getTime() + INACTIVITY_TIMEOUT_MS + 1000);
		expect(await validateSessionToken(db, token, later)).toBeNull();
		expect(await db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
	});

	it('extends a session that is in use, at most once per interval', async () => {
		const user = await newUser(db);
		const start = new Date('2026-01-01T00:00:00Z');
		const { token } = await createSession(db, user.id, start);
		const soon = new Date(start.getTime() + 60_000);
		expect((await validateSessionToken(db, token, soon))?.refreshed).toBe(false);
		const afterInterval = new Date(start.getTime() + ACTIVITY_CHECK_INTERVAL_MS + 1);
		expect((await validateSessionToken(db, token, afterInterval))?.refreshed).toBe(true);
		// Used 29 days after the refresh: still valid, because the clock restarted at the refresh.
		const nearlyTimeout = new Date(afterInterval.getTime() + INACTIVITY_TIMEOUT_MS - 1000);
		expect(await validateSessionToken(db, token, nearlyTimeout)).not.toBeNull();
	});

	it('ends on sign-out and for every device at once', async () => {
		const user = await newUser(db);
		const a = await createSession(db, user.id);
		const b = await createSession(db, user.id);
		await invalidateSession(db, a.session.id);
		expect(await validateSessionToken(db, a.token)).toBeNull();
		expect(await validateSessionToken(db, b.token)).not.toBeNull();
		await invalidateUserSessions(db, user.id);
		expect(await validateSessionToken(db, b.token)).toBeNull();
	});

	it('refuses sessions of a disabled account', async () => {
		const user = await newUser(db);
		const { token } = await createSession(db, user.id);
		await db.updateTable('users').set({ disabled_at: new Date().toISOString() }).execute();
		expect(await validateSessionToken(db, token)).toBeNull();
	});
});
