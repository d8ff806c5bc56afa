// The rules of issue 12, at the domain level: who may reset whose password, how existing accounts
// come into a class (invitations), the shared name rule, the password rule, where `volver` may
// send someone, and the limits on join-code guessing and username probing. Each `it` names a
// rule that README's security section lists.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations';
import { resetPassword } from '../../src/lib/server/admin/people';
import { safeReturnPath } from '../../src/lib/server/auth/guard';
import { passwordProblem } from '../../src/lib/server/auth/password-rules';
import { changePassword, signUp } from '../../src/lib/server/auth/signin';
import { findUserById, resetNotice, signupSchema } from '../../src/lib/server/auth/users';
import {
	classMayResetPassword,
	createClassAccounts,
	namesFromCsv,
	namesFromText,
	resetMemberPassword
} from '../../src/lib/server/classes/accounts';
import {
	addMember,
	answerInvitation,
	createCohort,
	inviteByUsername,
	isMember,
	joinByCodeLimited,
	membershipOrigin,
	pendingInvitations
} from '../../src/lib/server/classes/cohorts';
import { openSqlite, migrateToLatest, type Db } from '../../src/lib/server/db';
import type { MemberOrigin, Role } from '../../src/lib/server/db/schema';
import { isCleanName } from '../../src/lib/server/names';
import { deleteAccount } from '../../src/lib/server/privacy/delete-account';
import { validate } from '../../src/lib/server/validation';
import { fixtureCourse, newDb, newUser, testDatabase } from './helpers';

const course = fixtureCourse();
const inAMonth = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);

async function classOf(db: Db, facilitatorId: string) {
	return createCohort(db, facilitatorId, {
		courseId: course.id,
		name: 'Grupo de seguridad',
		place: null,
		startsOn: '2026-01-01',
		endsOn: inAMonth
	});
}

/** What a reset or an invitation could have changed about a person: must stay the same. */
async function snapshot(db: Db, userId: string) {
	const user = await db.selectFrom('users').selectAll().where('id', '=', userId).execute();
	const memberships = await db
		.selectFrom('cohort_members')
		.selectAll()
		.where('user_id', '=', userId)
		.execute();
	const sessions = await db
		.selectFrom('sessions')
		.select('id')
		.where('user_id', '=', userId)
		.execute();
	const audit = await db
		.selectFrom('audit_log')
		.select('action')
		.where('target_id', '=', userId)
		.execute();
	return { user, memberships, sessions, audit };
}

