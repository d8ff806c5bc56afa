import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { recordFailure, signinKeys } from '../../src/lib/server/auth/rate-limit';
import { createSession } from '../../src/lib/server/auth/session';
import {
	issueCertificate,
	verifyCertificate
} from '../../src/lib/server/certificates/certificates';
import { addMember, createCohort, removeMember } from '../../src/lib/server/classes/cohorts';
import { createClassSession, saveAttendance } from '../../src/lib/server/classes/sessions';
import { buildCatalogue } from '../../src/lib/server/content/format/catalogue';
import type { Course } from '../../src/lib/server/content/format/types';
import type { Db } from '../../src/lib/server/db';
import { deleteAccount, readCertificateChoices } from '../../src/lib/server/privacy/delete-account';
import { personalData } from '../../src/lib/server/privacy/personal-data';
import { parseSurvey } from '../../src/lib/server/content/format/survey-format';
import { savePreCheck } from '../../src/lib/server/evidence/knowledge';
import { saveOwnProfile } from '../../src/lib/server/evidence/profile';
import { saveSurvey } from '../../src/lib/server/evidence/surveys';
import { completeCourse, courseFiles, newDb, newUser, surveyText } from './helpers';

const { courses } = buildCatalogue({
	texts: { ...courseFiles('curso-a'), ...courseFiles('curso-b') }
});
const [courseA, courseB] = courses as [Course, Course];

/** A participant with something in every table that can hold their data. */
async function busyParticipant(db: Db) {
	const facilitator = await newUser(db, 'facilitator');
	const user = await newUser(db);
	await db
		.updateTable('users')
		.set({ email: 'lucia@example.org', phone: '0991234567' })
		.where('id', '=', user.id)
		.execute();
	await createSession(db, user.id);
	await completeCourse(db, courseA, user.id);
	await completeCourse(db, courseB, user.id);
	const a = await issueCertificate(db, {
		userId: user.id,
		course: courseA,
		nameToPrint: 'Lucía A'
	});
	const b = await issueCertificate(db, {
		userId: user.id,
		course: courseB,
		nameToPrint: 'Lucía B'
	});
	if (!a.ok || !b.ok) throw new Error('certificates not issued');
	const cohort = await createCohort(db, facilitator.id, {
		courseId: courseA.id,
		name: 'Grupo Tarqui',
		place: 'Casa comunal',
		startsOn: '2026-11-01',
		endsOn: '2026-12-15'
	});
	await addMember(db, cohort, user.id, facilitator.id);
	const left = await createCohort(db, facilitator.id, {
		courseId: courseB.id,
		name: 'Grupo Yanuncay',
		place: null,
		startsOn: '2026-11-01',
		endsOn: '2026-12-15'
	});
	await addMember(db, left, user.id, facilitator.id);
	await removeMember(db, left, user.id);
	const session = await createClassSession(db, cohort, {
		date: '2026-11-10',
		time: '09:00',
		topic: 'Costos fijos',
		moduleId: null
	});
	await saveAttendance(db, cohort, session.id, [user.id], facilitator.id);
	await recordFailure(db, signinKeys(user.username, '10.0.0.7'));
	// Evidence (issue 17): a profile, a pre-course check and a survey wave.
	await saveOwnProfile(db, user.id, {
		gender: 'mujer',
		ageBand: '35-44',
		province: 'azuay',
		bornAbroad: true,
		runsBusiness: true,
		businessKind: 'costura',
		businessPeople: '1'
	});
	await savePreCheck(db, {
		userId: user.id,
		courseId: courseA.id,
		result: { score: 40, passed: false }
	});
	const survey = parseSurvey('survey.md', surveyText(), courseA.id).survey!;
	await saveSurvey(db, {
		userId: user.id,
		survey,
		wave: 'inicio',
		answers: { anota: survey.questions[1].options[0].id }
	});
	return { user, facilitator, cohort, certificateA: a.certificate, certificateB: b.certificate };
}

