// Evidence collection (issue 17): the migration, survey.md, the participant profile and who may
// record it, the practice surveys and their waves (the three-month rule), the pre-course check,
// and the demo data. On SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.
import { readFile } from 'node:fs/promises';
import { Migrator, sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations';
import { addMember, createCohort } from '../../src/lib/server/classes/cohorts';
import { findSurvey, loadCatalogue } from '../../src/lib/server/content';
import { buildCatalogue } from '../../src/lib/server/content/format/catalogue';
import { importSeed } from '../../src/lib/server/content/seed';
import * as studio from '../../src/lib/server/content/studio';
import { readContentDirectory } from '../../src/lib/server/content/format/check-directory';
import { parseSurvey } from '../../src/lib/server/content/format/survey-format';
import type { Course } from '../../src/lib/server/content/format/types';
import type { Db } from '../../src/lib/server/db';
import { seedEvidenceDemo } from '../../src/lib/server/evidence/demo';
import {
	drawPreCheck,
	gradePreCheck,
	findPreCheck,
	preCheckOpen,
	savePreCheck
} from '../../src/lib/server/evidence/knowledge';
import {
	eraseProfile,
	getProfile,
	profilePending,
	readProfileForm,
	recordProfileInClass,
	saveOwnProfile,
	skipProfile
} from '../../src/lib/server/evidence/profile';
import {
	dueFollowUps,
	followUpDate,
	followUpsDueFor,
	readSurveyForm,
	saveSurvey,
	skipSurvey,
	surveyRecord,
	waveDue
} from '../../src/lib/server/evidence/surveys';
import type { ProfileAnswers, Survey, Wave } from '../../src/lib/server/evidence/types';
import { markLessonDone } from '../../src/lib/server/learning/progress';
import { courseFiles, newDb, newUser, surveyText, testDatabase } from './helpers';

function survey(text = surveyText(), courseId = 'curso-demo'): Survey {
	const { survey, problems } = parseSurvey('survey.md', text, courseId);
	if (!survey) throw new Error(problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
	return survey;
}

function form(fields: Record<string, string | string[]>): FormData {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) {
		for (const value of Array.isArray(v) ? v : [v]) data.append(k, value);
	}
	return data;
}

const { courses } = buildCatalogue({ texts: courseFiles('curso-demo') });
const course = courses[0] as Course;

const ANSWERS: ProfileAnswers = {
	gender: 'mujer',
	ageBand: '25-34',
	province: 'guayas',
	bornAbroad: true,
	runsBusiness: true,
	businessKind: 'comida',
	businessPeople: '2-5'
};

describe('evidence migration', () => {
	it('goes down and up again, and its tables take a profile, a survey and a pre check', async () => {
		const db = await newDb();
		// Down and up on SQLite; each PostgreSQL test schema is migrated once, as servers do.
		if (testDatabase === 'sqlite') {
			const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
			const down = await migrator.migrateTo('20261201_040_offline');
			expect(down.error).toBeUndefined();
			const up = await migrator.migrateToLatest();
			expect(up.error).toBeUndefined();
		}
		const user = await newUser(db);
		const now = new Date().toISOString();
		await saveOwnProfile(db, user.id, ANSWERS);
		await saveSurvey(db, { userId: user.id, survey: survey(), wave: 'inicio', answers: {} });
		await db
			.insertInto('knowledge_checks')
			.values({ user_id: user.id, course_id: 'c', score: 60, passed: 0, answered_at: now })
			.execute();
		await db.deleteFrom('users').where('id', '=', user.id).execute();
		for (const table of [
			'participant_profiles',
			'survey_responses',
			'survey_answers',
			'knowledge_checks'
		] as const) {
			const { n } = await db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow();
			expect(Number(n), table).toBe(0);
		}
		await db.destroy();
	});
});

describe('survey.md', () => {
	it('reads questions, stable ids, indicators and which options are the good practice', () => {
		const s = survey();
		expect(s.title).toBe('Cómo llevas tu negocio');
		expect(s.intro).toBe('Responde lo que haces hoy.');
		expect(s.questions.map((q) => q.id)).toEqual([
			'negocio',
			'anota',
			'separa',
			'ahorra',
			'ruc',
			'extintor'
		]);
		expect(s.questions[0].indicator).toBe('negocio-iniciado');
		expect(s.questions[4].indicator).toBe('negocio-formalizado');
		expect(s.questions[1].options.map((o) => o.practice)).toEqual([true, true, false]);
	});

	it('refuses too few questions, missing or repeated ids, no practice or all practice, no ¿?', () => {
		const bad = `---\ntitle: T\n---\n\n## ¿Anotas? {#anota}\n- [ ] Sí\n- [ ] No\n\n## ¿Ahorras? {#anota}\n- [x] Sí\n- [x] No\n\n## Tienes RUC\n- [x] Sí\n- [ ] No\n`;
		const { survey: s, problems } = parseSurvey('survey.md', bad, 'c');
		expect(s).toBeNull();
		const messages = problems.map((p) => `${p.line}: ${p.message}`);
		expect(messages).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^5: marca con \[x\] al menos una opción/),
				expect.stringMatching(/^9: id de pregunta repetido «anota»/),
				expect.stringMatching(/^9: todas las opciones están marcadas/),
				expect.stringMatching(/^13: falta el id/),
				expect.stringMatching(/^13: escribe la pregunta entre «¿» y «\?»/),
				expect.stringMatching(/la encuesta tiene 3 preguntas: debe tener entre 6 y 10/)
			])
		);
	});

	it('warns about a question left in English', () => {
		const english = surveyText().replace(
			'## ¿Ahorras cada mes? {#ahorra}\n- [x] Sí\n- [ ] No',
			'## ¿Do you save money every month? {#ahorra}\n- [x] Yes\n- [ ] No'
		);
		const { survey: s, problems } = parseSurvey('survey.md', english, 'c');
		expect(s).not.toBeNull();
		expect(problems).toEqual([
			expect.objectContaining({ severity: 'warning', message: expect.stringContaining('inglés') })
		]);
	});

	it('is part of the course checks, and the four courses of content/ each have a valid one', async () => {
		const texts = {
			...courseFiles('curso-demo'),
			'content/courses/curso-demo/survey.md': surveyText()
		};
		const result = buildCatalogue({ texts });
		expect(result.problems).toEqual([]);
		expect(result.surveys.map((s) => s.courseId)).toEqual(['curso-demo']);

		const real = await readContentDirectory('content');
		expect(real.problems.filter((p) => p.file.endsWith('survey.md'))).toEqual([]);
		expect(real.surveys.map((s) => s.courseId).sort()).toEqual([
			'crea-tu-negocio',
			'finanzas',
			'mujeres-que-emprenden',
			'trabajo-seguro'
		]);
		for (const s of real.surveys) {
			expect(s.questions.length).toBeGreaterThanOrEqual(6);
			expect(s.questions.length).toBeLessThanOrEqual(10);
		}
	});
});