describe('who a class may give a new password', () => {
	it('is decided by role, by how the person came into the class, and by whose account it was', () => {
		const joinedAt = '2026-03-10T15:00:00.000Z';
		const signedUpToJoin = '2026-03-10T14:30:00.000Z';
		const theirsBefore = '2026-03-08T09:00:00.000Z';
		const table: [Role, MemberOrigin | undefined, string, boolean][] = [
			['participant', 'created', theirsBefore, true],
			['participant', 'code', signedUpToJoin, true],
			['participant', 'code', joinedAt, true],
			// An account the person had before typing the code is theirs, not the class's.
			['participant', 'code', theirsBefore, false],
			['participant', 'code', '2026-03-10T13:59:59.000Z', false],
			['participant', 'username', signedUpToJoin, false],
			['participant', undefined, signedUpToJoin, false],
			['facilitator', 'created', signedUpToJoin, false],
			['facilitator', 'code', signedUpToJoin, false],
			['admin', 'code', signedUpToJoin, false],
			['admin', 'created', signedUpToJoin, false]
		];
		for (const [role, origin, createdAt, allowed] of table) {
			expect(
				classMayResetPassword({ role, createdAt }, origin && { origin, joinedAt }),
				`${role} ${origin} ${createdAt}`
			).toBe(allowed);
		}
		expect(classMayResetPassword(undefined, { origin: 'code', joinedAt })).toBe(false);
	});

	it('refuses someone whose own account, weeks old, joined with the code (the class would take it over)', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const cohort = await classOf(db, facilitator.id);
		const person = await newUser(db);
		// Her account, with her contact data, from before the class; then she types the code.
		await db
			.updateTable('users')
			.set({
				created_at: new Date(Date.now() - 20 * 86400_000).toISOString(),
				email: 'maria@example.com'
			})
			.where('id', '=', person.id)
			.execute();
		expect(
			(
				await joinByCodeLimited(db, {
					userId: person.id,
					code: cohort.join_code,
					address: '10.0.0.9'
				})
			).ok
		).toBe(true);
		expect(await membershipOrigin(db, cohort.id, person.id)).toBe('code');
		const before = await snapshot(db, person.id);
		expect(await resetMemberPassword(db, cohort, person.id, facilitator.id)).toEqual({
			ok: false,
			reason: 'not-allowed'
		});
		expect(await snapshot(db, person.id)).toEqual(before);
	});

	it('refuses admins, facilitators and invited people even when forced into the class in the database', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const cohort = await classOf(db, facilitator.id);
		const admin = await newUser(db, 'admin');
		const otherFacilitator = await newUser(db, 'facilitator');
		const invited = await newUser(db);
		// The first step of the attack, done directly: each one "joined with the code".
		for (const target of [admin, otherFacilitator]) {
			await addMember(db, cohort, target.id, null, 'code');
		}
		await addMember(db, cohort, invited.id, facilitator.id, 'username');
		for (const target of [admin, otherFacilitator, invited]) {
			const before = await snapshot(db, target.id);
			expect(await resetMemberPassword(db, cohort, target.id, facilitator.id)).toEqual({
				ok: false,
				reason: 'not-allowed'
			});
			expect(await snapshot(db, target.id)).toEqual(before);
		}
		const outsider = await newUser(db);
		expect(await resetMemberPassword(db, cohort, outsider.id, facilitator.id)).toEqual({
			ok: false,
			reason: 'not-member'
		});
	});

	it('allows people who joined with the code or whose account the class made, audited and told', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const cohort = await classOf(db, facilitator.id);
		const joined = await newUser(db);
		await addMember(db, cohort, joined.id, null, 'code');
		const [made] = await createClassAccounts(db, cohort, ['Rosa Made'], facilitator.id);
		const madeUser = await db
			.selectFrom('users')
			.selectAll()
			.where('username', '=', made.username)
			.executeTakeFirstOrThrow();
		expect(await membershipOrigin(db, cohort.id, madeUser.id)).toBe('created');
		for (const target of [joined, madeUser]) {
			const result = await resetMemberPassword(db, cohort, target.id, facilitator.id);
			expect(result.ok).toBe(true);
			const after = await findUserById(db, target.id);
			expect(after?.must_change_password).toBe(1);
			expect(await resetNotice(db, target.id)).toEqual({
				by: facilitator.display_name,
				at: expect.any(String)
			});
			const audit = await db
				.selectFrom('audit_log')
				.selectAll()
				.where('action', '=', 'user.password.reset')
				.where('target_id', '=', target.id)
				.execute();
			expect(audit).toHaveLength(1);
			expect(audit[0].actor_id).toBe(facilitator.id);
		}
	});

	it('an admin reset is audited and told the same way; choosing a new password clears the notice', async () => {
		const db = await newDb();
		const admin = await newUser(db, 'admin');
		const person = await newUser(db);
		const temporary = await resetPassword(db, admin.id, person.id);
		expect(temporary).toBeTruthy();
		expect((await resetNotice(db, person.id))?.by).toBe(admin.display_name);
		expect(
			await db
				.selectFrom('audit_log')
				.select('actor_id')
				.where('action', '=', 'user.password.reset')
				.where('target_id', '=', person.id)
				.execute()
		).toEqual([{ actor_id: admin.id }]);
		const changed = await changePassword(db, {
			userId: person.id,
			current: temporary!,
			next: 'mi-nueva-clave-7'
		});
		expect(changed.ok).toBe(true);
		expect(await resetNotice(db, person.id)).toBeNull();
	});
});

