import { beforeEach, describe, expect, it } from 'vitest';
import {
	SIGNIN_ACCOUNT,
	SIGNIN_ADDRESS,
	blockedFor,
	limitedAddress,
	pruneRateLimits,
	recordFailure,
	signinKeys,
	waitAfter
} from '../../src/lib/server/auth/rate-limit';
import { signIn, signUp } from '../../src/lib/server/auth/signin';
import type { Db } from '../../src/lib/server/db';
import { newDb, newUser } from './helpers';

const PASSWORD = 'contraseña-segura';
const t0 = new Date('2026-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('sign-in rate limits', () => {
	let db: Db;
	beforeEach(async () => {
		db = await newDb();
	});

	it('waits grow after a few failures and stop growing at the cap', () => {
		expect(waitAfter(SIGNIN_ACCOUNT.free - 1, SIGNIN_ACCOUNT)).toBe(0);
		expect(waitAfter(SIGNIN_ACCOUNT.free, SIGNIN_ACCOUNT)).toBe(30_000);
		expect(waitAfter(SIGNIN_ACCOUNT.free + 1, SIGNIN_ACCOUNT)).toBe(60_000);
		expect(waitAfter(SIGNIN_ACCOUNT.free + 2, SIGNIN_ACCOUNT)).toBe(120_000);
		expect(waitAfter(1000, SIGNIN_ACCOUNT)).toBe(SIGNIN_ACCOUNT.capMs);
	});

	it('blocks an account from one address after five wrong passwords, even the right one', async () => {
		const user = await newUser(db, 'participant', PASSWORD);
		const attempt = (password: string, when: Date, address = '10.0.0.1') =>
			signIn(db, { username: user.username, password, address, now: when });
		for (let i = 0; i < 4; i++) {
			expect(await attempt('equivocada', at(i * 1000))).toEqual({ ok: false, reason: 'wrong' });
		}
		const fifth = await attempt('equivocada', at(5000));
		expect(fifth).toEqual({ ok: false, reason: 'blocked', retryAfterMs: 30_000 });
		const meanwhile = await attempt(PASSWORD, at(10_000));
		expect(meanwhile.ok).toBe(false);
		expect(meanwhile.ok === false && meanwhile.reason).toBe('blocked');

		// Another phone (another address) is not locked out by this one's failures.
		expect((await attempt(PASSWORD, at(10_000), '10.0.0.2')).ok).toBe(true);

		// After the wait, the right password works, and the counter starts over.
		expect((await attempt(PASSWORD, at(36_000))).ok).toBe(true);
		expect(await attempt('equivocada', at(37_000))).toEqual({ ok: false, reason: 'wrong' });
	});

	it('doubles the wait with each further failure, up to fifteen minutes', async () => {
		const keys = signinKeys('alguien', '10.0.0.9');
		let wait = 0;
		let now = t0.getTime();
		const waits: number[] = [];
		for (let i = 0; i < 12; i++) {
			now += wait + 1;
			wait = await recordFailure(db, keys.slice(0, 1), new Date(now));
			waits.push(wait);
		}
		expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
		expect(waits.slice(4, 8)).toEqual([30_000, 60_000, 120_000, 240_000]);
		expect(Math.max(...waits)).toBe(15 * 60_000);
	});

	it('limits one address trying many accounts', async () => {
		let blocked = 0;
		for (let i = 0; i < SIGNIN_ADDRESS.free + 1; i++) {
			const result = await recordFailure(db, signinKeys(`cuenta-${i}`, '10.0.0.7'), at(i));
			if (result > 0) blocked++;
		}
		expect(blocked).toBe(2);
		expect(await blockedFor(db, signinKeys('otra-cuenta', '10.0.0.7'), at(1000))).toBeGreaterThan(
			0
		);
		expect(await blockedFor(db, signinKeys('otra-cuenta', '10.0.0.8'), at(1000))).toBe(0);
	});

	it('counts an IPv6 line by its /64: a new address in the same block is the same guesser', async () => {
		expect(limitedAddress('2001:db8:aa:1::5')).toBe('2001:db8:aa:1::/64');
		expect(limitedAddress('2001:0db8:00aa:0001:ffff:1:2:3')).toBe('2001:db8:aa:1::/64');
		expect(limitedAddress('::ffff:10.0.0.7')).toBe('10.0.0.7');
		expect(limitedAddress('10.0.0.7')).toBe('10.0.0.7');
		expect(limitedAddress('not-an-address')).toBe('not-an-address');
		// A port some proxies add is not a new address.
		expect(limitedAddress('10.0.0.7:5678')).toBe('10.0.0.7');
		expect(limitedAddress('[2001:db8:aa:1::5]:443')).toBe('2001:db8:aa:1::/64');
		expect(limitedAddress('[::1]')).toBe(limitedAddress('::1'));
		// One guess per address, each a different address of the same /64, for one account.
		let waited = false;
		for (let i = 0; i <= SIGNIN_ACCOUNT.free; i++) {
			const wait = await recordFailure(
				db,
				signinKeys('alguien', `2001:db8:aa:1::${(i + 1).toString(16)}`),
				at(i)
			);
			if (wait > 0) waited = true;
		}
		expect(waited).toBe(true);
		expect(
			await blockedFor(db, signinKeys('alguien', '2001:db8:aa:1:9:9:9:9'), at(100))
		).toBeGreaterThan(0);
		// Another line is not held back by it.
		expect(await blockedFor(db, signinKeys('alguien', '2001:db8:bb:1::1'), at(100))).toBe(0);
	});

	it('forgets failures after a quiet hour, and prunes old counters', async () => {
		const keys = signinKeys('alguien', '10.0.0.3');
		for (let i = 0; i < 4; i++) await recordFailure(db, keys, at(i));
		expect(await recordFailure(db, keys, at(2 * 60 * 60 * 1000))).toBe(0);
		await pruneRateLimits(db, at(3 * 24 * 60 * 60 * 1000));
		expect(await db.selectFrom('rate_limits').selectAll().execute()).toHaveLength(0);
	});
});

