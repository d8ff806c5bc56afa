// `npm run bench:dashboard`: how long the facilitator's class table takes for a class of 200.
// Seeds a throwaway SQLite database with 200 participants at random stages, 12 sessions with
// attendance and quiz attempts, then times the dashboard query, filtering and the CSV export.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../src/lib/server/auth/password';
import { createUser } from '../../src/lib/server/auth/users';
import { addMember, createCohort } from '../../src/lib/server/classes/cohorts';
import {
	classDashboard,
	dashboardCsv,
	filterAndSort
} from '../../src/lib/server/classes/dashboard';
import { createClassSession, saveAttendance } from '../../src/lib/server/classes/sessions';
import { readContentDirectory } from '../../src/lib/server/content/format/check-directory';
import { migrateToLatest, openSqlite } from '../../src/lib/server/db';
import { randomId } from '../../src/lib/server/random';
import { time } from './timing';

const PARTICIPANTS = Number(process.env.PARTICIPANTS ?? 200);
const path = join(tmpdir(), `microaula-bench-dashboard-${process.pid}.sqlite`);
const db = openSqlite(path);
await migrateToLatest(db);
const course = (await readContentDirectory('content')).courses.find(
	(c) => c.id === 'crea-tu-negocio'
)!;
const passwordHash = await hashPassword('bench-password');
const facilitator = (await createUser(db, {
	username: 'bench-fac',
	displayName: 'Fac',
	password: 'x',
	passwordHash,
	role: 'facilitator'
}))!;
const cohort = await createCohort(db, facilitator.id, {
	courseId: course.id,
	name: 'Clase grande',
	place: null,
	startsOn: '2026-01-01',
	endsOn: '2026-12-31'
});

const seedStart = performance.now();
const ids: string[] = [];
await db.transaction().execute(async (trx) => {
	for (let i = 0; i < PARTICIPANTS; i++) {
		const user = (await createUser(trx, {
			username: `p${i}`,
			displayName: `Participante ${i}`,
			password: 'x',
			passwordHash
		}))!;
		ids.push(user.id);
		await addMember(trx, cohort, user.id, facilitator.id);
		const lessons = Math.floor(Math.random() * (course.lessons.length + 1));
		const day = Date.now() - Math.floor(Math.random() * 30) * 86400_000;
		if (lessons) {
			await trx
				.insertInto('lesson_progress')
				.values(
					course.lessons.slice(0, lessons).map((l, j) => ({
						user_id: user.id,
						course_id: course.id,
						lesson_id: l.id,
						completed_at: new Date(day + j * 60_000).toISOString(),
						source: 'self' as const,
						recorded_by: null
					}))
				)
				.execute();
		}
		for (const mod of course.modules.slice(0, Math.floor(lessons / 3))) {
			await trx
				.insertInto('quiz_attempts')
				.values({
					id: randomId(),
					user_id: user.id,
					course_id: course.id,
					module_id: mod.id,
					content_version: 1,
					layout: '{"questions":[]}',
					answers: '{}',
					score: 40 + Math.floor(Math.random() * 61),
					passed: 1,
					started_at: new Date(day).toISOString(),
					submitted_at: new Date(day).toISOString()
				})
				.execute();
		}
	}
});
for (let s = 0; s < 12; s++) {
	const session = await createClassSession(db, cohort, {
		date: `2026-0${1 + (s % 9)}-1${s % 10}`,
		time: '18:00',
		topic: `Sesión ${s}`,
		moduleId: null
	});
	await saveAttendance(
		db,
		cohort,
		session.id,
		ids.filter(() => Math.random() < 0.7),
		facilitator.id
	);
}
console.log(
	`Seeded ${PARTICIPANTS} participants in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (${path})`
);

const dashboard = await time(`classDashboard (${PARTICIPANTS} participants)`, 30, () =>
	classDashboard(db, cohort, course)
);
await time('filter "bajo-avance" + sort by progress', 30, async () =>
	filterAndSort(dashboard.participants, 'bajo-avance', 'avance')
);
await time('CSV export', 30, async () => dashboardCsv(course, dashboard));
console.log(
	`Behind: ${dashboard.participants.filter((p) => p.inactive || p.lowProgress).length} of ${dashboard.participants.length}; sessions held: ${dashboard.sessionsHeld}`
);
await db.destroy();
rmSync(path, { force: true });
rmSync(path + '-wal', { force: true });
rmSync(path + '-shm', { force: true });
