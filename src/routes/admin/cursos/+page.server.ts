import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { setPublished } from '$lib/server/admin/courses';
import { requireRole } from '$lib/server/auth/guard';
import { allCourses, contentProblems, findCourse } from '$lib/server/content';
import { unpublishedCourseIds } from '$lib/server/content/publishing';
import { pendingSeedUpdates, takeSeedUpdateAsDraft } from '$lib/server/content/seed';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const hidden = await unpublishedCourseIds(db());
	return {
		seedUpdates: (await pendingSeedUpdates(db())).map((u) => ({
			courseId: u.courseId,
			title: findCourse(u.courseId)?.title ?? u.courseId,
			added: u.added.length,
			changed: u.changed.length,
			removed: u.removed.length
		})),
		courses: allCourses().map((c) => ({
			id: c.id,
			title: c.title,
			version: c.version,
			modules: c.modules.length,
			lessons: c.lessons.length,
			questions: c.modules.reduce((n, mod) => n + (mod.quiz?.questions.length ?? 0), 0),
			published: !hidden.has(c.id),
			problems: contentProblems(c.id).map((p) => ({
				where: `${p.file}:${p.line}`,
				message: p.message,
				severity: p.severity
			}))
		}))
	};
};

export const actions: Actions = {
	publicar: async (event) => {
		const admin = requireRole(event, 'admin');
		const form = await event.request.formData();
		const course = findCourse(String(form.get('courseId') ?? ''));
		const published = form.get('published');
		if (!course || (published !== '1' && published !== '0'))
			return fail(400, { message: m.admin_unknown_course() });
		await setPublished(db(), admin.id, course.id, published === '1');
		return {
			message:
				published === '1'
					? m.admin_published({ title: course.title })
					: m.admin_unpublished({ title: course.title })
		};
	},
	versionNueva: async (event) => {
		const admin = requireRole(event, 'admin');
		const form = await event.request.formData();
		const courseId = String(form.get('courseId') ?? '');
		const result = await takeSeedUpdateAsDraft(db(), courseId, admin);
		if (result.ok) return { message: m.studio_seed_taken({ number: result.version.number }) };
		if (result.reason === 'draft-open') return fail(409, { message: m.studio_seed_draft_open() });
		return fail(400, { message: m.admin_unknown_course() });
	}
};
