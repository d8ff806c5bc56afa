// What the evidence asks one participant about one course, and when (issue 17): the pre-course
// check and the first survey when they start, the final survey at completion, the follow-up three
// months after the certificate. Everything here is skippable; nothing here counts for progress.
import { activeCertificate } from '../certificates/certificates';
import type { Course } from '../content/format/types';
import type { Db } from '../db';
import { courseRecord, isEnrolled } from '../learning/progress';
import { isCourseComplete } from '../learning/rules';
import { preCheckOpen } from './knowledge';
import { surveyRecord, waveDue, waveOpen } from './surveys';
import type { Survey, Wave } from './types';

export interface CourseEvidence {
	enrolled: boolean;
	complete: boolean;
	certificateIssuedAt: string | null;
	/** Offer the pre-course check now. */
	preCheck: boolean;
	/** The survey wave to ask now, if any. */
	wave: Wave | null;
	/** The waves already answered or declined. */
	done: Set<Wave>;
}

export async function courseEvidence(
	db: Db,
	userId: string,
	course: Course,
	survey: Survey | undefined,
	now = new Date()
): Promise<CourseEvidence> {
	const [enrolled, record, certificate, waves] = await Promise.all([
		isEnrolled(db, userId, course.id),
		courseRecord(db, userId, course.id),
		activeCertificate(db, userId, course.id),
		surveyRecord(db, userId, course.id)
	]);
	const complete = isCourseComplete(course, record);
	const certificateIssuedAt = certificate?.issued_at ?? null;
	const done = new Set(waves.keys());
	return {
		enrolled,
		complete,
		certificateIssuedAt,
		preCheck: enrolled && (await preCheckOpen(db, userId, course)),
		wave: survey ? waveDue({ enrolled, complete, certificateIssuedAt, done, now }) : null,
		done
	};
}

/** Whether the person may open this wave's form now (to answer it or change their answers). */
export function mayAnswerWave(evidence: CourseEvidence, wave: Wave, now = new Date()): boolean {
	return waveOpen(wave, { ...evidence, now });
}

/**
 * Where a person goes after enrolling, the pre check or the first survey: the next thing still
 * to offer before the course, or the first lesson.
 */
export function nextBeforeCourse(course: Course, evidence: CourseEvidence): string {
	if (evidence.preCheck) return `/cursos/${course.id}/prueba-inicial`;
	if (evidence.wave === 'inicio') return `/cursos/${course.id}/encuesta/inicio`;
	return `/cursos/${course.id}/${course.lessons[0]?.id ?? ''}`;
}
