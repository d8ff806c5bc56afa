// The run-time renderer: the same pages as the mdsvex build of before (every seed lesson as it was
// when mdsvex was removed, kept in tests/fixtures with its source), and authored text that can
// never run as code.
import { describe, expect, it } from 'vitest';
import fixture from '../fixtures/mdsvex-lessons.json';
import { splitFrontmatter } from '../../src/lib/server/content/format/frontmatter';
import type { ImageInfo } from '../../src/lib/server/content/render/images';
import { renderMarkdown } from '../../src/lib/server/content/render/markdown';

const media = fixture.media as Record<string, ImageInfo>;
const render = (body: string, courseId = 'curso') =>
	renderMarkdown(body, { courseId, image: (name) => media[`${courseId}/${name}`] ?? null });
/** Whitespace between and inside tags is not something a reader sees. */
const normalise = (html: string) =>
	html
		.replace(/\s*\/>/g, '>')
		.replace(/\s+/g, ' ')
		.replace(/>\s+</g, '><')
		.trim();

describe('the lesson renderer', () => {
	it('renders every seed lesson and course intro as mdsvex did: boxes, tables, images, links', () => {
		expect(fixture.pages.length).toBeGreaterThan(30);
		for (const page of fixture.pages) {
			const { body } = splitFrontmatter(page.file, page.source);
			expect(normalise(render(body, page.courseId)), page.file).toBe(normalise(page.html));
		}
		const all = fixture.pages.map((p) => p.html).join('');
		// The comparison covered each feature, not just plain paragraphs.
		for (const kind of ['ejemplo', 'tu-turno', 'consejo', 'atencion', 'resumen', 'glosario']) {
			expect(all).toContain(`class="box box-${kind}"`);
		}
		expect(all).toContain('<div class="table-scroll" tabindex="0"><table>');
		expect(all).toMatch(/<img loading="lazy" decoding="async" src="\/media\/[^"]+" width="\d+"/);
		expect(all).toMatch(/<a href="\/cursos\/[a-z-]+\/[a-z-]+">/);
	}, 60_000);

	it('turns lesson links, media images and empty corner cells into what the site serves', () => {
		const html = normalise(
			render(
				'Ver [costos](../02-costos/01-costos-fijos.md#ejemplo) y ![Un gráfico](../media/g.svg)\n\n| | A |\n|---|---|\n| x | 1 |\n',
				'finanzas'
			)
		);
		expect(html).toContain('<a href="/cursos/finanzas/costos-fijos#ejemplo">costos</a>');
		expect(html).toContain('src="/media/finanzas/g.svg"');
		expect(html).toContain('<thead><tr><td></td><th>A</th>');
	});
});

describe('authored text never runs', () => {
	const payloads = [
		'<script>alert(1)</script>',
		'<img src=x onerror="alert(1)">',
		'<a href="javascript:alert(1)">clic</a>',
		'[clic](javascript:alert(1))',
		'[clic](JaVaScRiPt:alert(1))',
		'[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
		'![x](javascript:alert(1))',
		'![x](https://evil.example/track.gif)',
		'<iframe src="https://evil.example"></iframe>',
		'<svg onload=alert(1)><circle/></svg>',
		'<div style="background:url(javascript:alert(1))">hola</div>',
		'<details open ontoggle=alert(1)>',
		'<form action="https://evil.example"><input name=x></form>',
		'{@html "<script>alert(1)</script>"}',
		'> [!EJEMPLO] <img src=x onerror=alert(1)>\n> texto',
		'<!-- <script>alert(1)</script> -->',
		'[a](<javascript:alert(1)>)',
		'<object data="x.swf"></object><embed src="x.swf">',
		'<style>body{display:none}</style>',
		'<a href="https://ok.example" onclick="alert(1)" target="_blank">ok</a>'
	];
	it.each(payloads)('%s renders inert', (payload) => {
		const html = render(`Antes.\n\n${payload}\n\nDespués.`);
		expect(html).not.toMatch(/<script|<iframe|<svg|<object|<embed|<form|<input|<style|<details/i);
		expect(html).not.toMatch(/\son[a-z]+\s*=/i);
		expect(html).not.toMatch(/javascript:|data:text|evil\.example\/track/i);
		expect(html).not.toMatch(/\sstyle=|\starget=/i);
		expect(html).toContain('<p>Antes.</p>');
	});

	it('keeps braces as text (no template runs)', () => {
		expect(render('Precio: {1 + 1} dólares')).toBe('<p>Precio: {1 + 1} dólares</p>');
	});

	it('does not let an author forge the boxes or the table scroller with raw HTML', () => {
		const html = render('<aside class="box box-x" onclick="x">a</aside><div tabindex="5">b</div>');
		expect(html).not.toContain('<aside');
		expect(html).not.toContain('tabindex="5"');
	});
});
