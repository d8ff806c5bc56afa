import { error, fail, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { canPublish } from '$lib/server/auth/guard';
import { pathProblem } from '$lib/server/content/format/limits';
import {
	affectedPeople,
	draftFile,
	draftFileReport,
	getDraft,
	listVersions,
	saveFile,
	type FileReport
} from '$lib/server/content/studio';
import { uploadImage } from '$lib/server/content/image-upload';
import { QUESTION_TYPES, writeQuestion } from '$lib/server/content/format/quiz-edit';
import {
	isQuizPath,
	moveQuestion,
	quizEditorView,
	removeQuestion,
	saveQuestion,
	saveQuizSettings,
	type QuizEditResult
} from '$lib/server/content/quiz-editor';
import { requireAuthor, runStudio } from '$lib/server/content/studio-forms';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

/** Twice what a file may hold: longer text is refused with the file's own message, and kept. */
const MAX_POSTED_TEXT = 200_000;

const saveSchema = v.object({
	text: v.pipe(v.string(), v.maxLength(MAX_POSTED_TEXT)),
	revision: v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0))
});

function editablePath(path: string) {
	if (!path.endsWith('.md') || pathProblem(path)) error(404, { message: 'not-found' });
	return path;
}

/** What the page shows beside the text (small and plain: it travels to the browser). */
function panel(report: FileReport, courseId: string) {
	const r = report.readability;
	return {
		// The preview shows the draft's images (uploaded, not yet published) from the studio.
		html: report.html.replaceAll(
			`src="/media/${courseId}/`,
			`src="/admin/cursos/${courseId}/medios/`
		),
		words: r.words,
		minutes: r.readingMinutes,
		inflesz: Math.round(r.inflesz),
		band: r.band,
		longestSentences: r.longestSentences.map((s) => ({
			line: s.line,
			words: s.words,
			text: s.text
		})),
		longestParagraphs: r.longestParagraphs.map((s) => ({ line: s.line, words: s.words })),
		kb: Math.round(report.bytes / 102.4) / 10,
		problems: report.problems.map((p) => ({
			line: p.line,
			message: p.message,
			severity: p.severity
		}))
	};
}

/**
 * Posts from the editor keep the author's text whatever happens: an expired session answers 401
 * with the text (not a redirect to sign in, which would lose it).
 */
async function textPost(event: RequestEvent) {
	const form = await event.request.formData();
	// Sent back on a refusal: never more than the editor accepts.
	const text = String(form.get('text') ?? '').slice(0, MAX_POSTED_TEXT);
	if (!event.locals.user) {
		const revision = String(form.get('revision') ?? '0');
		return { refused: fail(401, { message: m.studio_edit_session_expired(), text, revision }) };
	}
	const actor = requireAuthor(event);
	const parsed = v.safeParse(saveSchema, Object.fromEntries(form));
	if (!parsed.success)
		return { refused: fail(400, { message: m.studio_edit_bad_request(), text }) };
	return { actor, form, text: parsed.output.text, revision: parsed.output.revision };
}

export const load: PageServerLoad = async (event) => {
	if (!event.locals.user && event.request.method === 'POST') {
		// A post whose session expired (see textPost): the page shows the text back to copy or
		// save again once signed in (in another tab), instead of sending them away from it.
		return {
			courseId: event.params.course,
			path: editablePath(event.params.path),
			canPublish: false,
			expired: true,
			draft: { number: 0, status: 'draft' as const },
			text: '',
			revision: 0,
			report: null,
			quiz: null,
			markdownView: true
		};
	}
	const actor = requireAuthor(event);
	const courseId = event.params.course;
	const path = editablePath(event.params.path);
	if ((await listVersions(db(), courseId)).length === 0) error(404, { message: 'not-found' });
	const draft = await getDraft(db(), courseId);
	// A quiz opens as forms; "?vista=markdown" shows its text instead (and keeps it on posts).
	const markdownView = !isQuizPath(path) || event.url.searchParams.get('vista') === 'markdown';
	const base = { courseId, path, canPublish: canPublish(actor), expired: false, markdownView };
	if (!draft) return { ...base, draft: null, text: '', revision: 0, report: null, quiz: null };
	const file = await draftFile(db(), courseId, path);
	if (!file) error(404, { message: 'not-found' });
	if (!markdownView) {
		return {
			...base,
			draft: { number: draft.number, status: draft.status },
			text: '',
			revision: file.revision,
			report: null,
			quiz: await quizEditorView(db(), courseId, path)
		};
	}
	return {
		...base,
		quiz: null,
		draft: { number: draft.number, status: draft.status },
		text: file.text,
		revision: file.revision,
		report: panel(await draftFileReport(db(), courseId, path, file.text), courseId)
	};
};

