// Demo accounts and a little progress, so a newcomer sees a living site right after `npm start`.
// Only for trying Microaula out: turned off with MICROAULA_DEMO=0.
import type { Db } from './db';
import { createUser, findUserByUsername } from './auth/users';
import { allCourses, findCourse, publishedVersionNumber } from './content';
import { markLessonDone } from './learning/progress';
import type { Role } from './db/schema';
import type { Course, Quiz } from './content/format/types';
import { addMember, createCohort } from './classes/cohorts';
import { createClassSession, saveAttendance } from './classes/sessions';
import { startOrResumeAttempt, submitAttempt } from './quizzes/attempts';
import type { Answers } from './quizzes/grading';
import { hashPassword } from './auth/password';
import { findSurvey } from './content';
import { DEMO_EVIDENCE_FIRST, seedEvidenceDemo } from './evidence/demo';

export const DEMO_PASSWORD = 'microaula-demo';
export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role }[] = [
	{ username: 'demo-participante', displayName: 'Ana Participante', role: 'participant' },
	{ username: 'demo-facilitadora', displayName: 'Rosa Facilitadora', role: 'facilitator' },
	{ username: 'demo-admin', displayName: 'Admin Microaula', role: 'admin' }
];

/** Creates the demo accounts (once) and returns true when it created anything. */
export async function seedDemo(db: Db): Promise<boolean> {
	const created = await seedDemoAccounts(db);
	// Also for a demo made by an earlier release: the evidence came later (issue 17).
	const evidence = await seedDemoEvidence(db);
	return created || evidence;
}

async function seedDemoAccounts(db: Db): Promise<boolean> {
	if (await findUserByUsername(db, DEMO_ACCOUNTS[0].username)) return false;
	const users = [];
	for (const account of DEMO_ACCOUNTS) {
		const user = await createUser(db, { ...account, password: DEMO_PASSWORD });
		if (user) users.push(user);
	}
	const participant = users.find((u) => u.username === 'demo-participante');
	const course = findCourse('crea-tu-negocio') ?? allCourses()[0];
	if (participant && course) {
		// Two lessons read a few days ago: "Continuar" then opens the third.
		const twoDaysAgo = Date.now() - 2 * 24 * 60 * 60 * 1000;
		for (const [i, lesson] of course.lessons.slice(0, 2).entries()) {
			await markLessonDone(db, {
				userId: participant.id,
				courseId: course.id,
				lessonId: lesson.id,
				at: new Date(twoDaysAgo + i * 15 * 60 * 1000)
			});
		}
	}
	const facilitator = users.find((u) => u.username === 'demo-facilitadora');
	if (facilitator && course) await seedDemoClass(db, facilitator.id, course);
	return true;
}

const DAY = 24 * 60 * 60 * 1000;

/** Right answers (or, with `right` false, none) for every question an attempt drew. */
async function takeQuiz(
	db: Db,
	userId: string,
	course: Course,
	quiz: Quiz,
	right: boolean,
	at: Date
) {
	const attempt = await startOrResumeAttempt(db, userId, quiz, publishedVersionNumber(course.id));
	const answers: Answers = {};
	for (const q of quiz.questions) {
		if (!right) continue;
		if (q.type === 'single') answers[q.id] = q.options.find((o) => o.correct)!.id;
		if (q.type === 'multiple') answers[q.id] = q.options.filter((o) => o.correct).map((o) => o.id);
		if (q.type === 'truefalse') answers[q.id] = String(q.answer);
		if (q.type === 'number') answers[q.id] = String(q.answer);
	}
	await submitAttempt(db, { attemptId: attempt.id, userId, quiz, answers, now: at });
}

/**
 * A class run by demo-facilitadora with people at different stages: one nearly done, one halfway,
 * one who stopped two weeks ago, one who has not started; two sessions with attendance taken.
 */