describe('sign-up limit per address', () => {
	it('lets a class sign up together, then makes the next account from that address wait', async () => {
		const db = await newDb();
		const account = (n: number) => ({
			username: `nueva-${n}`,
			displayName: `Nueva ${n}`,
			password: PASSWORD
		});
		for (let n = 1; n <= 3; n++) {
			const result = await signUp(db, {
				account: account(n),
				address: '10.0.0.9',
				perHour: 3,
				now: t0
			});
			expect(result.ok).toBe(true);
		}
		const blocked = await signUp(db, {
			account: account(4),
			address: '10.0.0.9',
			perHour: 3,
			now: at(1000)
		});
		expect(blocked).toMatchObject({ ok: false, reason: 'blocked' });
		expect(
			blocked.ok === false && blocked.reason === 'blocked' && blocked.retryAfterMs
		).toBeGreaterThan(4 * 60_000);
		expect(
			await db.selectFrom('users').select('id').where('username', '=', 'nueva-4').execute()
		).toEqual([]);

		// Another address is not affected, and after the wait this one may sign up again.
		expect(
			(await signUp(db, { account: account(5), address: '10.0.0.10', perHour: 3, now: at(1000) }))
				.ok
		).toBe(true);
		expect(
			(
				await signUp(db, {
					account: account(4),
					address: '10.0.0.9',
					perHour: 3,
					now: at(5 * 60_000 + 1000)
				})
			).ok
		).toBe(true);
	});

	it('says a taken username is taken without counting it', async () => {
		const db = await newDb();
		const first = await newUser(db);
		const taken = await signUp(db, {
			account: { username: first.username, displayName: 'Otra', password: PASSWORD },
			address: '10.0.0.11',
			perHour: 1,
			now: t0
		});
		expect(taken).toEqual({ ok: false, reason: 'taken' });
		const fresh = await signUp(db, {
			account: { username: 'libre', displayName: 'Libre', password: PASSWORD },
			address: '10.0.0.11',
			perHour: 1,
			now: t0
		});
		expect(fresh.ok).toBe(true);
	});
});
