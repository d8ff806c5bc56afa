// Fault test (`npm run test:fault`, needs `npm run build`): many participants mark lessons and
// submit quizzes while the server is killed with SIGKILL, several times, and restarted on the same
// SQLite file. Afterwards the database must pass `PRAGMA integrity_check` and hold every write the
// server acknowledged (answered 303). Last, a SIGTERM under load must end the server cleanly.
// Options: FAULT_PARTICIPANTS (40), FAULT_ROUNDS (3), FAULT_PORT (3302).
import SQLite from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	coursePlans,
	markLesson,
	requireBuild,
	signUp,
	startServer,
	takeQuiz,
	type Plan,
	type RunningServer
} from '../tools/app';

const PARTICIPANTS = Number(process.env.FAULT_PARTICIPANTS ?? 40);
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 3);
const PORT = Number(process.env.FAULT_PORT ?? 3302);

interface Participant {
	username: string;
	cookie: string;
	/** The course being followed (index into the plans), and its next lesson. */
	course: number;
	next: number;
	quizzesDone: Set<string>;
}

const counts = {
	lessonsSent: 0,
	lessonsAcked: 0,
	quizzesSent: 0,
	quizzesAcked: 0,
	failed: 0
};
const ackedLessons: { username: string; courseId: string; lessonId: string }[] = [];
const ackedAttempts: { username: string; attemptId: string }[] = [];

/** One participant's work: the next lesson, and the quiz when a module is finished. */
async function step(base: string, plans: Plan[], p: Participant): Promise<void> {
	const plan = plans[p.course];
	const quiz = plan.quizzes.find((q) => q.afterLesson < p.next && !p.quizzesDone.has(q.moduleId));
	if (quiz) {
		counts.quizzesSent++;
		const result = await takeQuiz(base, p.cookie, plan.courseId, quiz.moduleId);
		if (result?.acknowledged) {
			counts.quizzesAcked++;
			ackedAttempts.push({ username: p.username, attemptId: result.attemptId });
			p.quizzesDone.add(quiz.moduleId);
		} else counts.failed++;
		return;
	}
	if (p.next >= plan.lessons.length) {
		// Course finished: on to the next one (and round again after the last, re-marking).
		p.course = (p.course + 1) % plans.length;
		p.next = 0;
		p.quizzesDone.clear();
		return;
	}
	const lessonId = plan.lessons[p.next];
	counts.lessonsSent++;
	if (await markLesson(base, p.cookie, plan.courseId, lessonId)) {
		counts.lessonsAcked++;
		ackedLessons.push({ username: p.username, courseId: plan.courseId, lessonId });
		p.next++;
	} else counts.failed++;
}

/** Every participant works in parallel until `stop()` says so; errors end that participant's loop. */
function runLoad(base: string, plans: Plan[], people: Participant[], stop: () => boolean) {
	return Promise.all(
		people.map(async (p) => {
			while (!stop()) {
				try {
					await step(base, plans, p);
				} catch {
					counts.failed++;
					return; // the server is gone
				}
			}
		})
	);
}

function check(dbPath: string) {
	const db = new SQLite(dbPath, { readonly: true, fileMustExist: true });
	try {
		const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
			.map((r) => r.integrity_check)
			.join('; ');
		const lessonRows = db
			.prepare(
				`select u.username, p.course_id, p.lesson_id from lesson_progress p join users u on u.id = p.user_id`
			)
			.all() as { username: string; course_id: string; lesson_id: string }[];
		const present = new Set(lessonRows.map((r) => `${r.username}/${r.course_id}/${r.lesson_id}`));
		const missingLessons = ackedLessons.filter(
			(a) => !present.has(`${a.username}/${a.courseId}/${a.lessonId}`)
		);
		const attemptRows = db
			.prepare(`select id from quiz_attempts where submitted_at is not null`)
			.all() as { id: string }[];
		const submitted = new Set(attemptRows.map((r) => r.id));
		const missingAttempts = ackedAttempts.filter((a) => !submitted.has(a.attemptId));
		return {
			integrity,
			lessonRows: lessonRows.length,
			submittedAttempts: submitted.size,
			missingLessons,
			missingAttempts
		};
	} finally {
		db.close();
	}
}

requireBuild();
const dir = mkdtempSync(join(tmpdir(), 'microaula-fault-'));
const dbPath = join(dir, 'fault.sqlite');
// SQLite, whatever DATABASE_URL the shell has: the checks read the file itself.
const env = { DATABASE_PATH: dbPath, DATABASE_URL: '', SHUTDOWN_TIMEOUT: '10' };
const plans = await coursePlans();
let ok = true;
let server: RunningServer | undefined;

