import { expect, test } from '@playwright/test';
import { realCourse, signUp } from './helpers';

const COURSE = 'crea-tu-negocio';
const WITH_FIGURE = 'punto-de-equilibrio';

test('lesson images are sized, lazy, and the data saver hides them until tapped', async ({
	page
}) => {
	const course = await realCourse(COURSE);
	await signUp(page);
	const mediaRequests: string[] = [];
	page.on('request', (r) => {
		if (new URL(r.url()).pathname.startsWith('/media/')) mediaRequests.push(r.url());
	});

	await page.goto(`/cursos/${course.id}/${WITH_FIGURE}`);
	const figure = page.locator('article img').first();
	await expect(figure).toHaveAttribute('width', '320');
	await expect(figure).toHaveAttribute('height', '220');
	await expect(figure).toHaveAttribute('loading', 'lazy');
	await expect(figure).toHaveAttribute('src', /\.(svg|webp)$/);

	// A form, so it works without JavaScript too; the choice stays for the next lessons.
	await page.getByRole('button', { name: 'Ocultar imágenes (ahorra datos)' }).click();
	await expect(page).toHaveURL(`/cursos/${course.id}/${WITH_FIGURE}`);
	const reveal = page.getByRole('link', { name: 'Ver imagen (2 KB)' });
	await expect(reveal).toBeVisible();
	await expect(page.locator('article img')).toBeHidden();
	mediaRequests.length = 0;
	await page.reload();
	await page.locator('article').scrollIntoViewIfNeeded();
	await page.mouse.wheel(0, 3000);
	await expect(reveal).toBeVisible();
	expect(mediaRequests).toEqual([]);

	// With JavaScript the image appears in place; without, the lesson reloads with it shown.
	await reveal.click();
	await expect(page.locator('article img')).toBeVisible();
	await expect(page.locator('article img')).toBeInViewport();
	await expect
		.poll(() => page.locator('article img').evaluate((img: HTMLImageElement) => img.naturalWidth))
		.toBeGreaterThan(0);
	expect(mediaRequests.length).toBeGreaterThan(0);

	await page.getByRole('button', { name: 'Mostrar imágenes' }).click();
	await expect(page.getByRole('link', { name: /^Ver imagen/ })).toHaveCount(0);
	await expect(page.locator('article img')).toBeVisible();
});

test('"Escuchar" reads the lesson aloud in Spanish, and is hidden where the browser cannot speak', async ({
	page,
	javaScriptEnabled
}) => {
	const course = await realCourse(COURSE);
	const lesson = course.lessons[0];
	await signUp(page);
	const listen = page.getByRole('button', { name: 'Escuchar' });

	if (!javaScriptEnabled) {
		await page.goto(`/cursos/${course.id}/${lesson.id}`);
		await expect(page.getByRole('heading', { level: 1, name: lesson.title })).toBeVisible();
		await expect(listen).toBeHidden();
		return;
	}

	// No speech synthesis at all: no button.
	await page.addInitScript(() => {
		if (location.hash === '#sin-voz') {
			Object.defineProperty(window, 'speechSynthesis', { value: undefined });
		}
	});
	await page.goto(`/cursos/${course.id}/${course.lessons[1].id}#sin-voz`);
	await expect(
		page.getByRole('heading', { level: 1, name: course.lessons[1].title })
	).toBeVisible();
	await expect(listen).toBeHidden();

	// A browser with an English and a Spanish voice (a stand-in that records what it says).
	await page.addInitScript(() => {
		if (location.hash !== '#con-voz') return;
		const said: { text: string; lang: string; voice: string | undefined }[] = [];
		const voices = [
			{ name: 'English', lang: 'en-US' },
			{ name: 'Español', lang: 'es-ES' }
		];
		const synth = new EventTarget() as EventTarget & Record<string, unknown>;
		Object.assign(synth, {
			getVoices: () => voices,
			speak: (u: SpeechSynthesisUtterance) =>
				said.push({ text: u.text, lang: u.lang, voice: u.voice?.name }),
			cancel: () => {},
			said
		});
		Object.defineProperty(window, 'speechSynthesis', { value: synth });
		Object.defineProperty(window, 'SpeechSynthesisUtterance', {
			value: class {
				lang = '';
				voice: unknown = null;
				onend: unknown = null;
				constructor(public text: string) {}
			}
		});
	});
	await page.goto(`/cursos/${course.id}/${lesson.id}#con-voz`);
	await expect(listen).toBeVisible();
	await listen.click();
	await expect(page.getByRole('button', { name: 'Detener' })).toBeVisible();
	const said = await page.evaluate(
		() => (window.speechSynthesis as unknown as { said: { text: string; lang: string }[] }).said
	);
	expect(said[0]).toEqual({ text: lesson.title, lang: 'es-ES', voice: 'Español' });
	expect(said.length).toBeGreaterThan(3);
	expect(said.map((s) => s.text).join(' ')).not.toContain('Escuchar');
	await page.getByRole('button', { name: 'Detener' }).click();
	await expect(listen).toBeVisible();
});