describe('survey.md in the content store', () => {
	it(
		'is imported with the course, published, found by the server and exported as written',
		{ timeout: 60_000 },
		async () => {
			const db = await newDb();
			await importSeed(db);
			await loadCatalogue(db);
			const published = findSurvey('finanzas');
			expect(published?.questions.map((q) => q.id)).toContain('ahorra-cada-mes');
			const exported = await studio.exportCourse(db, 'finanzas');
			expect(exported.texts['survey.md']).toBe(
				await readFile('content/courses/finanzas/survey.md', 'utf8')
			);
			await db.destroy();
		}
	);
});

describe('profile form', () => {
	it('reads every answer, "Prefiero no decir" as null, and drops business details without one', () => {
		const read = readProfileForm(
			form({
				gender: 'otro',
				ageBand: '',
				province: 'galapagos',
				bornAbroad: 'no',
				runsBusiness: 'no',
				businessKind: 'comida',
				businessPeople: '1',
				consent: '1'
			})
		);
		expect(read).toMatchObject({
			ok: true,
			answers: {
				gender: 'otro',
				ageBand: null,
				province: 'galapagos',
				bornAbroad: false,
				runsBusiness: false,
				businessKind: null,
				businessPeople: null
			}
		});
		// Nothing chosen at all is a profile of "Prefiero no decir".
		expect(readProfileForm(form({ consent: '1' }))).toMatchObject({
			ok: true,
			answers: { gender: null, province: null, bornAbroad: null }
		});
	});

	it('refuses an unknown option field by field, and anything without consent, keeping the values', () => {
		const read = readProfileForm(
			form({ gender: 'mujer', province: 'bogota', ageBand: '18-99', bornAbroad: 'colombia' })
		);
		expect(read.ok).toBe(false);
		if (read.ok) return;
		expect(read.errors).toEqual({
			province: 'unknown_option',
			ageBand: 'unknown_option',
			bornAbroad: 'unknown_option',
			consent: 'consent_required'
		});
		expect(read.values).toMatchObject({ gender: 'mujer', province: 'bogota' });
	});
});