describe('adding an existing account to a class', () => {
	it('never adds staff, unknown or disabled accounts, and changes nothing for them', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const cohort = await classOf(db, facilitator.id);
		const admin = await newUser(db, 'admin');
		const otherFacilitator = await newUser(db, 'facilitator');
		const disabled = await newUser(db);
		await db
			.updateTable('users')
			.set({ disabled_at: new Date().toISOString() })
			.where('id', '=', disabled.id)
			.execute();
		for (const target of [admin, otherFacilitator, disabled]) {
			const before = await snapshot(db, target.id);
			expect(await inviteByUsername(db, cohort, target.username, facilitator.id)).toBe('ignored');
			expect(await snapshot(db, target.id)).toEqual(before);
			expect(await pendingInvitations(db, target.id)).toEqual([]);
		}
		expect(await inviteByUsername(db, cohort, 'nadie-asi', facilitator.id)).toBe('ignored');
		expect(await db.selectFrom('class_invitations').selectAll().execute()).toEqual([]);
	});

	it('invites a participant, who is in the class only after accepting, and not reset-able', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const cohort = await classOf(db, facilitator.id);
		const person = await newUser(db);
		expect(await inviteByUsername(db, cohort, person.username, facilitator.id)).toBe('invited');
		expect(await isMember(db, cohort.id, person.id)).toBe(false);
		expect(await pendingInvitations(db, person.id)).toEqual([
			expect.objectContaining({ cohortId: cohort.id, invitedBy: facilitator.display_name })
		]);
		expect(await answerInvitation(db, person, cohort.id, true)).toMatchObject({ ok: true });
		expect(await membershipOrigin(db, cohort.id, person.id)).toBe('username');
		expect(await pendingInvitations(db, person.id)).toEqual([]);
		expect(await resetMemberPassword(db, cohort, person.id, facilitator.id)).toEqual({
			ok: false,
			reason: 'not-allowed'
		});
		// Answering twice, or someone else's invitation, does nothing.
		expect(await answerInvitation(db, person, cohort.id, true)).toEqual({
			ok: false,
			reason: 'not-invited'
		});
	});

	it('a declined invitation leaves the person out', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const cohort = await classOf(db, facilitator.id);
		const person = await newUser(db);
		const stranger = await newUser(db);
		await inviteByUsername(db, cohort, person.username, facilitator.id);
		expect(await answerInvitation(db, stranger, cohort.id, true)).toEqual({
			ok: false,
			reason: 'not-invited'
		});
		expect(await answerInvitation(db, person, cohort.id, false)).toMatchObject({ ok: true });
		expect(await isMember(db, cohort.id, person.id)).toBe(false);
		expect(await isMember(db, cohort.id, stranger.id)).toBe(false);
	});

	it('existing memberships are migrated: code, generated account, or (when unsure) username', async () => {
		// Only the migration path matters here; SQLite is enough.
		if (testDatabase !== 'sqlite') return;
		const db = openSqlite(':memory:');
		const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
		await migrator.migrateTo('20261201_002_trust');
		// The tables as they were before this migration, untyped like a migration sees them.
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the pre-migration shape
		const before = db as unknown as Kysely<any>;
		const at = (s: number) => new Date(Date.UTC(2026, 10, 1, 10, 0, s)).toISOString();
		const user = (id: string, role: Role, created: string) => ({
			id,
			username: id,
			display_name: id,
			email: null,
			phone: null,
			password_hash: 'x',
			role,
			locale: null,
			must_change_password: 0,
			disabled_at: null,
			created_at: created
		});
		await before
			.insertInto('users')
			.values([
				user('fac', 'facilitator', at(0)),
				user('coder', 'participant', at(0)),
				user('made', 'participant', at(10)),
				user('old', 'participant', at(0)),
				user('boss', 'admin', at(10))
			])
			.execute();
		await db
			.insertInto('cohorts')
			.values({
				id: 'c1',
				course_id: course.id,
				facilitator_id: 'fac',
				name: 'c',
				place: null,
				starts_on: '2026-01-01',
				ends_on: '2026-12-31',
				join_code: 'ABC-234',
				join_enabled: 1,
				closed_at: null,
				created_at: at(0)
			})
			.execute();
		const member = (userId: string, joined: string, addedBy: string | null) => ({
			cohort_id: 'c1',
			user_id: userId,
			joined_at: joined,
			added_by: addedBy
		});
		await before
			.insertInto('cohort_members')
			.values([
				member('coder', at(30), null),
				member('made', at(11), 'fac'),
				member('old', '2026-11-03T09:00:00.000Z', 'fac'),
				member('boss', at(11), 'fac')
			])
			.execute();
		await migrateToLatest(db);
		const rows = await db
			.selectFrom('cohort_members')
			.select(['user_id', 'origin'])
			.orderBy('user_id')
			.execute();
		expect(Object.fromEntries(rows.map((r) => [r.user_id, r.origin]))).toEqual({
			boss: 'username',
			coder: 'code',
			made: 'created',
			old: 'username'
		});
		expect((await findUserById(db, 'made'))?.created_by).toBe('fac');
		await db.destroy();
	});
});

