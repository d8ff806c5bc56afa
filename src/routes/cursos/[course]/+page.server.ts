import { fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { activeCertificate } from '$lib/server/certificates/certificates';
import { courseIntroHtml } from '$lib/server/content/render/lessons';
import { isPublished } from '$lib/server/content/publishing';
import { db } from '$lib/server/db';
import { openCourse } from '$lib/server/learning/access';
import { standing } from '$lib/server/learning/overview';
import { courseRecord, enrol, isEnrolled } from '$lib/server/learning/progress';
import { quizSummaries } from '$lib/server/quizzes/attempts';
import { correctNeeded } from '$lib/server/content/format/pass-mark';
import { findSurvey } from '$lib/server/content';
import { PRE_CHECK_QUESTIONS } from '$lib/server/evidence/knowledge';
import { courseEvidence, nextBeforeCourse } from '$lib/server/evidence/participant';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const course = await openCourse(db(), locals.user, params.course);
	const user = locals.user;
	const enrolled = user ? await isEnrolled(db(), user.id, course.id) : false;
	const record = user ? await courseRecord(db(), user.id, course.id) : null;
	const quizzes = user ? await quizSummaries(db(), user.id, course.id) : new Map();
	const certificate = user ? await activeCertificate(db(), user.id, course.id) : undefined;
	const position = record && enrolled ? standing(course, record) : null;
	const evidence =
		user && enrolled ? await courseEvidence(db(), user.id, course, findSurvey(course.id)) : null;
	return {
		course: {
			id: course.id,
			title: course.title,
			summary: course.summary,
			hours: course.hours,
			published: await isPublished(db(), course.id),
			introHtml: await courseIntroHtml(course)
		},
		modules: course.modules.map((mod) => ({
			id: mod.id,
			title: mod.title,
			summary: mod.summary,
			lessons: mod.lessons.map((l) => ({
				id: l.id,
				title: l.title,
				minutes: l.minutes,
				done: record?.doneLessons.has(l.id) ?? false
			})),
			quiz: mod.quiz && {
				title: mod.quiz.title,
				questions: mod.quiz.draw,
				needed: correctNeeded(mod.quiz.draw, mod.quiz.passScore),
				bestScore: quizzes.get(mod.id)?.bestScore ?? null,
				passed: quizzes.get(mod.id)?.passed ?? false
			}
		})),
		enrolled,
		percent: position?.percent ?? 0,
		continueHref: position?.continueHref ?? null,
		complete: position?.complete ?? false,
		certificateCode: certificate?.code ?? null,
		evidence: {
			preCheck: evidence?.preCheck ? PRE_CHECK_QUESTIONS : null,
			wave: evidence?.wave ?? null,
			thanks: url.searchParams.get('encuesta') === 'gracias'
		}
	};
};

export const actions: Actions = {
	inscribirse: async (event) => {
		const user = requireUser(event);
		const course = await openCourse(db(), user, event.params.course);
		if (!(await isPublished(db(), course.id)) && !(await isEnrolled(db(), user.id, course.id))) {
			return fail(409, { message: 'unpublished' });
		}
		await enrol(db(), user.id, course.id);
		// The pre-course check and the first survey come first when still to ask (all skippable).
		const evidence = await courseEvidence(db(), user.id, course, findSurvey(course.id));
		redirect(303, nextBeforeCourse(course, evidence));
	}
};