/** Rows that still point at the account, table by table. */
async function rowsOf(db: Db, userId: string): Promise<Record<string, number>> {
	const count = async (table: string, column = 'user_id') =>
		Number(
			(
				await sql<{
					n: number;
				}>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${userId}`.execute(
					db
				)
			).rows[0].n
		);
	return {
		users: await count('users', 'id'),
		sessions: await count('sessions'),
		enrollments: await count('enrollments'),
		lesson_progress: await count('lesson_progress'),
		quiz_attempts: await count('quiz_attempts'),
		cohort_members: await count('cohort_members'),
		cohort_former_members: await count('cohort_former_members'),
		attendance: await count('attendance'),
		certificates: await count('certificates'),
		audit_log: await count('audit_log', 'actor_id'),
		participant_profiles: await count('participant_profiles'),
		survey_responses: await count('survey_responses'),
		knowledge_checks: await count('knowledge_checks')
	};
}

describe('download my data', () => {
	let db: Db;
	beforeEach(async () => {
		db = await newDb();
	});

	it('holds the account, progress, quizzes, certificates, classes and attendance', async () => {
		const { user, certificateA } = await busyParticipant(db);
		const other = await newUser(db);
		const data = (await personalData(db, user.id))!;

		expect(data.account).toMatchObject({
			username: user.username,
			displayName: user.display_name,
			email: 'lucia@example.org',
			phone: '0991234567',
			role: 'participant'
		});
		expect(data.signedInDevices).toHaveLength(1);
		expect(data.courses.map((c) => c.courseId).sort()).toEqual(['curso-a', 'curso-b']);
		expect(data.lessonsDone).toHaveLength(courseA.lessons.length + courseB.lessons.length);
		expect(data.quizAttempts).toHaveLength(4);
		expect(data.quizAttempts.every((a) => a.passed && a.answers !== null)).toBe(true);
		expect(data.quizAttempts[0].questions.length).toBeGreaterThan(0);
		expect(data.certificates.map((c) => c.code)).toContain(certificateA.code);
		expect(data.classes).toEqual([expect.objectContaining({ name: 'Grupo Tarqui' })]);
		expect(data.formerClasses).toEqual([
			expect.objectContaining({ name: 'Grupo Yanuncay', courseId: courseB.id })
		]);
		expect(data.quizAttempts[0]).toMatchObject({
			preparedOffline: false,
			answeredOnPhoneAt: null,
			notCountedReason: null
		});
		expect(data.attendance).toEqual([
			{ className: 'Grupo Tarqui', date: '2026-11-10', topic: 'Costos fijos', present: true }
		]);
		expect(data.signInCounters).toEqual([
			expect.objectContaining({ kind: 'sign-in', failures: 1 })
		]);
		expect(data.evidence.profile).toMatchObject({
			gender: 'mujer',
			province: 'azuay',
			bornAbroad: true,
			recordedInClass: false
		});
		expect(data.evidence.preCourseChecks).toEqual([
			expect.objectContaining({ courseId: courseA.id, score: 40, skipped: false })
		]);
		expect(data.evidence.surveys).toEqual([
			expect.objectContaining({
				courseId: courseA.id,
				wave: 'inicio',
				answers: [expect.objectContaining({ questionId: 'anota', countsAsPractice: true })]
			})
		]);
		// Counts, never the address someone typed the username from.
		expect(JSON.stringify(data)).not.toContain('10.0.0.7');

		const text = JSON.stringify(data);
		const secrets = await db.selectFrom('sessions').select('secret_hash').execute();
		expect(text).not.toContain(user.password_hash);
		for (const s of secrets) expect(text).not.toContain(s.secret_hash);
		expect(text).not.toContain(other.username);
	});

	it('is empty for an account that is gone', async () => {
		expect(await personalData(db, 'nadie')).toBeUndefined();
	});
});

describe('delete my account', () => {
	let db: Db;
	beforeEach(async () => {
		db = await newDb();
	});

	it('removes personal data and progress, keeping or revoking each certificate as chosen', async () => {
		const { user, facilitator, cohort, certificateA, certificateB } = await busyParticipant(db);
		const neighbour = await newUser(db);
		await completeCourse(db, courseA, neighbour.id);
		const before = await rowsOf(db, neighbour.id);

		const result = await deleteAccount(db, {
			userId: user.id,
			revokeCodes: [certificateB.code]
		});
		expect(result).toEqual({ ok: true, kept: 1, revoked: 1 });

		expect(await rowsOf(db, user.id)).toEqual({
			users: 0,
			sessions: 0,
			enrollments: 0,
			lesson_progress: 0,
			quiz_attempts: 0,
			cohort_members: 0,
			cohort_former_members: 0,
			attendance: 0,
			certificates: 0,
			audit_log: 0,
			participant_profiles: 0,
			survey_responses: 0,
			knowledge_checks: 0
		});
		// Survey answers go with their responses: none is left without one.
		const orphans = await db
			.selectFrom('survey_answers')
			.leftJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
			.select('survey_answers.question_id')
			.where('survey_responses.id', 'is', null)
			.execute();
		expect(orphans).toEqual([]);
		expect(await db.selectFrom('survey_answers').select('question_id').execute()).toEqual([]);
		const counters = await db.selectFrom('rate_limits').select('key').execute();
		expect(counters.filter((c) => c.key.includes(user.username))).toEqual([]);

		// Kept: still verifiable, with the printed name. Revoked: invalid, and nameless.
		expect(await verifyCertificate(db, certificateA.code)).toMatchObject({
			status: 'valid',
			name: 'Lucía A'
		});
		expect(await verifyCertificate(db, certificateB.code)).toMatchObject({
			status: 'revoked',
			name: ''
		});

		// Other people's records and the class itself stay.
		expect(await rowsOf(db, neighbour.id)).toEqual(before);
		expect(
			await db.selectFrom('cohorts').select('id').where('id', '=', cohort.id).execute()
		).toHaveLength(1);
		expect(await rowsOf(db, facilitator.id)).toMatchObject({ users: 1 });

		const entry = await db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'user.delete_self')
			.executeTakeFirstOrThrow();
		expect(entry.target_id).toBe(user.id);
		expect(entry.details).not.toContain(user.username);
		expect(entry.details).not.toContain(user.display_name);
	});

	it('keeps every certificate when none is to be revoked', async () => {
		const { user, certificateA, certificateB } = await busyParticipant(db);
		expect(await deleteAccount(db, { userId: user.id, revokeCodes: [] })).toEqual({
			ok: true,
			kept: 2,
			revoked: 0
		});
		for (const c of [certificateA, certificateB]) {
			expect((await verifyCertificate(db, c.code))?.status).toBe('valid');
		}
	});

	it('refuses facilitators, and participants who still run a class, changing nothing', async () => {
		const facilitator = await newUser(db, 'facilitator');
		expect(await deleteAccount(db, { userId: facilitator.id, revokeCodes: [] })).toEqual({
			ok: false,
			reason: 'not-participant'
		});

		const { facilitator: former } = await busyParticipant(db);
		await db
			.updateTable('users')
			.set({ role: 'participant' })
			.where('id', '=', former.id)
			.execute();
		expect(await deleteAccount(db, { userId: former.id, revokeCodes: [] })).toEqual({
			ok: false,
			reason: 'runs-classes'
		});
		expect(await rowsOf(db, former.id)).toMatchObject({ users: 1 });
		expect(await rowsOf(db, facilitator.id)).toMatchObject({ users: 1 });
	});

	it("records the administrator who deleted an account at the person's request", async () => {
		const admin = await newUser(db, 'admin');
		const { user, certificateA } = await busyParticipant(db);
		expect(
			await deleteAccount(db, { userId: user.id, revokeCodes: [], actorId: admin.id })
		).toEqual({ ok: true, kept: 2, revoked: 0 });
		const entry = await db
			.selectFrom('audit_log')
			.selectAll()
			.where('action', '=', 'user.delete')
			.executeTakeFirstOrThrow();
		expect(entry).toMatchObject({ actor_id: admin.id, target_id: user.id });
		expect((await verifyCertificate(db, certificateA.code))?.status).toBe('valid');
	});
});

describe('certificate choices read from the form', () => {
	const certificates = [
		{ code: 'MA-AAAA-AAAA-AA', courseTitle: 'A', name: 'Ana' },
		{ code: 'MA-BBBB-BBBB-BB', courseTitle: 'B', name: 'Ana' }
	];
	const formWith = (entries: Record<string, string>) => {
		const form = new FormData();
		for (const [k, v] of Object.entries(entries)) form.set(k, v);
		return form;
	};

	it('revokes exactly the ones marked to revoke', () => {
		const read = readCertificateChoices(
			formWith({ 'cert-MA-AAAA-AAAA-AA': 'mantener', 'cert-MA-BBBB-BBBB-BB': 'anular' }),
			certificates
		);
		expect(read.complete).toBe(true);
		expect(read.revokeCodes).toEqual(['MA-BBBB-BBBB-BB']);
	});

	it('is incomplete when a choice is missing or unknown', () => {
		expect(
			readCertificateChoices(formWith({ 'cert-MA-AAAA-AAAA-AA': 'mantener' }), certificates)
				.complete
		).toBe(false);
		expect(
			readCertificateChoices(
				formWith({ 'cert-MA-AAAA-AAAA-AA': 'mantener', 'cert-MA-BBBB-BBBB-BB': 'borrar' }),
				certificates
			).complete
		).toBe(false);
	});
});