async function seedDemoClass(db: Db, facilitatorId: string, course: Course) {
	const now = Date.now();
	const cohort = await createCohort(db, facilitatorId, {
		courseId: course.id,
		name: 'Grupo demo — Casa comunal',
		place: 'Casa comunal del barrio',
		startsOn: new Date(now - 21 * DAY).toISOString().slice(0, 10),
		endsOn: new Date(now + 40 * DAY).toISOString().slice(0, 10)
	});
	const people = [
		{
			name: 'Yusmary Rodríguez',
			lessons: course.lessons.length - 2,
			quizzes: course.modules.length - 2,
			lastDaysAgo: 1
		},
		{
			name: 'Patricio Chávez',
			lessons: Math.ceil(course.lessons.length / 2),
			quizzes: 2,
			lastDaysAgo: 3
		},
		{ name: 'María José Quishpe', lessons: 3, quizzes: 0, lastDaysAgo: 15 },
		{ name: 'Jhon Alcívar', lessons: 0, quizzes: 0, lastDaysAgo: 0 }
	];
	const ids: string[] = [];
	for (const [i, person] of people.entries()) {
		const username = `demo-${['yusmary', 'patricio', 'mariajose', 'jhon'][i]}`;
		const user = await createUser(db, {
			username,
			displayName: person.name,
			password: DEMO_PASSWORD,
			createdBy: facilitatorId
		});
		if (!user) continue;
		ids.push(user.id);
		await addMember(db, cohort, user.id, facilitatorId, 'created');
		const last = now - person.lastDaysAgo * DAY;
		for (const [j, lesson] of course.lessons.slice(0, person.lessons).entries()) {
			const at = new Date(last - (person.lessons - j) * 60 * 60 * 1000);
			await markLessonDone(db, { userId: user.id, courseId: course.id, lessonId: lesson.id, at });
		}
		for (const mod of course.modules.slice(0, person.quizzes)) {
			if (mod.quiz) await takeQuiz(db, user.id, course, mod.quiz, true, new Date(last));
		}
		if (person.quizzes === 0 && person.lessons > 0 && course.modules[0].quiz) {
			await takeQuiz(db, user.id, course, course.modules[0].quiz, false, new Date(last));
		}
	}
	for (const [k, daysAgo] of [14, 7].entries()) {
		const session = await createClassSession(db, cohort, {
			date: new Date(now - daysAgo * DAY).toISOString().slice(0, 10),
			time: '18:00',
			topic: course.modules[k]?.title ?? 'Sesión',
			moduleId: course.modules[k]?.id ?? null
		});
		await saveAttendance(
			db,
			cohort,
			session.id,
			k === 0 ? ids.slice(0, 3) : ids.slice(0, 2),
			facilitatorId
		);
	}
}

/** 120 participants with profiles, checks and surveys in demo-facilitadora's classes (once). */
async function seedDemoEvidence(db: Db): Promise<boolean> {
	if (await findUserByUsername(db, DEMO_EVIDENCE_FIRST)) return false;
	const facilitator = await findUserByUsername(db, 'demo-facilitadora');
	if (!facilitator) return false;
	const courses = new Map(
		allCourses().map((course) => [
			course.id,
			{ course, survey: findSurvey(course.id), version: publishedVersionNumber(course.id) }
		])
	);
	const demoClass = await db
		.selectFrom('cohorts')
		.select(['id', 'course_id'])
		.where('facilitator_id', '=', facilitator.id)
		.where('name', '=', 'Grupo demo — Casa comunal')
		.executeTakeFirst();
	const members = demoClass
		? await db
				.selectFrom('cohort_members')
				.innerJoin('users', 'users.id', 'cohort_members.user_id')
				.select('users.id')
				.where('cohort_members.cohort_id', '=', demoClass.id)
				.where('users.username', 'like', 'demo-%')
				.orderBy('users.username')
				.execute()
		: [];
	await seedEvidenceDemo(db, {
		facilitatorId: facilitator.id,
		passwordHash: await hashPassword(DEMO_PASSWORD),
		courses,
		demoClass: demoClass
			? { cohortId: demoClass.id, courseId: demoClass.course_id, userIds: members.map((m) => m.id) }
			: null
	});
	return true;
}

export function printDemoAccounts(log: (line: string) => void = console.log): void {
	log('');
	log('  Cuentas de demostración (solo para probar; no las uses con datos reales):');
	for (const a of DEMO_ACCOUNTS)
		log(`    ${a.username.padEnd(20)} contraseña: ${DEMO_PASSWORD}   (${a.role})`);
	log('  Para no crearlas: MICROAULA_DEMO=0');
	log('');
}