describe('profile', () => {
	let db: Db;
	beforeEach(async () => {
		db = await newDb();
	});

	it('is asked once: answered or declined, it is not asked again; erased, it stays away', async () => {
		const a = await newUser(db);
		const b = await newUser(db);
		const staff = await newUser(db, 'facilitator');
		expect(await profilePending(db, a.id)).toBe(true);
		expect(await profilePending(db, staff.id)).toBe(false);
		await saveOwnProfile(db, a.id, ANSWERS);
		expect(await profilePending(db, a.id)).toBe(false);
		expect(await getProfile(db, a.id)).toMatchObject({ ...ANSWERS, recordedBy: null });

		await skipProfile(db, b.id);
		expect(await profilePending(db, b.id)).toBe(false);
		expect(await getProfile(db, b.id)).toBeNull();

		expect(await eraseProfile(db, a.id)).toBe(true);
		expect(await getProfile(db, a.id)).toBeNull();
		expect(await profilePending(db, a.id)).toBe(false);
	});

	it('a facilitator records it only for a participant of their own class, never over theirs', async () => {
		const facilitator = await newUser(db, 'facilitator');
		const other = await newUser(db, 'facilitator');
		const member = await newUser(db);
		const declared = await newUser(db);
		const stranger = await newUser(db);
		const range = { place: null, startsOn: '2026-11-01', endsOn: '2026-12-15' };
		const mine = await createCohort(db, facilitator.id, { courseId: 'c', name: 'A', ...range });
		const theirs = await createCohort(db, other.id, { courseId: 'c', name: 'B', ...range });
		await addMember(db, mine, member.id, facilitator.id, 'created');
		await addMember(db, mine, declared.id, facilitator.id, 'created');
		await addMember(db, mine, other.id, null, 'username');
		await addMember(db, theirs, stranger.id, other.id, 'created');
		await saveOwnProfile(db, declared.id, ANSWERS);

		const record = (cohortId: string, userId: string) =>
			recordProfileInClass(db, {
				cohortId,
				facilitatorId: facilitator.id,
				userId,
				answers: { ...ANSWERS, gender: 'hombre' }
			});
		expect(await record(mine.id, member.id)).toEqual({ ok: true });
		expect(await getProfile(db, member.id)).toMatchObject({
			gender: 'hombre',
			recordedBy: facilitator.id
		});
		expect(await record(mine.id, stranger.id)).toEqual({ ok: false, reason: 'not-member' });
		expect(await record(mine.id, other.id)).toEqual({ ok: false, reason: 'not-participant' });
		expect(await record(mine.id, declared.id)).toEqual({
			ok: false,
			reason: 'already-answered'
		});
		expect(await getProfile(db, declared.id)).toMatchObject({ gender: 'mujer', recordedBy: null });
		expect(await getProfile(db, stranger.id)).toBeNull();
		expect(await getProfile(db, other.id)).toBeNull();

		// Someone who said "Ahora no", or erased what they declared, has declined: not recorded for them.
		const declined = await newUser(db);
		const erased = await newUser(db);
		await addMember(db, mine, declined.id, facilitator.id, 'created');
		await addMember(db, mine, erased.id, facilitator.id, 'created');
		await skipProfile(db, declined.id);
		await saveOwnProfile(db, erased.id, ANSWERS);
		await eraseProfile(db, erased.id);
		for (const person of [declined, erased]) {
			expect(await record(mine.id, person.id)).toEqual({ ok: false, reason: 'already-answered' });
			expect(await getProfile(db, person.id)).toBeNull();
		}

		// Answering it oneself afterwards makes it self-declared.
		await saveOwnProfile(db, member.id, ANSWERS);
		expect(await getProfile(db, member.id)).toMatchObject({ gender: 'mujer', recordedBy: null });
	});
});

