import { error, fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { m } from '$lib/paraglide/messages.js';
import { changeRole, personDetail, resetPassword, setDisabled } from '$lib/server/admin/people';
import { requireRole } from '$lib/server/auth/guard';
import { ROLES } from '$lib/server/auth/users';
import { findCourse } from '$lib/server/content';
import { db } from '$lib/server/db';
import { courseRecord } from '$lib/server/learning/progress';
import { percentComplete } from '$lib/server/learning/rules';
import {
	certificatesToDecide,
	deleteAccount,
	readCertificateChoices
} from '$lib/server/privacy/delete-account';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const admin = requireRole(event, 'admin');
	const detail = await personDetail(db(), event.params.id);
	if (!detail) error(404, { message: 'not-found' });
	const { user } = detail;
	return {
		self: admin.id === user.id,
		person: {
			id: user.id,
			username: user.username,
			displayName: user.display_name,
			email: user.email,
			phone: user.phone,
			role: user.role,
			disabled: user.disabled_at !== null,
			createdAt: user.created_at.slice(0, 10)
		},
		enrolments: await Promise.all(
			detail.enrolments.map(async (e) => {
				const course = findCourse(e.course_id);
				return {
					courseId: e.course_id,
					title: course?.title ?? e.course_id,
					percent: course
						? percentComplete(course, await courseRecord(db(), user.id, course.id))
						: null
				};
			})
		),
		classes: detail.classes.map((c) => ({ id: c.id, name: c.name })),
		toDecide: user.role === 'participant' ? await certificatesToDecide(db(), user.id) : [],
		certificates: detail.certificates.map((c) => ({
			code: c.code,
			course: c.course_title,
			revoked: c.revoked_at !== null
		}))
	};
};

const roleSchema = v.picklist(ROLES);
/** The username typed to confirm a deletion. */
const confirmSchema = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(64));

export const actions: Actions = {
	rol: async (event) => {
		const admin = requireRole(event, 'admin');
		const role = v.safeParse(roleSchema, (await event.request.formData()).get('role'));
		if (!role.success) return fail(400, { message: m.admin_bad_role() });
		const result = await changeRole(db(), admin.id, event.params.id, role.output);
		if (!result.ok)
			return fail(result.reason === 'not-found' ? 404 : 409, {
				message: result.reason === 'not-found' ? m.admin_unknown_person() : m.admin_last_admin()
			});
		return { message: m.admin_role_changed() };
	},
	estado: async (event) => {
		const admin = requireRole(event, 'admin');
		const value = (await event.request.formData()).get('disabled');
		if (value !== '1' && value !== '0') return fail(400, { message: m.fac_bad_request() });
		const result = await setDisabled(db(), admin.id, event.params.id, value === '1');
		if (!result.ok)
			return fail(result.reason === 'not-found' ? 404 : 409, {
				message: result.reason === 'not-found' ? m.admin_unknown_person() : m.admin_last_admin()
			});
		return { message: value === '1' ? m.admin_account_disabled() : m.admin_account_enabled() };
	},
	contrasena: async (event) => {
		const admin = requireRole(event, 'admin');
		const password = await resetPassword(db(), admin.id, event.params.id);
		if (!password) return fail(404, { message: m.admin_unknown_person() });
		return { password };
	},
	borrar: async (event) => {
		const admin = requireRole(event, 'admin');
		const detail = await personDetail(db(), event.params.id);
		if (!detail) return fail(404, { message: m.admin_unknown_person() });
		const form = await event.request.formData();
		const certificates = await certificatesToDecide(db(), detail.user.id);
		const { choices, complete, revokeCodes } = readCertificateChoices(form, certificates);
		if (!complete) return fail(400, { choices, deleteError: m.privacy_choice_missing() });
		const confirm = v.safeParse(confirmSchema, form.get('confirm'));
		if (!confirm.success || confirm.output !== detail.user.username) {
			return fail(400, { choices, deleteError: m.admin_delete_wrong_confirm() });
		}
		const result = await deleteAccount(db(), {
			userId: detail.user.id,
			revokeCodes,
			actorId: admin.id
		});
		if (!result.ok) {
			const deleteError =
				result.reason === 'runs-classes'
					? m.admin_delete_runs_classes()
					: m.admin_delete_only_participants();
			return fail(409, { choices, deleteError });
		}
		redirect(303, '/admin/personas?borrada=1');
	}
};