// ── the quiz editor's forms ─────────────────────────────────────────────────────────────────

const questionSchema = v.object({
	revision: v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0)),
	indice: v.union([
		v.literal('nueva'),
		v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0))
	]),
	clave: v.optional(v.pipe(v.string(), v.maxLength(40))),
	tipo: v.picklist(QUESTION_TYPES),
	enunciado: v.pipe(v.string(), v.maxLength(2000)),
	respuesta: v.optional(v.pipe(v.string(), v.maxLength(40)), ''),
	verdadero: v.optional(v.picklist(['verdadero', 'falso', '']), ''),
	tolerancia: v.optional(v.pipe(v.string(), v.maxLength(40)), ''),
	explicacion: v.optional(v.pipe(v.string(), v.maxLength(5000)), '')
});
const questionPlace = v.object({
	revision: v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0)),
	indice: v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0)),
	clave: v.pipe(v.string(), v.minLength(1), v.maxLength(40)),
	dir: v.optional(v.picklist(['arriba', 'abajo'])),
	confirmar: v.optional(v.string())
});
const settingsSchema = v.object({
	revision: v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0)),
	title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
	passScore: v.union([
		v.literal(''),
		v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(100))
	]),
	draw: v.union([
		v.literal(''),
		v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(100))
	])
});

/** The question as the form sent it (kept and shown back whatever happens to the post). */
function postedQuestion(form: FormData) {
	const get = (name: string) => String(form.get(name) ?? '');
	const correct = new Set(form.getAll('correcta').map(String));
	const type = (QUESTION_TYPES as readonly string[]).includes(get('tipo'))
		? (get('tipo') as (typeof QUESTION_TYPES)[number])
		: 'single';
	return {
		type,
		stem: get('enunciado').slice(0, 2000),
		options: form
			.getAll('opcion')
			.slice(0, 12)
			.map((o, i) => ({ text: String(o).slice(0, 500), correct: correct.has(String(i)) })),
		answer: type === 'truefalse' ? get('verdadero') : get('respuesta').slice(0, 40),
		tolerance: get('tolerancia').slice(0, 40),
		explanation: get('explicacion').slice(0, 5000)
	};
}

/** A quiz form's outcome: saved, refused with the reason, or a conflict (the page reloads). */
function quizOutcome(result: QuizEditResult, keep: object, done: string) {
	if (result.ok) return { message: done, quizSaved: true };
	if (result.reason === 'invalid') return fail(400, { message: result.message, ...keep });
	return fail(409, { message: m.studio2_quiz_conflict(), ...keep });
}

async function quizPost(event: RequestEvent) {
	const form = await event.request.formData();
	const path = editablePath(event.params.path ?? '');
	if (!event.locals.user) {
		// An expired session: the question comes back as Markdown, to copy or paste in later.
		const question = postedQuestion(form);
		return {
			refused: fail(401, {
				message: m.studio_edit_session_expired(),
				text: writeQuestion({ ...question, id: null }),
				revision: '0'
			})
		};
	}
	const actor = requireAuthor(event);
	if (!isQuizPath(path)) return { refused: fail(400, { message: m.studio2_quiz_not_quiz() }) };
	return { actor, form, path };
}