describe('survey answers', () => {
	let db: Db;
	beforeEach(async () => {
		db = await newDb();
	});

	it('refuses an unknown option or question, and takes "Prefiero no responder" as no answer', () => {
		const s = survey();
		const anota = s.questions[1];
		expect(readSurveyForm(s, form({ 'q-anota': anota.options[2].id, 'q-separa': '' }))).toEqual({
			ok: true,
			answers: { anota: anota.options[2].id }
		});
		expect(readSurveyForm(s, form({ 'q-anota': 'o-inventada', 'q-ahorra': '' }))).toEqual({
			ok: false,
			errors: { anota: 'unknown_option' },
			values: {}
		});
		expect(readSurveyForm(s, form({ 'q-otra': 'x' })).ok).toBe(false);
		expect(
			readSurveyForm(s, form({ 'q-anota': [anota.options[0].id, anota.options[1].id] })).ok
		).toBe(false);
	});

	it('stores whether each answer is the good practice, replaces a wave, and keeps waves apart', async () => {
		const s = survey();
		const user = await newUser(db);
		const [negocio, anota] = s.questions;
		await saveSurvey(db, {
			userId: user.id,
			survey: s,
			wave: 'inicio',
			answers: { negocio: negocio.options[1].id, anota: anota.options[2].id }
		});
		await saveSurvey(db, {
			userId: user.id,
			survey: s,
			wave: 'final',
			answers: { anota: anota.options[1].id }
		});
		const rows = await db
			.selectFrom('survey_answers')
			.innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
			.select(['wave', 'question_id', 'is_practice'])
			.orderBy('wave')
			.orderBy('question_id')
			.execute();
		expect(rows).toEqual([
			{ wave: 'final', question_id: 'anota', is_practice: 1 },
			{ wave: 'inicio', question_id: 'anota', is_practice: 0 },
			{ wave: 'inicio', question_id: 'negocio', is_practice: 0 }
		]);

		// Changing one's answers replaces them; a later "ahora no" does not erase them.
		await saveSurvey(db, {
			userId: user.id,
			survey: s,
			wave: 'inicio',
			answers: { anota: anota.options[0].id }
		});
		await skipSurvey(db, { userId: user.id, courseId: s.courseId, wave: 'inicio' });
		const record = await surveyRecord(db, user.id, s.courseId);
		expect(record.get('inicio')).toMatchObject({
			skipped: false,
			answers: { anota: anota.options[0].id }
		});
		await skipSurvey(db, { userId: user.id, courseId: s.courseId, wave: 'seguimiento' });
		expect(record.has('seguimiento')).toBe(false);
		expect((await surveyRecord(db, user.id, s.courseId)).get('seguimiento')).toMatchObject({
			skipped: true,
			answers: {}
		});
	});
});

