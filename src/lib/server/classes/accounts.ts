// Accounts that facilitators create for people without e-mail: from a pasted list of names or a
// CSV file, with generated usernames and first passwords printed on login cards.
import Papa from 'papaparse';
import { inTransaction, type Db } from '../db';
import { hashPassword } from '../auth/password';
import { createUser, resetPasswordBy } from '../auth/users';
import { writeAudit } from '../audit';
import type { CohortRow, MemberOrigin, Role } from '../db/schema';
import { isCleanName } from '../names';
import { addMember } from './cohorts';
import { generateInitialPassword, usernameBase } from './codes';

export const MAX_ACCOUNTS_AT_ONCE = 200;
export const MAX_NAME_LENGTH = 80;

export type NamesResult =
	| { ok: true; names: string[] }
	| {
			ok: false;
			reason:
				'empty' | 'too-many' | 'name-too-long' | 'bad-characters' | 'bad-columns' | 'bad-encoding';
			detail?: string;
	  };

function checkNames(names: string[]): NamesResult {
	if (names.length === 0) return { ok: false, reason: 'empty' };
	if (names.length > MAX_ACCOUNTS_AT_ONCE)
		return { ok: false, reason: 'too-many', detail: String(names.length) };
	const long = names.find((n) => n.length > MAX_NAME_LENGTH);
	if (long) return { ok: false, reason: 'name-too-long', detail: long.slice(0, 30) };
	// The same rule as every other name (../names.ts); the line is shown without the culprits.
	const unclean = names.find((n) => !isCleanName(n));
	if (unclean) {
		const shown = [...unclean].filter((c) => isCleanName(c)).join('');
		return { ok: false, reason: 'bad-characters', detail: shown.slice(0, 30) };
	}
	return { ok: true, names };
}

/** One name per line; blank lines are skipped, repeated names are different people. */
export function namesFromText(text: string): NamesResult {
	return checkNames(
		text
			.split(/\r?\n/)
			.map((l) => l.replace(/\s+/g, ' ').trim())
			.filter(Boolean)
	);
}

/**
 * A CSV with a column «nombre» (or «name»). UTF-8 is expected; files saved by Excel in Windows'
 * Spanish default (windows-1252) are read too. Anything else is refused with a reason.
 */
export function namesFromCsv(bytes: Uint8Array): NamesResult {
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		text = new TextDecoder('windows-1252').decode(bytes);
	}
	// Text files have no control characters but tab and line breaks; binary files do.
	const binary = [...text.slice(0, 4096)].some(
		(c) => c < ' ' && c !== '\t' && c !== '\n' && c !== '\r'
	);
	if (binary) return { ok: false, reason: 'bad-encoding' };
	const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
		header: true,
		skipEmptyLines: 'greedy',
		transformHeader: (h) => h.trim().toLowerCase()
	});
	const fields = parsed.meta.fields ?? [];
	const column = fields.find((f) => f === 'nombre' || f === 'name');
	if (!column) return { ok: false, reason: 'bad-columns', detail: fields.join(', ').slice(0, 80) };
	return checkNames(
		parsed.data.map((row) => (row[column] ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean)
	);
}

export interface CreatedAccount {
	displayName: string;
	username: string;
	password: string;
}

async function takenUsernames(db: Db, bases: string[]): Promise<Set<string>> {
	const taken = new Set<string>();
	for (const base of new Set(bases)) {
		const rows = await db
			.selectFrom('users')
			.select('username')
			.where('username', 'like', `${base}%`)
			.execute();
		for (const r of rows) taken.add(r.username);
	}
	return taken;
}

/** Usernames from names, unique against the database and within the list (maria.jose, maria.jose2). */
export function uniqueUsernames(names: string[], taken: Set<string>): string[] {
	const used = new Set(taken);
	return names.map((name) => {
		const base = usernameBase(name);
		let candidate = base;
		for (let n = 2; used.has(candidate); n++) candidate = `${base}${n}`;
		used.add(candidate);
		return candidate;
	});
}

