// Demo accounts and a little progress, so a newcomer sees a living site right after `npm start`.
// Only for trying Microaula out: turned off with MICROAULA_DEMO=0.
import type { Db } from './db';
import { createUser, findUserByUsername } from './auth/users';
import { allCourses } from './content';
import { markLessonDone } from './learning/progress';
import type { Role } from './db/schema';

export const DEMO_PASSWORD = 'microaula-demo';
export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role }[] = [
	{ username: 'demo-participante', displayName: 'Ana Participante', role: 'participant' },
	{ username: 'demo-facilitadora', displayName: 'Rosa Facilitadora', role: 'facilitator' },
	{ username: 'demo-admin', displayName: 'Admin Microaula', role: 'admin' }
];

/** Creates the demo accounts (once) and returns true when it created anything. */
export async function seedDemo(db: Db): Promise<boolean> {
	if (await findUserByUsername(db, DEMO_ACCOUNTS[0].username)) return false;
	const users = [];
	for (const account of DEMO_ACCOUNTS) {
		const user = await createUser(db, { ...account, password: DEMO_PASSWORD });
		if (user) users.push(user);
	}
	const participant = users.find((u) => u.username === 'demo-participante');
	const course = allCourses()[0];
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
