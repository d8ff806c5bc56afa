import { describe, expect, it } from 'vitest';
import { afterLesson } from '../../src/lib/server/learning/navigation';
import { setPublished } from '../../src/lib/server/admin/courses';
import {
	courseRecord,
	courseRecordAndAccess,
	enrolledCourseIds,
	markLessonDone
} from '../../src/lib/server/learning/progress';
import {
	isCourseComplete,
	nextStep,
	nextUnfinishedLesson,
	percentComplete
} from '../../src/lib/server/learning/rules';
import { fixtureCourse, newDb, newUser, passAllQuizzes } from './helpers';

const course = fixtureCourse(); // lessons: hola, costos (module primero), precios (module segundo)
const record = (lessons: string[], quizzes: string[] = []) => ({
	doneLessons: new Set(lessons),
	passedQuizzes: new Set(quizzes)
});

describe('progress rules', () => {
	it('the next unfinished lesson is the first not done, in reading order', () => {
		expect(nextUnfinishedLesson(course, record([]))?.id).toBe('hola');
		expect(nextUnfinishedLesson(course, record(['hola', 'precios']))?.id).toBe('costos');
		expect(nextUnfinishedLesson(course, record(['hola', 'costos', 'precios']))).toBeUndefined();
	});

	it('percent counts lessons and quizzes, rounded down', () => {
		expect(percentComplete(course, record([]))).toBe(0);
		expect(percentComplete(course, record(['hola']))).toBe(20); // 1 of 5 steps
		expect(percentComplete(course, record(['hola', 'costos', 'precios'], ['primero']))).toBe(80);
		expect(
			percentComplete(course, record(['hola', 'costos', 'precios'], ['primero', 'segundo']))
		).toBe(100);
	});

	it('a course is complete only with every lesson done and every quiz passed', () => {
		expect(isCourseComplete(course, record(['hola', 'costos', 'precios'], ['primero']))).toBe(
			false
		);
		expect(isCourseComplete(course, record(['hola', 'costos'], ['primero', 'segundo']))).toBe(
			false
		);
		expect(
			isCourseComplete(course, record(['hola', 'costos', 'precios'], ['primero', 'segundo']))
		).toBe(true);
	});

	it('"Continuar" goes to the next lesson, then to unpassed quizzes, then to the certificate', () => {
		expect(nextStep(course, record(['hola']))).toMatchObject({
			kind: 'lesson',
			lesson: { id: 'costos' }
		});
		expect(nextStep(course, record(['hola', 'costos', 'precios'], ['primero']))).toEqual({
			kind: 'quiz',
			moduleId: 'segundo'
		});
		expect(nextStep(course, record(['hola', 'costos', 'precios'], ['primero', 'segundo']))).toEqual(
			{ kind: 'complete' }
		);
	});

	it('after the last lesson of a module comes its quiz, unless already passed', () => {
		expect(afterLesson(course, 'hola', new Set())).toBe('/cursos/curso-demo/costos');
		expect(afterLesson(course, 'costos', new Set())).toBe('/cursos/curso-demo/evaluacion/primero');
		expect(afterLesson(course, 'costos', new Set(['primero']))).toBe('/cursos/curso-demo/precios');
		expect(afterLesson(course, 'precios', new Set(['segundo']))).toBe('/cursos/curso-demo');
	});
});

describe('recording progress', () => {
	it('marks a lesson done once, keeps the first time, and enrols the person', async () => {
		const db = await newDb();
		const user = await newUser(db);
		const first = new Date('2026-03-01T10:00:00Z');
		await markLessonDone(db, { userId: user.id, courseId: course.id, lessonId: 'hola', at: first });
		await markLessonDone(db, {
			userId: user.id,
			courseId: course.id,
			lessonId: 'hola',
			at: new Date('2026-03-02T10:00:00Z')
		});
		const rows = await db.selectFrom('lesson_progress').selectAll().execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ completed_at: first.toISOString(), source: 'self' });
		expect(await enrolledCourseIds(db, user.id)).toEqual([course.id]);
		expect([...(await courseRecord(db, user.id, course.id)).doneLessons]).toEqual(['hola']);
	});

	it('reads the record and what decides access to a course in one query', async () => {
		const db = await newDb();
		const [admin, reader, stranger] = [
			await newUser(db, 'admin'),
			await newUser(db),
			await newUser(db)
		];
		await markLessonDone(db, { userId: reader.id, courseId: course.id, lessonId: 'hola' });
		await markLessonDone(db, { userId: reader.id, courseId: course.id, lessonId: 'costos' });
		await passAllQuizzes(db, course, reader.id);
		await passAllQuizzes(db, course, reader.id);

		const mine = await courseRecordAndAccess(db, reader.id, course.id);
		expect(mine.record).toEqual(await courseRecord(db, reader.id, course.id));
		expect([...mine.record.doneLessons].sort()).toEqual(['costos', 'hola']);
		expect([...mine.record.passedQuizzes].sort()).toEqual(course.modules.map((m) => m.id).sort());
		expect(mine).toMatchObject({ enrolled: true, unpublished: false });
		expect(await courseRecordAndAccess(db, stranger.id, course.id)).toEqual({
			record: { doneLessons: new Set(), passedQuizzes: new Set() },
			enrolled: false,
			unpublished: false
		});

		await setPublished(db, admin.id, course.id, false);
		expect(await courseRecordAndAccess(db, stranger.id, course.id)).toMatchObject({
			enrolled: false,
			unpublished: true
		});
		expect(await courseRecordAndAccess(db, reader.id, course.id)).toMatchObject({
			enrolled: true,
			unpublished: true
		});
	});
});
