// `npm run bench:stats`: how long the administrators' figures take with 10,000 participants and
// 200,000 lesson-progress rows (plus quiz attempts and per-question results), on SQLite; and the
// evidence page's queries (issue 17) with a profile, a pre check and survey answers for them.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	courseFunnel,
	hardestQuestions,
	platformStats,
	quizPassRates
} from '../../src/lib/server/admin/stats';
import { readContentDirectory } from '../../src/lib/server/content/format/check-directory';
import { migrateToLatest, openSqlite } from '../../src/lib/server/db';
import { evidenceReport } from '../../src/lib/server/evidence/report';
import { seedEvidence } from './evidence-seed';
import { time } from './timing';

const USERS = Number(process.env.USERS ?? 10_000);
const PROGRESS = Number(process.env.PROGRESS ?? 200_000);
const path = join(tmpdir(), `microaula-bench-stats-${process.pid}.sqlite`);
const db = openSqlite(path);
await migrateToLatest(db);
const catalogue = await readContentDirectory('content');
const courses = catalogue.courses;
const lessons = courses.flatMap((c) => c.lessons.map((l) => ({ course: c.id, lesson: l.id })));

const seedStart = performance.now();
const now = Date.now();
const iso = (daysAgo: number) => new Date(now - daysAgo * 86400_000).toISOString();
async function chunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 500) {
	for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}
await db.transaction().execute(async (trx) => {
	const users = Array.from({ length: USERS }, (_, i) => ({
		id: `u${i}`,
		username: `persona${i}`,
		display_name: `Persona ${i}`,
		email: null,
		phone: null,
		password_hash: 'x',
		role: 'participant' as const,
		locale: null,
		disabled_at: null,
		created_at: iso(i % 365)
	}));
	await chunked(users, (c) => trx.insertInto('users').values(c).execute());
	const enrolments = users.flatMap((u, i) =>
		courses
			.filter((_, k) => (i + k) % 2 === 0)
			.map((c) => ({ user_id: u.id, course_id: c.id, enrolled_at: iso(i % 200) }))
	);
	await chunked(enrolments, (c) => trx.insertInto('enrollments').values(c).execute());
	const progress = new Map<
		string,
		{
			user_id: string;
			course_id: string;
			lesson_id: string;
			completed_at: string;
			source: 'self';
			recorded_by: null;
		}
	>();
	for (let n = 0; progress.size < Math.min(PROGRESS, USERS * lessons.length); n++) {
		const user = `u${n % USERS}`;
		const l = lessons[Math.floor(n / USERS) % lessons.length];
		progress.set(`${user}|${l.lesson}`, {
			user_id: user,
			course_id: l.course,
			lesson_id: l.lesson,
			completed_at: iso(n % 90),
			source: 'self',
			recorded_by: null
		});
	}
	await chunked([...progress.values()], (c) =>
		trx.insertInto('lesson_progress').values(c).execute()
	);
	const attempts = [];
	const results = [];
	for (let i = 0; i < USERS * 2; i++) {
		const course = courses[i % courses.length];
		const mod = course.modules[i % course.modules.length];
		const id = `a${i}`;
		const passed = i % 3 !== 0;
		attempts.push({
			id,
			user_id: `u${i % USERS}`,
			course_id: course.id,
			module_id: mod.id,
			content_version: 1,
			layout: '{}',
			answers: '{}',
			score: passed ? 80 : 40,
			passed: passed ? 1 : 0,
			started_at: iso(i % 60),
			submitted_at: iso(i % 60)
		});
		for (const [k, q] of mod.quiz!.questions.slice(0, 6).entries()) {
			results.push({
				attempt_id: id,
				course_id: course.id,
				module_id: mod.id,
				question_id: q.id,
				correct: (i + k) % 4 === 0 ? 0 : 1
			});
		}
	}
	await chunked(attempts, (c) => trx.insertInto('quiz_attempts').values(c).execute());
	await chunked(results, (c) => trx.insertInto('quiz_question_results').values(c).execute());
	console.log(
		`Seeded ${USERS} participants, ${enrolments.length} enrolments, ${progress.size} progress rows, ${attempts.length} attempts, ${results.length} question results in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`
	);
});

await time('platformStats', 10, () => platformStats(db));
for (const course of courses) {
	await time(`courseFunnel ${course.id}`, 10, () => courseFunnel(db, course));
	await time(`quizPassRates ${course.id}`, 10, () => quizPassRates(db, course));
}
await time(`hardestQuestions ${courses[0].id}/${courses[0].modules[0].id}`, 10, () =>
	hardestQuestions(db, courses[0].id, courses[0].modules[0].id)
);
await time('whole /admin page (all of the above)', 5, async () => {
	await platformStats(db);
	for (const course of courses)
		await Promise.all([courseFunnel(db, course), quizPassRates(db, course)]);
});
const evidenceStart = performance.now();
const seeded = await seedEvidence(db, { users: USERS, surveys: catalogue.surveys, now });
console.log(
	`Seeded evidence: ${seeded.profiles} profiles, ${seeded.checks} pre checks, ${seeded.responses} survey responses, ${seeded.answers} answers, a class of ${seeded.classMembers} in ${((performance.now() - evidenceStart) / 1000).toFixed(1)} s`
);
const all = { classId: null, cohort: null, from: null, to: null };
for (const course of courses) {
	const survey = catalogue.surveys.find((s) => s.courseId === course.id) ?? null;
	await time(`evidenceReport ${course.id}`, 5, () =>
		evidenceReport(db, course, survey, { ...all, courseId: course.id })
	);
}
const first = courses[0];
const firstSurvey = catalogue.surveys.find((s) => s.courseId === first.id) ?? null;
await time(`evidenceReport ${first.id}, one class`, 5, () =>
	evidenceReport(db, first, firstSurvey, { ...all, courseId: first.id, classId: seeded.classId })
);
await time(`evidenceReport ${first.id}, dates`, 5, () =>
	evidenceReport(db, first, firstSurvey, {
		...all,
		courseId: first.id,
		from: iso(120).slice(0, 10),
		to: iso(10).slice(0, 10)
	})
);
await db.destroy();
for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
