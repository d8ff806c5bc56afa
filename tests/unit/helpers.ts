// Small factories for tests: a real, migrated database (SQLite, or PostgreSQL in the `postgres`
// Vitest project) and a course built from Markdown.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { migrateToLatest, openPostgres, openSqlite, type Db } from '../../src/lib/server/db';
import { PG_TEST_SCHEMA_PREFIX } from './pg-setup';
import { createUser } from '../../src/lib/server/auth/users';
import { buildCatalogue } from '../../src/lib/server/content/format/catalogue';
import type { Course } from '../../src/lib/server/content/format/types';
import type { Role } from '../../src/lib/server/db/schema';
import { markLessonDone } from '../../src/lib/server/learning/progress';
import { startOrResumeAttempt, submitAttempt } from '../../src/lib/server/quizzes/attempts';

/** The database the DB-level tests run on in this Vitest project. */
export const testDatabase: 'sqlite' | 'postgres' =
	process.env.MICROAULA_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

/** A fresh, migrated, empty database: in memory on SQLite, its own schema on PostgreSQL. */
export async function newDb(): Promise<Db> {
	if (testDatabase === 'postgres') {
		const url = process.env.TEST_DATABASE_URL;
		if (!url) throw new Error('TEST_DATABASE_URL is not set');
		const schema = PG_TEST_SCHEMA_PREFIX + randomBytes(6).toString('hex');
		const admin = openPostgres(url, { max: 1, allowExitOnIdle: true });
		await sql`create schema ${sql.id(schema)}`.execute(admin);
		await admin.destroy();
		const db = openPostgres(url, { schema, max: 4, allowExitOnIdle: true });
		await migrateToLatest(db);
		return db;
	}
	const db = openSqlite(':memory:');
	await migrateToLatest(db);
	return db;
}

let counter = 0;
export async function newUser(db: Db, role: Role = 'participant', password = 'contraseña-segura') {
	counter++;
	const user = await createUser(db, {
		username: `persona-${counter}`,
		displayName: `Persona ${counter}`,
		password,
		role
	});
	if (!user) throw new Error('could not create user');
	return user;
}

export const lessonText = (title: string, body = 'Un párrafo corto de la lección.') =>
	`---\ntitle: ${title}\nminutes: 5\n---\n\n${body}\n`;

export const quizText = (title: string, extra = '') => `---
title: ${title}
passScore: 50
---

## ¿Cuánto es 2 + 2?
- [ ] 3
- [x] 4

> Dos más dos son cuatro.

## Un costo fijo se paga aunque no vendas. {truefalse}
= verdadero

> El arriendo se paga igual.
${extra}`;

/** The files of a valid two-module course, keyed as under content/courses. */
export function courseFiles(id = 'curso-demo'): Record<string, string> {
	const dir = `content/courses/${id}`;
	return {
		[`${dir}/course.md`]: `---\ntitle: Curso de prueba\nsummary: Un curso para las pruebas.\nhours: 3\nversion: 1\nlevel: básico\npassScore: 70\n---\n\nIntroducción.\n`,
		[`${dir}/01-primero/module.md`]: `---\ntitle: Primer módulo\nsummary: El comienzo.\n---\n`,
		[`${dir}/01-primero/01-hola.md`]: lessonText('Hola'),
		[`${dir}/01-primero/02-costos.md`]: lessonText('Costos'),
		[`${dir}/01-primero/quiz.md`]: quizText('Primer módulo'),
		[`${dir}/02-segundo/module.md`]: `---\ntitle: Segundo módulo\nsummary: El final.\n---\n`,
		[`${dir}/02-segundo/01-precios.md`]: lessonText('Precios'),
		[`${dir}/02-segundo/quiz.md`]: quizText('Segundo módulo')
	};
}

export function fixtureCourse(): Course {
	const { courses, problems } = buildCatalogue({ texts: courseFiles() });
	if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
	return courses[0];
}

/** Passes every module quiz of `course` with all answers right. */
export async function passAllQuizzes(db: Db, course: Course, userId: string) {
	for (const mod of course.modules) {
		const quiz = mod.quiz!;
		const attempt = await startOrResumeAttempt(db, userId, quiz, course.version);
		const answers: Record<string, string> = {};
		for (const q of quiz.questions) {
			if (q.type === 'single') answers[q.id] = q.options.find((o) => o.correct)!.id;
			if (q.type === 'truefalse') answers[q.id] = String(q.answer);
		}
		const result = await submitAttempt(db, { attemptId: attempt.id, userId, quiz, answers });
		if (!result.ok) throw new Error('quiz not submitted');
	}
}

/** Every lesson done and every quiz passed: the course is complete. */
export async function completeCourse(db: Db, course: Course, userId: string) {
	for (const lesson of course.lessons) {
		await markLessonDone(db, { userId, courseId: course.id, lessonId: lesson.id });
	}
	await passAllQuizzes(db, course, userId);
}

/** A valid survey.md (issue 17): 6 questions, the first marking a business started. */
export const surveyText = (title = 'Cómo llevas tu negocio') => `---
title: ${title}
---

Responde lo que haces hoy.

## ¿Tienes un negocio funcionando? {#negocio negocio-iniciado}
- [x] Sí
- [ ] No

## ¿Anotas tus ventas y gastos? {#anota}
- [x] Sí, cada día
- [x] Sí, cada semana
- [ ] No

## ¿Separas el dinero del negocio y de la casa? {#separa}
- [x] Sí
- [ ] No

## ¿Ahorras cada mes? {#ahorra}
- [x] Sí
- [ ] No

## ¿Tienes RUC? {#ruc negocio-formalizado}
- [x] Sí
- [ ] No

## ¿Tienes extintor? {#extintor}
- [x] Sí
- [ ] No
`;
