// Authored Markdown → the HTML a participant's page shows, on the server, through the unified
// pipeline: remark-parse + remark-gfm → remark-rehype (raw HTML dropped) → one small rehype plugin
// per concern (lesson boxes, links, images, tables) → rehype-sanitize with an explicit allow-list
// (last, so even what our own plugins add must be on the list) → rehype-stringify.
// Nothing an author writes is ever executed: no Svelte compile, no raw HTML, no event handlers, no
// `javascript:` links. Pure: media sizes come in through `image`.
import type { Element, Root } from 'hast';
import rehypeSanitize, { type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { ImageInfo } from './images';
import { rehypeLessonBoxes } from './rehype-lesson-boxes.js';

export interface RenderContext {
	courseId: string;
	/** Size and weight of a course image by file name (`equilibrio.svg`), or null if unknown. */
	image: (name: string) => ImageInfo | null;
}

/**
 * What authored content may produce. Everything else (tags, attributes, URL schemes) is dropped.
 * Extended beyond plain Markdown only for the lesson boxes (aside.box, p.box-title), the table
 * scroller (div.table-scroll with tabindex) and lesson images (loading, decoding, width, height).
 */
export const LESSON_SCHEMA: SanitizeSchema = {
	strip: ['script', 'style', 'template'],
	clobberPrefix: 'user-content-',
	clobber: ['id', 'name'],
	allowComments: false,
	allowDoctypes: false,
	tagNames: [
		'p',
		'h2',
		'h3',
		'h4',
		'h5',
		'h6',
		'ul',
		'ol',
		'li',
		'strong',
		'em',
		'del',
		'code',
		'pre',
		'blockquote',
		'hr',
		'br',
		'a',
		'img',
		'table',
		'thead',
		'tbody',
		'tr',
		'th',
		'td',
		'aside',
		'div'
	],
	attributes: {
		a: ['href', ['rel', 'nofollow']],
		img: ['src', 'alt', 'title', ['loading', 'lazy'], ['decoding', 'async'], 'width', 'height'],
		ol: ['start'],
		th: ['align'],
		td: ['align'],
		aside: [['className', 'box', /^box-[a-z-]+$/]],
		p: [['className', 'box-title']],
		div: [['className', 'table-scroll'], ['tabIndex', 0]]
	},
	required: {},
	protocols: {
		href: ['http', 'https', 'mailto', 'tel'],
		// Images only from the course's own media (relative paths, rewritten to /media/...).
		src: []
	},
	ancestors: {
		tbody: ['table'],
		td: ['table'],
		th: ['table'],
		thead: ['table'],
		tr: ['table']
	}
};

/** Lesson ids from file names: `../04-costos/01-costos-fijos.md` → `costos-fijos`. */
export function lessonIdFromPath(path: string): string {
	const base = path.split('/').pop() ?? path;
	return base.replace(/\.md$/, '').replace(/^\d{2}-/, '');
}

const EXTERNAL = /^(https?:|mailto:|tel:|#)/i;

/** Links to other lessons (`../02-x/01-y.md#z`) become site URLs; web links get rel=nofollow. */
function rehypeLessonLinks(ctx: RenderContext) {
	return (tree: Root) => {
		visit(tree, 'element', (node: Element) => {
			if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
			const href = node.properties.href;
			if (/^https?:/i.test(href)) {
				node.properties = { href, rel: ['nofollow'] };
				return;
			}
			if (EXTERNAL.test(href)) return;
			const m = /^([^#?]+\.md)(#[^"]*)?$/.exec(href);
			if (m) node.properties.href = `/cursos/${ctx.courseId}/${lessonIdFromPath(m[1])}${m[2] ?? ''}`;
		});
	};
}

/**
 * Images from the course's media/ folder: site URL, lazy, and their size so the page never jumps.
 * Any other image (another site, `javascript:`, `data:`) is replaced by its alt text: a lesson
 * never makes a phone fetch from elsewhere.
 */
function rehypeLessonImages(ctx: RenderContext) {
	return (tree: Root) => {
		visit(tree, 'element', (node: Element, index, parent) => {
			if (node.tagName !== 'img') return;
			const src = typeof node.properties.src === 'string' ? node.properties.src : '';
			const m = /^(?:\.\.\/)*media\/([^/?#:]+)$/.exec(src);
			if (!m) {
				if (parent && index !== undefined) {
					const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
					parent.children[index] = { type: 'text', value: alt };
				}
				return;
			}
			const { src: _src, alt, title, ...rest } = node.properties;
			const info = ctx.image(m[1]);
			node.properties = {
				loading: 'lazy',
				decoding: 'async',
				src: `/media/${ctx.courseId}/${m[1]}`,
				...(info ? { width: info.width, height: info.height } : {}),
				alt,
				...(title !== undefined ? { title } : {}),
				...rest
			};
		});
	};
}

/**
 * Tables every reader can use: wide ones scroll inside a box the keyboard can reach (the page never
 * scrolls sideways), and an empty corner cell is plain data, not a nameless header.
 */
function rehypeAccessibleTables() {
	return (tree: Root) => {
		visit(tree, 'element', (node: Element, index, parent) => {
			if (node.tagName === 'th' && node.children.every((c) => c.type === 'text' && !c.value.trim())) {
				node.tagName = 'td';
				node.children = [];
			}
			if (node.tagName === 'table' && parent && index !== undefined) {
				parent.children[index] = {
					type: 'element',
					tagName: 'div',
					properties: { className: ['table-scroll'], tabIndex: 0 },
					children: [node]
				};
			}
		});
	};
}

function processor(ctx: RenderContext) {
	return unified()
		.use(remarkParse)
		.use(remarkGfm, { singleTilde: false })
		.use(remarkRehype) // raw HTML in the Markdown is dropped here (no allowDangerousHtml)
		.use(rehypeLessonBoxes)
		.use(rehypeLessonLinks, ctx)
		.use(rehypeLessonImages, ctx)
		.use(rehypeAccessibleTables)
		.use(rehypeSanitize, LESSON_SCHEMA)
		.use(rehypeStringify);
}

/** The HTML of a Markdown body (frontmatter already removed). */
export function renderMarkdown(body: string, ctx: RenderContext): string {
	return String(processor(ctx).processSync(body));
}