/** Creates the accounts and puts them in the class, all or nothing. */
export async function createClassAccounts(
	db: Db,
	cohort: CohortRow,
	names: string[],
	createdBy: string
): Promise<CreatedAccount[]> {
	const usernames = uniqueUsernames(names, await takenUsernames(db, names.map(usernameBase)));
	const passwords = names.map(() => generateInitialPassword());
	// Hashing is slow on purpose; do it before the transaction so the database is not held.
	const hashes = await Promise.all(passwords.map((p) => hashPassword(p)));
	return inTransaction(db, async (trx) => {
		const created: CreatedAccount[] = [];
		for (const [i, name] of names.entries()) {
			const user = await createUser(trx, {
				username: usernames[i],
				displayName: name,
				password: passwords[i],
				passwordHash: hashes[i],
				mustChangePassword: true,
				createdBy
			});
			if (!user) throw new Error(`username taken meanwhile: ${usernames[i]}`);
			await addMember(trx, cohort, user.id, createdBy, 'created');
			created.push({ displayName: name, username: usernames[i], password: passwords[i] });
		}
		await writeAudit(trx, {
			actorId: createdBy,
			action: 'class.accounts.create',
			targetType: 'cohort',
			targetId: cohort.id,
			details: { count: created.length }
		});
		return created;
	});
}

/**
 * How long before joining with the code an account may have been made and still count as made to
 * join the class (signed up with its code or poster in hand). Older accounts were the person's own
 * before the class: giving the class their password would let a facilitator walk into them.
 */
export const SIGNED_UP_TO_JOIN_MS = 60 * 60 * 1000;

/**
 * Who a class may give a new password: only a participant's account that the class made, or that
 * was made to join it with its code (signed up at most an hour before joining). Never a
 * facilitator's or an admin's, never someone who came by invitation or who had their account
 * before typing the code (it was theirs before the class), never an outsider.
 */
export function classMayResetPassword(
	target: { role: Role; createdAt: string } | undefined,
	membership: { origin: MemberOrigin; joinedAt: string } | undefined
): boolean {
	if (target?.role !== 'participant' || !membership) return false;
	if (membership.origin === 'created') return true;
	return (
		membership.origin === 'code' &&
		Date.parse(target.createdAt) >= Date.parse(membership.joinedAt) - SIGNED_UP_TO_JOIN_MS
	);
}

/** What the reset rule reads of a class member, in one query; undefined for a non-member. */
async function resetTarget(db: Db, cohort: CohortRow, userId: string) {
	const row = await db
		.selectFrom('cohort_members')
		.innerJoin('users', 'users.id', 'cohort_members.user_id')
		.select(['users.role', 'users.created_at', 'cohort_members.origin', 'cohort_members.joined_at'])
		.where('cohort_members.cohort_id', '=', cohort.id)
		.where('cohort_members.user_id', '=', userId)
		.executeTakeFirst();
	return (
		row && {
			target: { role: row.role, createdAt: row.created_at },
			membership: { origin: row.origin, joinedAt: row.joined_at }
		}
	);
}

export async function mayResetMemberPassword(
	db: Db,
	cohort: CohortRow,
	userId: string
): Promise<boolean> {
	const member = await resetTarget(db, cohort, userId);
	return classMayResetPassword(member?.target, member?.membership);
}

export type ClassReset =
	{ ok: true; password: string } | { ok: false; reason: 'not-member' | 'not-allowed' };

/** A new temporary password for someone the class may reset (above), shown once; audited. */
export async function resetMemberPassword(
	db: Db,
	cohort: CohortRow,
	userId: string,
	actorId: string
): Promise<ClassReset> {
	return inTransaction(db, async (trx) => {
		const member = await resetTarget(trx, cohort, userId);
		if (!member) return { ok: false, reason: 'not-member' };
		if (!classMayResetPassword(member.target, member.membership)) {
			return { ok: false, reason: 'not-allowed' };
		}
		const password = generateInitialPassword();
		await resetPasswordBy(trx, { userId, actorId, password, details: { cohort: cohort.id } });
		return { ok: true, password };
	});
}
