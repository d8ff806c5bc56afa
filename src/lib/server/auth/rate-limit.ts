// Failure counters that slow down password guessing: kept in the database, so several app servers
// share them. A few failures are free; past that each one doubles the wait, up to a cap, and the
// counter starts over after a quiet hour. The per-account counter is keyed by account AND address:
// someone guessing from elsewhere cannot lock the real person out of their own phone. The same
// counters also slow down mass sign-ups from one address.
import ipaddr from 'ipaddr.js';
import type { Db } from '../db';

/**
 * The address as the limits count it: an IPv4 address as it is (also when written as IPv6), and
 * an IPv6 address by its /64, the block one home or phone line gets: otherwise one line could guess
 * from 2^64 addresses, each with its own free tries.
 */
export function limitedAddress(given: string): string {
	// Some proxies write "1.2.3.4:5678" or "[2001:db8::1]:443": the port would make each connection
	// a new address.
	const address = given
		.trim()
		.replace(/^\[([^\]]*)\](?::\d+)?$/, '$1')
		.replace(/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/, '$1');
	if (!ipaddr.isValid(address)) return address;
	const parsed = ipaddr.process(address);
	if (parsed.kind() === 'ipv4') return parsed.toString();
	const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
	return `${parts.join(':')}::/64`;
}

export interface LimitPolicy {
	/** The failure that starts the first wait (5: the sixth try has to wait). */
	free: number;
	/** The first wait; each further failure doubles it. */
	baseMs: number;
	/** No wait is longer than this. */
	capMs: number;
	/** A counter with no failure for this long starts over. */
	resetMs: number;
}

const HOUR = 60 * 60 * 1000;

export const SIGNIN_ACCOUNT: LimitPolicy = {
	free: 5,
	baseMs: 30_000,
	capMs: 15 * 60_000,
	resetMs: HOUR
};

/** Generous: a whole class may share one address behind the same Wi-Fi. */
export const SIGNIN_ADDRESS: LimitPolicy = {
	free: 50,
	baseMs: 60_000,
	capMs: 15 * 60_000,
	resetMs: HOUR
};

/** Sign-ups count against the address they come from (every new account, not failures). */
export function signupKeys(at: string, perHour: number): LimitKey[] {
	const address = limitedAddress(at);
	return [
		{
			key: `signup:address:${address}`,
			policy: { free: perHour, baseMs: 5 * 60_000, capMs: HOUR, resetMs: HOUR }
		}
	];
}

/**
 * Sign-ups that hit a taken username, per address: a few typos are free, a script asking which
 * names exist is slowed down like a password guesser.
 */
export const SIGNUP_TAKEN: LimitPolicy = {
	free: 20,
	baseMs: 60_000,
	capMs: 15 * 60_000,
	resetMs: HOUR
};

export function signupTakenKeys(at: string): LimitKey[] {
	return [{ key: `signup:taken:${limitedAddress(at)}`, policy: SIGNUP_TAKEN }];
}

export interface LimitKey {
	key: string;
	policy: LimitPolicy;
}

export function signinKeys(username: string, at: string): LimitKey[] {
	const who = username.trim().toLowerCase();
	const address = limitedAddress(at);
	return [
		{ key: `signin:account:${who}|${address}`, policy: SIGNIN_ACCOUNT },
		{ key: `signin:address:${address}`, policy: SIGNIN_ADDRESS }
	];
}

/** The wait after the `failures`-th failure (0 while still within the free ones). */
export function waitAfter(failures: number, policy: LimitPolicy): number {
	if (failures < policy.free) return 0;
	const doublings = Math.min(failures - policy.free, 30);
	return Math.min(policy.capMs, policy.baseMs * 2 ** doublings);
}

/** Milliseconds until any of the keys lets another attempt through; 0 when none blocks. */
export async function blockedFor(db: Db, keys: LimitKey[], now = new Date()): Promise<number> {
	const rows = await db
		.selectFrom('rate_limits')
		.select(['blocked_until'])
		.where(
			'key',
			'in',
			keys.map((k) => k.key)
		)
		.where('blocked_until', '>', now.toISOString())
		.execute();
	let wait = 0;
	for (const row of rows) {
		wait = Math.max(wait, new Date(row.blocked_until!).getTime() - now.getTime());
	}
	return wait;
}

/** Counts one failure against each key (atomically, so parallel servers don't lose counts). */
export async function recordFailure(db: Db, keys: LimitKey[], now = new Date()): Promise<number> {
	const at = now.toISOString();
	let longest = 0;
	for (const { key, policy } of keys) {
		const staleBefore = new Date(now.getTime() - policy.resetMs).toISOString();
		const row = await db
			.insertInto('rate_limits')
			.values({ key, failures: 1, last_failed_at: at, blocked_until: null })
			.onConflict((oc) =>
				oc.column('key').doUpdateSet((eb) => ({
					failures: eb
						.case()
						.when('rate_limits.last_failed_at', '<', staleBefore)
						.then(1)
						.else(eb('rate_limits.failures', '+', 1))
						.end(),
					last_failed_at: at
				}))
			)
			.returning('failures')
			.executeTakeFirstOrThrow();
		const wait = waitAfter(Number(row.failures), policy);
		if (wait > 0) {
			await db
				.updateTable('rate_limits')
				.set({ blocked_until: new Date(now.getTime() + wait).toISOString() })
				.where('key', '=', key)
				.execute();
			longest = Math.max(longest, wait);
		}
	}
	return longest;
}

/** Forgets the failures of these keys (after a successful sign-in). */
export async function clearFailures(db: Db, keys: LimitKey[]): Promise<void> {
	await deleteCounters(
		db,
		keys.map((k) => k.key)
	);
}

/** Deletes the counters with these keys, whatever their policy. */
export async function deleteCounters(db: Db, keys: string[]): Promise<void> {
	if (keys.length) await db.deleteFrom('rate_limits').where('key', 'in', keys).execute();
}

/** Removes counters nobody has tripped for a day and that block nothing. */
export async function pruneRateLimits(db: Db, now = new Date()): Promise<void> {
	const dayAgo = new Date(now.getTime() - 24 * HOUR).toISOString();
	await db
		.deleteFrom('rate_limits')
		.where('last_failed_at', '<', dayAgo)
		.where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', dayAgo)]))
		.execute();
}
