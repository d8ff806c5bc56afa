import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session';
import { findUserByUsername } from '../../src/lib/server/auth/users';
import {
	createClassAccounts,
	namesFromCsv,
	namesFromText,
	resetMemberPassword,
	uniqueUsernames
} from '../../src/lib/server/classes/accounts';
import {
	generateJoinCode,
	normalizeJoinCode,
	usernameBase
} from '../../src/lib/server/classes/codes';
import {
	addMember,
	answerInvitation,
	createCohort,
	inviteByUsername,
	joinByCode,
	managedCohort,
	removeMember,
	setClosed,
	setJoinEnabled
} from '../../src/lib/server/classes/cohorts';
import {
	behindReasons,
	classDashboard,
	dashboardCsv
} from '../../src/lib/server/classes/dashboard';
import {
	attendanceOf,
	attendanceRate,
	createClassSession,
	saveAttendance
} from '../../src/lib/server/classes/sessions';
import { isEnrolled, markLessonDone } from '../../src/lib/server/learning/progress';
import type { Db } from '../../src/lib/server/db';
import { fixtureCourse, newDb, newUser } from './helpers';

const course = fixtureCourse();
const inAMonth = new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10);

async function classOf(db: Db, facilitatorId: string) {
	return createCohort(db, facilitatorId, {
		courseId: course.id,
		name: 'Grupo del martes',
		place: 'Casa comunal',
		startsOn: '2026-01-01',
		endsOn: inAMonth
	});
}

describe('join codes', () => {
	it('are six unambiguous characters shown as ABC-234, and read back however typed', () => {
		const codes = Array.from({ length: 2000 }, generateJoinCode);
		for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}$/);
		expect(new Set(codes).size).toBeGreaterThan(1990);
		expect(normalizeJoinCode(' abc 234 ')).toBe('ABC-234');
		expect(normalizeJoinCode('ABO-234')).toBeNull();
		expect(normalizeJoinCode('AB')).toBeNull();
	});
});

describe('generated accounts', () => {
	it('make unique usernames from names with accents and repeats', () => {
		expect(usernameBase('María José Peña')).toBe('maria.jose.pena');
		expect(usernameBase('  Ñuño   Ávila ')).toBe('nuno.avila');
		expect(usernameBase('Al')).toBe('persona.al');
		expect(uniqueUsernames(['María José', 'María José', 'Luis'], new Set(['maria.jose']))).toEqual([
			'maria.jose2',
			'maria.jose3',
			'luis'
		]);
	});

	it('read a pasted list, refusing empty and over-long lists', () => {
		expect(namesFromText('Ana\n\n  Luis   Pérez \r\nAna\n')).toEqual({
			ok: true,
			names: ['Ana', 'Luis Pérez', 'Ana']
		});
		expect(namesFromText(' \n ')).toMatchObject({ ok: false, reason: 'empty' });
		expect(namesFromText(Array.from({ length: 201 }, (_, i) => `P ${i}`).join('\n'))).toMatchObject(
			{
				ok: false,
				reason: 'too-many'
			}
		);
	});

	it('read a CSV in UTF-8 or Excel’s windows-1252, refusing wrong columns or binary', () => {
		const utf8 = new TextEncoder().encode('\uFEFFNombre,Teléfono\nMaría José,099\n"Peña, Luis",\n');
		expect(namesFromCsv(utf8)).toEqual({ ok: true, names: ['María José', 'Peña, Luis'] });
		const latin1 = Uint8Array.from(
			[...'nombre\nMar', 0xed, 'a\n'].flatMap((c) =>
				typeof c === 'number' ? [c] : [...c].map((x) => x.charCodeAt(0))
			)
		);
		expect(namesFromCsv(latin1)).toEqual({ ok: true, names: ['María'] });
		expect(namesFromCsv(new TextEncoder().encode('apellido,edad\nPérez,30\n'))).toMatchObject({
			ok: false,
			reason: 'bad-columns'
		});
		expect(namesFromCsv(Uint8Array.from([0, 1, 2, 3, 0xff, 0xfe]))).toMatchObject({
			ok: false,
			reason: 'bad-encoding'
		});
	});

	it('are created in the class with a first password they must change', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const cohort = await classOf(db, facilitator.id);
		const created = await createClassAccounts(
			db,
			cohort,
			['María José', 'María José'],
			facilitator.id
		);
		expect(created.map((c) => c.username)).toEqual(['maria.jose', 'maria.jose2']);
		const user = await findUserByUsername(db, 'maria.jose2');
		expect(user?.must_change_password).toBe(1);
		expect(await verifyPassword(user!.password_hash, created[1].password)).toBe(true);
		expect(await isEnrolled(db, user!.id, course.id)).toBe(true);

		const fresh = await resetMemberPassword(db, cohort, user!.id, facilitator.id);
		if (!fresh.ok) throw new Error('a generated account can be reset by its class');
		const after = await findUserByUsername(db, 'maria.jose2');
		expect(await verifyPassword(after!.password_hash, fresh.password)).toBe(true);
		expect(after!.created_by).toBe(facilitator.id);
		const outsider = await newUser(db);
		expect(await resetMemberPassword(db, cohort, outsider.id, facilitator.id)).toEqual({
			ok: false,
			reason: 'not-member'
		});
	});
});