describe('the name rule (every name field)', () => {
	const bad = [
		'Ana\nMaría',
		'Ana\tMaría',
		'Ana\u0000',
		'\u202Eairam ana',
		'Ana \u2066María\u2069',
		'Ana\u200BMaría',
		'Ana\u200DMaría',
		'\uFEFFAna',
		'Ana\u2028María',
		'Ana\u00ADMaría'
	];
	const good = ['María José Quishpe', 'Jhon Alcívar', 'Nguyễn Thị', "O'Brien-Pérez"];

	it('refuses control, bidi and zero-width characters and keeps real names', () => {
		for (const name of bad) expect(isCleanName(name), JSON.stringify(name)).toBe(false);
		for (const name of good) expect(isCleanName(name), name).toBe(true);
	});

	it('holds at sign-up and for names a facilitator pastes or uploads', () => {
		for (const name of bad.filter((n) => !/^[\s\uFEFF]|\s$/.test(n))) {
			const r = validate(signupSchema, {
				username: 'ana.maria',
				displayName: name,
				password: 'pan-de-yuca-7'
			});
			expect(!r.ok && r.errors.displayName, JSON.stringify(name)).toBe('bad_characters');
		}
		expect(namesFromText('Rosa\nAna\u202EMaría')).toMatchObject({
			ok: false,
			reason: 'bad-characters',
			detail: 'AnaMaría'
		});
		expect(namesFromCsv(new TextEncoder().encode('nombre\nRosa\nAna\u200BMaría\n'))).toMatchObject({
			ok: false,
			reason: 'bad-characters'
		});
		expect(namesFromText('Rosa\nAna María')).toEqual({ ok: true, names: ['Rosa', 'Ana María'] });
	});
});

describe('the password rule', () => {
	it('refuses the most common passwords and the username, in Spanish keys', () => {
		for (const p of ['12345678', 'password', 'Password1', 'qwertyuiop', 'iloveyou', 'contraseña']) {
			expect(passwordProblem(p, 'rosa.p'), p).toBe('password_common');
		}
		expect(passwordProblem('maria.jose', 'maria.jose')).toBe('password_username');
		expect(passwordProblem('MARIA.JOSE1', 'maria.jose')).toBe('password_username');
		expect(passwordProblem('pan-de-yuca-7', 'maria.jose')).toBeNull();
		const r = validate(signupSchema, {
			username: 'rosa.quito',
			displayName: 'Rosa',
			password: 'rosa.quito1'
		});
		expect(!r.ok && r.errors.password).toBe('password_username');
		const common = validate(signupSchema, {
			username: 'rosa.quito',
			displayName: 'Rosa',
			password: 'football'
		});
		expect(!common.ok && common.errors.password).toBe('password_common');
	});
});

