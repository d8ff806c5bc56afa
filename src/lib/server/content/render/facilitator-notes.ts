// Facilitator notes as HTML for the handout page (/facilitar/material/...), and nowhere else:
// Markdown through remark/rehype with the sanitiser's allow-list, headings moved one level down
// so the notes' "## Plan de la sesión" sits under the page's own section heading.
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { Root, Element } from 'hast';
import type { FacilitatorNotes } from '../format/facilitator-notes';

function demoteHeadings() {
	return (tree: Root) => {
		const walk = (node: Root | Element) => {
			for (const child of node.children) {
				if (child.type !== 'element') continue;
				const level = /^h([1-6])$/.exec(child.tagName);
				if (level) child.tagName = `h${Math.min(Number(level[1]) + 1, 6)}`;
				walk(child);
			}
		};
		walk(tree);
	};
}

const processor = unified()
	.use(remarkParse)
	.use(remarkGfm)
	.use(remarkRehype)
	.use(rehypeSanitize)
	.use(demoteHeadings)
	.use(rehypeStringify);

const cache = new Map<string, string>();

export function facilitatorNotesHtml(notes: FacilitatorNotes): string {
	const key = `${notes.file}\n${notes.body}`;
	let html = cache.get(key);
	if (html === undefined) {
		html = String(processor.processSync(notes.body));
		cache.set(key, html);
	}
	return html;
}