describe('classes', () => {
	it('are managed only by their facilitator, or an admin', async () => {
		const db = await newDb();
		const mine = await newUser(db, 'facilitator');
		const other = await newUser(db, 'facilitator');
		const admin = await newUser(db, 'admin');
		const participant = await newUser(db);
		const cohort = await classOf(db, mine.id);
		expect((await managedCohort(db, mine, cohort.id)).ok).toBe(true);
		expect(await managedCohort(db, other, cohort.id)).toEqual({ ok: false, reason: 'forbidden' });
		expect(await managedCohort(db, participant, cohort.id)).toEqual({
			ok: false,
			reason: 'forbidden'
		});
		expect((await managedCohort(db, admin, cohort.id)).ok).toBe(true);
		expect(await managedCohort(db, admin, 'nope')).toEqual({ ok: false, reason: 'not-found' });
	});

	it('are joined with a code, unless it is off, closed or over', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const person = await newUser(db);
		const cohort = await classOf(db, facilitator.id);
		expect(await joinByCode(db, person.id, 'ZZZ-ZZZ')).toMatchObject({
			ok: false,
			reason: 'unknown'
		});
		expect(await joinByCode(db, person.id, 'hola')).toMatchObject({ ok: false, reason: 'format' });
		await setJoinEnabled(db, cohort, false);
		expect(await joinByCode(db, person.id, cohort.join_code)).toMatchObject({
			ok: false,
			reason: 'disabled'
		});
		await setJoinEnabled(db, cohort, true);
		expect(await joinByCode(db, person.id, cohort.join_code.toLowerCase())).toMatchObject({
			ok: true,
			already: false
		});
		expect(await isEnrolled(db, person.id, course.id)).toBe(true);
		expect(await joinByCode(db, person.id, cohort.join_code)).toMatchObject({
			ok: true,
			already: true
		});
		const later = new Date(Date.now() + 60 * 86400_000);
		expect(await joinByCode(db, person.id, cohort.join_code, later)).toMatchObject({
			ok: false,
			reason: 'finished'
		});
		await setClosed(db, cohort, true);
		expect(await joinByCode(db, person.id, cohort.join_code)).toMatchObject({
			ok: false,
			reason: 'closed'
		});
	});

	it('are counted with the session while waiting for an answer, from open classes only', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const person = await newUser(db);
		const { token } = await createSession(db, person.id);
		const waiting = async () => (await validateSessionToken(db, token))?.invitations;
		expect(await waiting()).toBe(0);
		const [first, second] = [await classOf(db, facilitator.id), await classOf(db, facilitator.id)];
		await inviteByUsername(db, first, person.username, facilitator.id);
		await inviteByUsername(db, second, person.username, facilitator.id);
		expect(await waiting()).toBe(2);
		await setClosed(db, second, true);
		expect(await waiting()).toBe(1);
		await answerInvitation(db, person, first.id, true);
		expect(await waiting()).toBe(0);
	});

	it('keep a removed person’s account and progress', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const person = await newUser(db);
		const cohort = await classOf(db, facilitator.id);
		expect(await inviteByUsername(db, cohort, person.username, facilitator.id)).toBe('invited');
		expect(await answerInvitation(db, person, cohort.id, true)).toMatchObject({ ok: true });
		await markLessonDone(db, { userId: person.id, courseId: course.id, lessonId: 'hola' });
		expect(await removeMember(db, cohort, person.id)).toBe(true);
		expect(await findUserByUsername(db, person.username)).toBeDefined();
		expect(
			await db.selectFrom('lesson_progress').selectAll().where('user_id', '=', person.id).execute()
		).toHaveLength(1);
	});
});