describe('where `volver` may send someone', () => {
	it('stays on this site whatever the encoding', () => {
		const away = [
			'//evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'/\r\n/evil.example',
			'/\\evil.example',
			'/\\/evil.example',
			'/.//evil.example',
			'/..//evil.example',
			'///evil.example',
			'https://evil.example',
			'javascript:alert(1)',
			'evil.example',
			''
		];
		for (const value of away) expect(safeReturnPath(value), JSON.stringify(value)).toBe('/');
		// Encoded slashes stay encoded: a path on this site, never a host.
		for (const value of ['/%2F%2Fevil.example', '/%5Cevil.example', '/%09/evil.example']) {
			const path = safeReturnPath(value);
			expect(path.startsWith('/') && !path.startsWith('//'), value).toBe(true);
			expect(new URL(path, 'https://aula.example').origin).toBe('https://aula.example');
		}
		// No control character ever reaches a Location header.
		expect(safeReturnPath('/cursos\r\nSet-Cookie: x=1')).toBe('/cursosSet-Cookie:%20x=1');
		expect(safeReturnPath('/cursos/finanzas?x=1#a')).toBe('/cursos/finanzas?x=1#a');
	});
});

describe('guessing and probing', () => {
	it('join codes: wrong guesses wait like wrong passwords, even before the right code', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const cohort = await classOf(db, facilitator.id);
		const guesser = await newUser(db);
		const now = new Date();
		const guesses = [];
		for (let i = 0; i < 6; i++) {
			guesses.push(
				(
					await joinByCodeLimited(db, {
						userId: guesser.id,
						code: 'ZZZ-ZZ2',
						address: '10.1.1.1',
						now
					})
				).ok
			);
		}
		expect(guesses.every((ok) => !ok)).toBe(true);
		expect(
			await joinByCodeLimited(db, {
				userId: guesser.id,
				code: cohort.join_code,
				address: '10.1.1.1',
				now
			})
		).toMatchObject({ ok: false, reason: 'blocked' });
		expect(await isMember(db, cohort.id, guesser.id)).toBe(false);
		// Someone else on another phone is not held up.
		const other = await newUser(db);
		expect(
			await joinByCodeLimited(db, {
				userId: other.id,
				code: cohort.join_code,
				address: '10.1.1.2',
				now
			})
		).toMatchObject({ ok: true });
	});

	it('sign-ups that hit taken usernames count against the address', async () => {
		const db = await newDb();
		const taken = await newUser(db);
		const now = new Date();
		const answers = [];
		for (let i = 0; i < 20; i++) {
			const r = await signUp(db, {
				account: { username: taken.username, displayName: 'X', password: 'pan-de-yuca-7' },
				address: '10.2.2.2',
				perHour: 1000,
				now
			});
			answers.push(r.ok ? 'ok' : r.reason);
		}
		// SIGNUP_TAKEN: nineteen free answers; the twentieth starts the wait.
		expect(answers.slice(0, 19).every((a) => a === 'taken')).toBe(true);
		expect(answers[19]).toBe('blocked');
		// While blocked, a free name gets the same answer: the limit itself reveals nothing.
		const free = await signUp(db, {
			account: { username: 'libre.de.verdad', displayName: 'X', password: 'pan-de-yuca-7' },
			address: '10.2.2.2',
			perHour: 1000,
			now
		});
		expect(free).toMatchObject({ ok: false, reason: 'blocked' });
		expect(await db.selectFrom('users').select('id').execute()).toHaveLength(1);
	});
});

describe('account deletion', () => {
	it('leaves no deleted data in the SQLite write-ahead log', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'microaula-wal-'));
		const path = join(dir, 'db.sqlite');
		const db = openSqlite(path);
		try {
			await migrateToLatest(db);
			const person = await newUser(db);
			expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
			expect(await deleteAccount(db, { userId: person.id, revokeCodes: [] })).toMatchObject({
				ok: true
			});
			expect(statSync(`${path}-wal`).size).toBe(0);
		} finally {
			await db.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