describe('survey waves and the three-month rule', () => {
	const at = (iso: string) => new Date(iso);

	it('counts three calendar months, on the last day of a shorter month', () => {
		expect(followUpDate(at('2026-08-31T10:00:00Z')).toISOString()).toBe('2026-11-30T10:00:00.000Z');
		expect(followUpDate(at('2026-11-30T10:00:00Z')).toISOString()).toBe('2027-02-28T10:00:00.000Z');
		expect(followUpDate(at('2026-01-15T08:00:00Z')).toISOString()).toBe('2026-04-15T08:00:00.000Z');
	});

	it('asks inicio while the course runs, final at completion, seguimiento three months on', () => {
		const due = (
			complete: boolean,
			certificateIssuedAt: string | null,
			done: Wave[],
			now: string
		) =>
			waveDue({
				enrolled: true,
				complete,
				certificateIssuedAt,
				done: new Set(done),
				now: at(now)
			});
		expect(due(false, null, [], '2026-12-01T00:00:00Z')).toBe('inicio');
		expect(due(false, null, ['inicio'], '2026-12-01T00:00:00Z')).toBeNull();
		expect(due(true, null, ['inicio'], '2026-12-01T00:00:00Z')).toBe('final');
		const issued = '2026-08-31T10:00:00Z';
		expect(due(true, issued, ['inicio', 'final'], '2026-11-30T09:59:59Z')).toBeNull();
		expect(due(true, issued, ['inicio', 'final'], '2026-11-30T10:00:00Z')).toBe('seguimiento');
		// Someone who skipped the final wave is still asked the follow-up when it is due.
		expect(due(true, issued, [], '2026-12-01T00:00:00Z')).toBe('seguimiento');
		expect(due(true, issued, ['seguimiento', 'final'], '2026-12-01T00:00:00Z')).toBeNull();
		expect(
			waveDue({
				enrolled: false,
				complete: false,
				certificateIssuedAt: null,
				done: new Set(),
				now: new Date()
			})
		).toBeNull();
	});

	it('lists the class members due the follow-up, for their facilitator', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const range = { place: null, startsOn: '2026-05-01', endsOn: '2026-07-15' };
		const cohort = await createCohort(db, facilitator.id, {
			courseId: course.id,
			name: 'Grupo',
			...range
		});
		const other = await createCohort(db, facilitator.id, {
			courseId: 'otro-curso',
			name: 'Otro',
			...range
		});
		const now = at('2026-12-01T12:00:00Z');
		const people: Record<string, string> = {};
		for (const who of ['due', 'recent', 'answered', 'declined', 'revoked', 'outsider', 'none']) {
			const user = await newUser(db);
			people[who] = user.id;
			if (who !== 'outsider') await addMember(db, cohort, user.id, facilitator.id, 'created');
			else await addMember(db, other, user.id, facilitator.id, 'created');
		}
		const certify = async (who: string, issuedAt: string, revoked = false) =>
			db
				.insertInto('certificates')
				.values({
					id: `c-${who}`,
					code: `MA-${who}`,
					user_id: people[who],
					course_id: course.id,
					name_printed: who,
					course_title: course.title,
					hours: 3,
					issued_at: issuedAt,
					revoked_at: revoked ? issuedAt : null,
					revoked_reason: null,
					replaced_by: null
				})
				.execute();
		await certify('due', '2026-08-31T10:00:00Z');
		await certify('recent', '2026-09-02T10:00:00Z');
		await certify('answered', '2026-06-01T10:00:00Z');
		await certify('declined', '2026-06-01T10:00:00Z');
		await certify('revoked', '2026-06-01T10:00:00Z', true);
		await certify('outsider', '2026-06-01T10:00:00Z');
		const s = survey(surveyText(), course.id);
		await saveSurvey(db, { userId: people.answered, survey: s, wave: 'seguimiento', answers: {} });
		await skipSurvey(db, { userId: people.declined, courseId: course.id, wave: 'seguimiento' });

		const list = await dueFollowUps(db, cohort.id, now);
		expect(list.map((d) => d.userId).sort()).toEqual([people.due, people.declined].sort());
		expect(list.find((d) => d.userId === people.due)?.dueSince).toBe('2026-11-30T10:00:00.000Z');
		expect(await dueFollowUps(db, 'no-existe', now)).toEqual([]);

		// The person sees it on their next visit, until they answer or decline it.
		expect(await followUpsDueFor(db, people.due, now)).toEqual([
			{ courseId: course.id, courseTitle: course.title }
		]);
		expect(await followUpsDueFor(db, people.declined, now)).toEqual([]);
		expect(await followUpsDueFor(db, people.recent, now)).toEqual([]);
		await db.destroy();
	});
});