describe('attendance and the dashboard', () => {
	it('attendance is saved for the whole class and refuses people outside it', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const [a, b] = [await newUser(db), await newUser(db)];
		const outsider = await newUser(db);
		const cohort = await classOf(db, facilitator.id);
		for (const p of [a, b]) await addMember(db, cohort, p.id, null, 'code');
		const session = await createClassSession(db, cohort, {
			date: '2026-02-03',
			time: '18:00',
			topic: 'Costos',
			moduleId: null
		});
		expect(
			await saveAttendance(db, cohort, session.id, [a.id, outsider.id], facilitator.id)
		).toEqual({ ok: false, reason: 'not-member' });
		expect((await attendanceOf(db, session.id)).size).toBe(0);
		expect(await saveAttendance(db, cohort, session.id, [a.id], facilitator.id)).toEqual({
			ok: true
		});
		expect(await saveAttendance(db, cohort, session.id, [a.id, b.id], facilitator.id)).toEqual({
			ok: true
		});
		const marks = await attendanceOf(db, session.id);
		expect([marks.get(a.id), marks.get(b.id)]).toEqual([true, true]);
	});

	it('attendance rate and "behind" rules', () => {
		expect(attendanceRate(2, 3)).toBe(67);
		expect(attendanceRate(0, 0)).toBeNull();
		const now = new Date('2026-03-10T12:00:00Z');
		expect(behindReasons({ percent: 80, lastActivity: '2026-03-09T00:00:00Z' }, now)).toEqual({
			inactive: false,
			lowProgress: false
		});
		expect(behindReasons({ percent: 49, lastActivity: '2026-03-01T00:00:00Z' }, now)).toEqual({
			inactive: true,
			lowProgress: true
		});
		expect(behindReasons({ percent: 50, lastActivity: null }, now)).toEqual({
			inactive: true,
			lowProgress: false
		});
	});

	it('shows each participant’s standing, and exports it as CSV that Excel reads safely', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const cohort = await classOf(db, facilitator.id);
		const [ana, hacker] = await createClassAccounts(
			db,
			cohort,
			['Ana Ñáñez', '=HYPERLINK("x")'],
			facilitator.id
		);
		const anaId = (await findUserByUsername(db, ana.username))!.id;
		await markLessonDone(db, { userId: anaId, courseId: course.id, lessonId: 'hola' });
		await markLessonDone(db, {
			userId: anaId,
			courseId: course.id,
			lessonId: 'costos',
			source: 'facilitator',
			recordedBy: facilitator.id
		});
		const session = await createClassSession(db, cohort, {
			date: '2026-02-03',
			time: null,
			topic: 'Inicio',
			moduleId: null
		});
		await saveAttendance(db, cohort, session.id, [anaId], facilitator.id);

		const dashboard = await classDashboard(db, cohort, course);
		expect(dashboard.sessionsHeld).toBe(1);
		const row = dashboard.participants.find((p) => p.username === ana.username)!;
		expect(row).toMatchObject({
			percent: 40,
			attended: 1,
			attendanceRate: 100,
			inactive: false,
			lowProgress: true,
			certificate: null
		});
		expect(row.modules[0]).toMatchObject({ lessonsDone: 2, lessons: 2, bestScore: null });

		const csv = dashboardCsv(course, dashboard);
		expect(csv.startsWith('\uFEFFnombre,usuario,avance_%')).toBe(true);
		const lines = csv.split('\r\n');
		expect(lines).toHaveLength(3);
		expect(lines.find((l) => l.startsWith('Ana Ñáñez'))).toContain(',40,2/2,,0/1,,1/1,100,');
		expect(lines.find((l) => l.includes('HYPERLINK'))).toMatch(/^"'=HYPERLINK\(""x""\)"/);
		expect(hacker.username).toBe('hyperlink.x');
	});
});
