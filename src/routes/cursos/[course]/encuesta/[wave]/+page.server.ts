import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { requireUser } from '$lib/server/auth/guard';
import { findSurvey } from '$lib/server/content';
import { db } from '$lib/server/db';
import { evidenceFieldErrors } from '$lib/server/evidence/forms';
import { courseEvidence, mayAnswerWave } from '$lib/server/evidence/participant';
import {
	readSurveyForm,
	saveSurvey,
	skipSurvey,
	surveyRecord,
	waveSchema
} from '$lib/server/evidence/surveys';
import { openCourse } from '$lib/server/learning/access';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

async function context(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const user = requireUser(event);
	const course = await openCourse(db(), user, event.params.course);
	const wave = v.safeParse(waveSchema, event.params.wave);
	const survey = findSurvey(course.id);
	if (!wave.success || !survey) error(404, { message: 'not-found' });
	const evidence = await courseEvidence(db(), user.id, course, survey);
	return { user, course, survey, wave: wave.output, evidence };
}

/** After the first wave the course begins; after the others, the course page says thanks. */
function after(courseId: string, wave: string, firstLesson: string | undefined): string {
	return wave === 'inicio' && firstLesson
		? `/cursos/${courseId}/${firstLesson}`
		: `/cursos/${courseId}?encuesta=gracias`;
}

export const load: PageServerLoad = async (event) => {
	const { user, course, survey, wave, evidence } = await context(event);
	if (!mayAnswerWave(evidence, wave)) redirect(303, `/cursos/${course.id}`);
	const previous = (await surveyRecord(db(), user.id, course.id)).get(wave);
	return {
		course: { id: course.id, title: course.title },
		wave,
		survey: {
			title: survey.title,
			intro: survey.intro,
			// Whether an option counts as the good practice stays on the server.
			questions: survey.questions.map((q) => ({
				id: q.id,
				text: q.text,
				options: q.options.map((o) => ({ id: o.id, text: o.text }))
			}))
		},
		answers: previous?.answers ?? {},
		answered: previous !== undefined && !previous.skipped
	};
};

export const actions: Actions = {
	guardar: async (event) => {
		const { user, course, survey, wave, evidence } = await context(event);
		if (!mayAnswerWave(evidence, wave)) {
			return fail(409, { message: m.evidence_survey_closed(), errors: {}, values: {} });
		}
		const read = readSurveyForm(survey, await event.request.formData());
		if (!read.ok) {
			return fail(400, {
				message: m.evidence_error_form(),
				errors: evidenceFieldErrors(read.errors),
				values: read.values
			});
		}
		await saveSurvey(db(), { userId: user.id, survey, wave, answers: read.answers });
		redirect(303, after(course.id, wave, course.lessons[0]?.id));
	},
	ahoraNo: async (event) => {
		const { user, course, wave, evidence } = await context(event);
		if (mayAnswerWave(evidence, wave)) {
			await skipSurvey(db(), { userId: user.id, courseId: course.id, wave });
		}
		redirect(
			303,
			wave === 'inicio' ? after(course.id, wave, course.lessons[0]?.id) : `/cursos/${course.id}`
		);
	}
};