describe('pre-course check', () => {
	it('draws from every module, the same for the same person, and grades without counting', async () => {
		const db = await newDb();
		const user = await newUser(db);
		const check = drawPreCheck(course, user.id)!;
		expect(drawPreCheck(course, user.id)).toEqual(check);
		const modules = new Set(check.quiz.questions.map((q) => q.id.split('.')[0]));
		expect(modules).toEqual(new Set(course.modules.map((m) => m.id)));
		expect(new Set(check.layout.questions.map((q) => q.id)).size).toBe(
			check.layout.questions.length
		);

		// Right answers to every drawn question.
		const fields: Record<string, string | string[]> = {};
		for (const q of check.quiz.questions) {
			if (q.type === 'single') fields[`q-${q.id}`] = q.options.find((o) => o.correct)!.id;
			if (q.type === 'truefalse') fields[`q-${q.id}`] = String(q.answer);
		}
		const graded = gradePreCheck(check, form(fields));
		expect(graded).toMatchObject({ ok: true, grade: { score: 100, passed: true } });
		expect(gradePreCheck(check, form({ 'q-inventada.q1': 'x' }))).toEqual({ ok: false });

		await markLessonDone(db, { userId: user.id, courseId: 'otro', lessonId: 'x' });
		await db
			.insertInto('enrollments')
			.values({ user_id: user.id, course_id: course.id, enrolled_at: new Date().toISOString() })
			.execute();
		expect(await preCheckOpen(db, user.id, course)).toBe(true);
		expect(
			await savePreCheck(db, {
				userId: user.id,
				courseId: course.id,
				result: { score: 50, passed: false }
			})
		).toBe(true);
		// The first result stands: a second try (after learning) is not a "before".
		expect(
			await savePreCheck(db, { userId: user.id, courseId: course.id, result: 'skipped' })
		).toBe(false);
		expect(await findPreCheck(db, user.id, course.id)).toMatchObject({
			score: 50,
			passed: false,
			skipped: false
		});
		expect(await preCheckOpen(db, user.id, course)).toBe(false);

		// Not offered once the person has started learning; no quiz attempt was made by it.
		const started = await newUser(db);
		await markLessonDone(db, { userId: started.id, courseId: course.id, lessonId: 'hola' });
		expect(await preCheckOpen(db, started.id, course)).toBe(false);
		const attempts = await db.selectFrom('quiz_attempts').select('id').execute();
		expect(attempts).toEqual([]);
		await db.destroy();
	});
});

describe('demo evidence', () => {
	it('gives 120 varied, consented participants with all three waves and small groups', async () => {
		const db = await newDb();
		const facilitator = await newUser(db, 'facilitator');
		const content = await readContentDirectory('content');
		const entries = new Map(
			content.courses.map((c) => [
				c.id,
				{ course: c, survey: content.surveys.find((s) => s.courseId === c.id), version: 1 }
			])
		);
		const learner = await newUser(db);
		const made = await seedEvidenceDemo(db, {
			facilitatorId: facilitator.id,
			passwordHash: 'x',
			courses: entries,
			demoClass: { cohortId: 'x', courseId: 'crea-tu-negocio', userIds: [learner.id] },
			now: new Date('2026-12-01T12:00:00Z')
		});
		expect(made).toBe(120);
		const count = async (table: string, where?: [string, string | number]) => {
			const filter = where ? sql`where ${sql.ref(where[0])} = ${where[1]}` : sql``;
			const { rows } = await sql<{
				n: number;
			}>`select count(*) as n from ${sql.table(table)} ${filter}`.execute(db);
			return Number(rows[0].n);
		};
		expect(await count('cohorts')).toBe(4);
		expect(await count('participant_profiles')).toBeGreaterThan(100);
		expect(await count('participant_profiles', ['gender', 'otro'])).toBe(2);
		expect(await count('participant_profiles', ['province', 'galapagos'])).toBeLessThan(5);
		expect(await count('participant_profiles', ['born_abroad', 1])).toBeGreaterThan(30);
		expect(await count('knowledge_checks', ['skipped', 0])).toBeGreaterThan(90);
		expect(await count('certificates')).toBeGreaterThan(40);
		const waves = await db
			.selectFrom('survey_responses')
			.select(['wave', (eb) => eb.fn.countAll<number>().as('n')])
			.where('skipped', '=', 0)
			.groupBy('wave')
			.orderBy('wave')
			.execute();
		expect(waves.map((w) => w.wave)).toEqual(['final', 'inicio', 'seguimiento']);
		for (const w of waves) expect(Number(w.n)).toBeGreaterThanOrEqual(10);
		// Before and after: the practices are more common at the end than at the start.
		const share = async (wave: string) => {
			const r = await db
				.selectFrom('survey_answers')
				.innerJoin('survey_responses', 'survey_responses.id', 'survey_answers.response_id')
				.select((eb) => [eb.fn.avg<number>('is_practice').as('p')])
				.where('wave', '=', wave)
				.executeTakeFirstOrThrow();
			return Number(r.p);
		};
		expect(await share('final')).toBeGreaterThan((await share('inicio')) + 0.1);
		await db.destroy();
	});
});