try {
	server = await startServer(PORT, env);
	const people: Participant[] = [];
	for (let i = 0; i < PARTICIPANTS; i++) {
		const username = `falla-${i}`;
		people.push({
			username,
			cookie: await signUp(server.url, username),
			course: i % plans.length,
			next: 0,
			quizzesDone: new Set()
		});
	}
	console.log(
		`${PARTICIPANTS} participantes en ${plans.length} cursos (${plans.map((p) => `${p.courseId}: ${p.lessons.length} lecciones, ${p.quizzes.length} evaluaciones`).join('; ')}); ${ROUNDS} rondas de kill -9.`
	);

	for (let round = 1; round <= ROUNDS; round++) {
		const before = { ...counts };
		let stopped = false;
		const load = runLoad(server.url, plans, people, () => stopped);
		// Kill at an unpredictable moment, 1.5 to 3.5 s into the load.
		await new Promise((r) => setTimeout(r, 1500 + Math.random() * 2000));
		server.process.kill('SIGKILL');
		await server.exited;
		stopped = true;
		await load;
		console.log(
			`ronda ${round}: kill -9 tras ${counts.lessonsSent - before.lessonsSent} lecciones y ${counts.quizzesSent - before.quizzesSent} evaluaciones enviadas; ` +
				`confirmadas ${counts.lessonsAcked - before.lessonsAcked} + ${counts.quizzesAcked - before.quizzesAcked}; sin respuesta ${counts.failed - before.failed}`
		);
		server = await startServer(PORT, env);
	}

	const found = check(dbPath);
	console.log('');
	console.log(`enviadas:    ${counts.lessonsSent} lecciones, ${counts.quizzesSent} evaluaciones`);
	console.log(
		`confirmadas: ${counts.lessonsAcked} lecciones, ${counts.quizzesAcked} evaluaciones (303)`
	);
	const distinct = new Set(ackedLessons.map((a) => `${a.username}/${a.courseId}/${a.lessonId}`));
	console.log(
		`             (${distinct.size} lecciones distintas: marcar otra vez no crea otra fila)`
	);
	console.log(`sin confirmar (cortadas por kill -9): ${counts.failed}`);
	console.log(
		`encontradas: ${found.lessonRows} filas de progreso, ${found.submittedAttempts} evaluaciones enviadas`
	);
	console.log(`integrity_check: ${found.integrity}`);
	console.log(
		`confirmadas que faltan: ${found.missingLessons.length} lecciones, ${found.missingAttempts.length} evaluaciones`
	);
	if (found.integrity !== 'ok' || found.missingLessons.length || found.missingAttempts.length) {
		ok = false;
		console.log('FALLO: se perdieron escrituras confirmadas o la base está dañada.');
		for (const m of found.missingLessons.slice(0, 5)) console.log('  falta', m);
		for (const m of found.missingAttempts.slice(0, 5)) console.log('  falta', m);
	}

	// Graceful: SIGTERM in the middle of the load finishes what is in flight and exits 0.
	const before = { ...counts };
	let stopped = false;
	const load = runLoad(server.url, plans, people, () => stopped);
	await new Promise((r) => setTimeout(r, 1500));
	server.process.kill('SIGTERM');
	const code = await server.exited;
	stopped = true;
	await load;
	const afterTerm = check(dbPath);
	console.log('');
	console.log(
		`SIGTERM bajo carga: salida ${code}; confirmadas ${counts.lessonsAcked - before.lessonsAcked + counts.quizzesAcked - before.quizzesAcked}, ` +
			`rechazadas al cerrar ${counts.failed - before.failed}; integrity_check: ${afterTerm.integrity}; ` +
			`confirmadas que faltan: ${afterTerm.missingLessons.length + afterTerm.missingAttempts.length}`
	);
	if (
		code !== 0 ||
		afterTerm.integrity !== 'ok' ||
		afterTerm.missingLessons.length + afterTerm.missingAttempts.length > 0
	) {
		ok = false;
		console.log('FALLO: el cierre ordenado no terminó bien.');
	}
	server = undefined;
} finally {
	if (server && server.process.exitCode === null) {
		server.process.kill('SIGTERM');
		await server.exited;
	}
	rmSync(dir, { recursive: true, force: true });
}

console.log(ok ? '\nOK: ninguna escritura confirmada se perdió.' : '\nFALLÓ');
process.exit(ok ? 0 : 1);
