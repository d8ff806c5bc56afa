import { error, fail, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { canPublish } from '$lib/server/auth/guard';
import { pathProblem } from '$lib/server/content/format/limits';
import {
	draftFile,
	draftFileReport,
	getDraft,
	listVersions,
	saveFile,
	type FileReport
} from '$lib/server/content/studio';
import { uploadImage } from '$lib/server/content/image-upload';
import { requireAuthor, runStudio } from '$lib/server/content/studio-forms';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

const saveSchema = v.object({
	text: v.pipe(v.string(), v.maxLength(200_000)),
	revision: v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(0))
});

function editablePath(path: string) {
	if (!path.endsWith('.md') || pathProblem(path)) error(404, { message: 'not-found' });
	return path;
}

/** What the page shows beside the text (small and plain: it travels to the browser). */
function panel(report: FileReport) {
	const r = report.readability;
	return {
		html: report.html,
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
	const text = String(form.get('text') ?? '');
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
			report: null
		};
	}
	const actor = requireAuthor(event);
	const courseId = event.params.course;
	const path = editablePath(event.params.path);
	if ((await listVersions(db(), courseId)).length === 0) error(404, { message: 'not-found' });
	const draft = await getDraft(db(), courseId);
	const base = { courseId, path, canPublish: canPublish(actor) };
	if (!draft) return { ...base, draft: null, text: '', revision: 0, report: null };
	const file = await draftFile(db(), courseId, path);
	if (!file) error(404, { message: 'not-found' });
	return {
		...base,
		draft: { number: draft.number, status: draft.status },
		text: file.text,
		revision: file.revision,
		report: panel(await draftFileReport(db(), courseId, path, file.text))
	};
};

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
				preview: panel(await draftFileReport(db(), event.params.course, path, post.text))
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
	}
};
