// Turns the lesson boxes of the authoring format (content/README.md §4) into asides:
//   > [!EJEMPLO] La panadería de Rosa      →   <aside class="box box-ejemplo">
//   > Rosa paga $300 de arriendo...              <p class="box-title">Ejemplo: La panadería…</p>…
// Plain JavaScript (it once ran inside svelte.config.js for mdsvex); now one plugin of render/markdown.ts.

/** Box kinds as authors write them, with the class and the heading shown to the reader. */
export const BOX_KINDS = {
	EJEMPLO: { kind: 'ejemplo', label: 'Ejemplo' },
	'TU TURNO': { kind: 'tu-turno', label: 'Tu turno' },
	CONSEJO: { kind: 'consejo', label: 'Consejo' },
	'ATENCIÓN': { kind: 'atencion', label: 'Atención' },
	RESUMEN: { kind: 'resumen', label: 'Resumen' },
	GLOSARIO: { kind: 'glosario', label: 'Glosario' }
};

export const BOX_MARKER = /^\s*\[!([A-ZÁÉÍÓÚÑ ]+)\][ \t]*([^\n]*)\n?/;

/** @param {any} node */
function textOf(node) {
	if (node.type === 'text') return node.value;
	return (node.children ?? []).map(textOf).join('');
}

/** @param {any} blockquote */
function toBox(blockquote) {
	const firstPara = blockquote.children.find((/** @type {any} */ c) => c.type === 'element');
	if (!firstPara || firstPara.tagName !== 'p') return;
	// The marker may be split over several text nodes ("[", "!EJEMPLO", "]"), so gather the
	// leading text nodes before matching.
	let prefix = '';
	let count = 0;
	for (const child of firstPara.children) {
		if (child.type !== 'text') break;
		prefix += child.value;
		count++;
	}
	const match = BOX_MARKER.exec(prefix);
	if (!match) return;
	const box = BOX_KINDS[/** @type {keyof typeof BOX_KINDS} */ (match[1].trim())];
	if (!box) return;
	const rest = prefix.slice(match[0].length);
	firstPara.children.splice(0, count, ...(rest ? [{ type: 'text', value: rest }] : []));
	if (firstPara.children.length === 0 || textOf(firstPara).trim() === '') {
		blockquote.children.splice(blockquote.children.indexOf(firstPara), 1);
	}
	const title = match[2].trim();
	blockquote.tagName = 'aside';
	blockquote.properties = { className: ['box', `box-${box.kind}`] };
	blockquote.children.unshift({
		type: 'element',
		tagName: 'p',
		properties: { className: ['box-title'] },
		children: [{ type: 'text', value: title ? `${box.label}: ${title}` : box.label }]
	});
}

/** @param {any} node */
function walk(node) {
	for (const child of node.children ?? []) {
		if (child.type === 'element' && child.tagName === 'blockquote') toBox(child);
		walk(child);
	}
}

export function rehypeLessonBoxes() {
	return (/** @type {any} */ tree) => walk(tree);
}
