// Fault test (`npm run test:fault`, needs `npm run build`): many participants mark lessons and
// submit quizzes while the server is killed with SIGKILL, several times, and restarted on the same
// SQLite file. Afterwards the database must pass `PRAGMA integrity_check` and hold every write the
// server acknowledged (answered 303). The server runs FAULT_WORKERS worker processes (2): odd
// rounds kill -9 one worker (the primary replaces it, the server stays up), even rounds kill -9
// the primary (its workers finish what they have and leave; the server is started again). Last, a
// SIGTERM under load must end every process cleanly.
// Options: FAULT_PARTICIPANTS (40), FAULT_ROUNDS (4), FAULT_PORT (3302), FAULT_WORKERS (2).
import SQLite from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
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
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 4);
const WORKERS = process.env.FAULT_WORKERS ?? '2';
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

/**
 * Every participant works in parallel until `stop()` says so. An error (a connection cut by a kill)
 * ends that participant's loop, unless the server is expected to stay up (`keepGoing`).
 */
function runLoad(
	base: string,
	plans: Plan[],
	people: Participant[],
	stop: () => boolean,
	keepGoing = false
) {
	return Promise.all(
		people.map(async (p) => {
			while (!stop()) {
				try {
					await step(base, plans, p);
				} catch {
					counts.failed++;
					if (!keepGoing) return; // the server is gone
					await new Promise((r) => setTimeout(r, 50));
				}
			}
		})
	);
}

function workerPids(primary: number): number[] {
	try {
		return execFileSync('pgrep', ['-P', String(primary)], { encoding: 'utf8' })
			.trim()
			.split('\n')
			.map(Number)
			.filter(Boolean);
	} catch {
		return [];
	}
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

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

requireBuild();
const dir = mkdtempSync(join(tmpdir(), 'microaula-fault-'));
const dbPath = join(dir, 'fault.sqlite');
// SQLite, whatever DATABASE_URL the shell has: the checks read the file itself.
const env = { DATABASE_PATH: dbPath, DATABASE_URL: '', SHUTDOWN_TIMEOUT: '10', WORKERS };
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
		const workers = workerPids(server.process.pid!);
		const killWorker = round % 2 === 1 && workers.length > 1;
		const load = runLoad(server.url, plans, people, () => stopped, killWorker);
		// Kill at an unpredictable moment, 1.5 to 3.5 s into the load.
		await new Promise((r) => setTimeout(r, 1500 + Math.random() * 2000));
		let what: string;
		if (killWorker) {
			what = `un proceso de ${workers.length}`;
			process.kill(workers[0], 'SIGKILL');
			// The primary forks a replacement; the load goes on through the other worker meanwhile.
			await new Promise((r) => setTimeout(r, 2500));
			stopped = true;
			await load;
		} else {
			what = workers.length > 1 ? 'el proceso principal' : 'el servidor';
			server.process.kill('SIGKILL');
			await server.exited;
			stopped = true;
			await load;
			// Its workers finish the requests they hold, then leave.
			for (let i = 0; i < 100 && workers.some((pid) => isAlive(pid)); i++)
				await new Promise((r) => setTimeout(r, 100));
		}
		console.log(
			`ronda ${round}: kill -9 de ${what} tras ${counts.lessonsSent - before.lessonsSent} lecciones y ${counts.quizzesSent - before.quizzesSent} evaluaciones enviadas; ` +
				`confirmadas ${counts.lessonsAcked - before.lessonsAcked} + ${counts.quizzesAcked - before.quizzesAcked}; sin respuesta ${counts.failed - before.failed}`
		);
		if (!killWorker) server = await startServer(PORT, env);
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