export const actions: Actions = {
	guardar: async (event) => {
		const post = await textPost(event);
		if ('refused' in post) return post.refused;
		const { actor, text, revision } = post;
		const courseId = event.params.course;
		const path = editablePath(event.params.path);
		return runStudio(
			async () => {
				const result = await saveFile(db(), actor, {
					courseId,
					path,
					text,
					baseRevision: revision
				});
				if (result.ok) return { message: m.studio_edit_saved(), saved: result.revision };
				return fail(409, {
					message: m.studio_edit_conflict(),
					text: result.yours,
					conflict: {
						theirs: result.theirs?.text ?? '',
						revision: result.theirs?.revision ?? 0
					}
				});
			},
			{ text }
		);
	},
	vista: async (event) => {
		const post = await textPost(event);
		if ('refused' in post) return post.refused;
		const path = editablePath(event.params.path);
		return runStudio(
			async () => ({
				text: post.text,
				preview: panel(
					await draftFileReport(db(), event.params.course, path, post.text),
					event.params.course
				)
			}),
			{ text: post.text }
		);
	},
	imagen: async (event) => {
		const post = await textPost(event);
		if ('refused' in post) return post.refused;
		const { actor, form, text, revision } = post;
		const file = form.get('imagen');
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { message: m.studio_image_missing(), text, revision });
		}
		return runStudio(
			async () => {
				const image = await uploadImage(db(), actor, {
					courseId: event.params.course,
					fileName: file.name,
					bytes: new Uint8Array(await file.arrayBuffer()),
					alt: String(form.get('alt') ?? '')
				});
				return {
					message: m.studio_image_added({ kb: Math.ceil(image.bytes / 1024) }),
					ok: true,
					// The image goes into the text at its end; the text is not saved yet.
					text: `${text.replace(/\s*$/, '')}\n\n${image.markdown}\n`,
					revision
				};
			},
			{ text, revision }
		);
	},
	pregunta: async (event) => {
		const post = await quizPost(event);
		if ('refused' in post) return post.refused;
		const { actor, form, path } = post;
		const question = postedQuestion(form);
		const parsed = v.safeParse(questionSchema, Object.fromEntries(form));
		const keep = { question, index: String(form.get('indice') ?? 'nueva') };
		if (!parsed.success) return fail(400, { message: m.studio2_quiz_bad_question(), ...keep });
		const { revision, indice, clave } = parsed.output;
		return runStudio(async () => {
			const result = await saveQuestion(db(), actor, {
				courseId: event.params.course,
				path,
				baseRevision: revision,
				index: indice === 'nueva' ? null : indice,
				key: clave || undefined,
				question
			});
			return quizOutcome(
				result,
				keep,
				indice === 'nueva' ? m.studio2_quiz_added() : m.studio2_quiz_saved()
			);
		}, keep);
	},
	moverPregunta: async (event) => {
		const post = await quizPost(event);
		if ('refused' in post) return post.refused;
		const parsed = v.safeParse(questionPlace, Object.fromEntries(post.form));
		if (!parsed.success || !parsed.output.dir) {
			return fail(400, { message: m.studio_edit_bad_request() });
		}
		const { revision, indice, clave, dir } = parsed.output;
		return runStudio(async () =>
			quizOutcome(
				await moveQuestion(db(), post.actor, {
					courseId: event.params.course,
					path: post.path,
					baseRevision: revision,
					index: indice,
					key: clave,
					step: dir === 'arriba' ? -1 : 1
				}),
				{},
				m.studio_edit_moved()
			)
		);
	},
	quitarPregunta: async (event) => {
		const post = await quizPost(event);
		if ('refused' in post) return post.refused;
		const parsed = v.safeParse(questionPlace, Object.fromEntries(post.form));
		if (!parsed.success) return fail(400, { message: m.studio_edit_bad_request() });
		const { revision, indice, clave, confirmar } = parsed.output;
		return runStudio(async () => {
			if (confirmar !== '1') {
				// People answered it: say how many and ask again (their attempts stay graded).
				const counts = await affectedPeople(db(), event.params.course, { questionIds: [clave] });
				const people = counts.questions[clave] ?? 0;
				if (people > 0) return { confirmQuestion: { index: indice, key: clave, revision, people } };
			}
			return quizOutcome(
				await removeQuestion(db(), post.actor, {
					courseId: event.params.course,
					path: post.path,
					baseRevision: revision,
					index: indice,
					key: clave
				}),
				{},
				m.studio2_quiz_removed()
			);
		});
	},
	ajustes: async (event) => {
		const post = await quizPost(event);
		if ('refused' in post) return post.refused;
		const parsed = v.safeParse(settingsSchema, Object.fromEntries(post.form));
		if (!parsed.success) return fail(400, { message: m.studio2_quiz_bad_settings() });
		const { revision, title, passScore, draw } = parsed.output;
		return runStudio(async () =>
			quizOutcome(
				await saveQuizSettings(db(), post.actor, {
					courseId: event.params.course,
					path: post.path,
					baseRevision: revision,
					title,
					passScore: passScore === '' ? null : passScore,
					draw: draw === '' ? null : draw
				}),
				{},
				m.studio2_quiz_settings_saved()
			)
		);
	}
};
