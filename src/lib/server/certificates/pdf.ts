// The certificate as a real PDF: A4 landscape, Noto Sans subset and embedded, and a vector QR code
// that opens the public verification page.
//
// Drawn with PDFKit (maintained, fontkit 2). pdf-lib with @pdf-lib/fontkit (last released 2021)
// subset this Noto Sans into glyphs that Poppler, Ghostscript, pdf.js and FreeType draw blank
// ("invalid outline"), while the text layer still read right (issue 18). PDFKit's subset of the
// same TTF renders everywhere, and a certificate weighs 12-14 KB.
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { fontFiles } from './fonts';

export interface CertificatePdfInput {
	name: string;
	courseTitle: string;
	hours: number;
	issuedAt: string;
	code: string;
	verifyUrl: string;
	programme: string;
}

// The same words as the printable page (certificate_* in es.json): a certificate is Spanish.
export const CERTIFICATE_TEXT = {
	heading: 'CERTIFICADO DE APROBACIÓN',
	certifies: 'Se certifica que',
	completed: 'completó y aprobó el curso',
	hoursDate: (hours: number, date: string) => `${hours} horas de estudio · ${date}`,
	code: 'Código de verificación',
	verifyAt: 'Cualquier persona puede verificarlo en'
};

const INK = '#1c2430'; // --ink and --brand of app.css: the printable page and the PDF match
const ACCENT = '#0b6b5a';
const A4_LANDSCAPE: [number, number] = [841.89, 595.28];

export function formatDateEs(iso: string): string {
	return new Intl.DateTimeFormat('es-EC', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'America/Guayaquil'
	}).format(new Date(iso));
}

// Drawing a PDF takes some CPU (the font is subset each time), and a person may fetch theirs
// several times (download, share, print): the last few are kept. Same input, same PDF; a
// corrected name gets a new code, so nothing cached goes stale.
const CACHE_SIZE = 100;
const cache = new Map<string, Promise<Uint8Array>>();

export function certificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
	const key = JSON.stringify(input);
	let pdf = cache.get(key);
	if (pdf) {
		cache.delete(key); // most recently used goes last
	} else {
		pdf = drawCertificatePdf(input);
		pdf.catch(() => cache.delete(key));
	}
	cache.set(key, pdf);
	if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
	return pdf;
}

type Doc = PDFKit.PDFDocument;

/**
 * Centred text, as large as `size` and no smaller than `min`; below that it wraps onto at most
 * two lines (long names and course titles). Returns the y under the text.
 */
function centred(
	doc: Doc,
	text: string,
	opts: { font: 'regular' | 'bold'; size: number; min?: number; y: number; color?: string }
): number {
	const width = doc.page.width - 160;
	const min = opts.min ?? opts.size;
	doc.font(opts.font).fillColor(opts.color ?? INK);
	let size = opts.size;
	while (size > min && doc.fontSize(size).widthOfString(text) > width) size -= 1;
	doc.fontSize(size);
	if (doc.widthOfString(text) <= width) {
		doc.text(text, 80, opts.y, { width, align: 'center', lineBreak: false });
		return opts.y + doc.currentLineHeight(true);
	}
	// Two lines: shrink until the wrapped text takes no more than two.
	while (size > 12 && doc.heightOfString(text, { width }) > 2 * doc.currentLineHeight(true) + 1) {
		doc.fontSize(--size);
	}
	doc.text(text, 80, opts.y, { width, align: 'center' });
	return doc.y;
}

function drawQr(doc: Doc, url: string, x: number, y: number, size: number) {
	const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
	const n = qr.modules.size;
	const cell = size / n;
	// One path for the whole code, a rectangle per run of dark modules in a row: crisp at any
	// zoom and about a kilobyte.
	for (let row = 0; row < n; row++) {
		let col = 0;
		while (col < n) {
			if (!qr.modules.get(row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < n && qr.modules.get(row, col)) col++;
			doc.rect(x + start * cell, y + row * cell, (col - start) * cell, cell);
		}
	}
	doc.fillColor(INK).fill();
}

function drawCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
	const doc = new PDFDocument({
		size: A4_LANDSCAPE,
		margin: 0,
		lang: 'es',
		displayTitle: true,
		info: {
			Title: `Certificado ${input.code}`,
			Author: input.programme,
			Subject: input.courseTitle,
			Creator: 'Microaula',
			Producer: 'Microaula',
			CreationDate: new Date(input.issuedAt)
		}
	});
	const chunks: Buffer[] = [];
	const done = new Promise<Uint8Array>((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
		doc.on('error', reject);
	});
	const files = fontFiles();
	doc.registerFont('regular', files.regular);
	doc.registerFont('bold', files.bold);

	const { width, height } = doc.page;
	doc
		.lineWidth(3)
		.strokeColor(ACCENT)
		.rect(24, 24, width - 48, height - 48)
		.stroke();
	doc
		.lineWidth(0.75)
		.rect(34, 34, width - 68, height - 68)
		.stroke();

	let y = 70;
	y = centred(doc, input.programme, { font: 'bold', size: 16, min: 11, y, color: ACCENT }) + 14;
	y = centred(doc, CERTIFICATE_TEXT.heading, { font: 'bold', size: 28, y }) + 14;
	y = centred(doc, CERTIFICATE_TEXT.certifies, { font: 'regular', size: 16, y }) + 8;
	y = centred(doc, input.name, { font: 'bold', size: 34, min: 24, y }) + 8;
	y = centred(doc, CERTIFICATE_TEXT.completed, { font: 'regular', size: 16, y }) + 8;
	y = centred(doc, input.courseTitle, { font: 'bold', size: 24, min: 18, y }) + 8;
	centred(doc, CERTIFICATE_TEXT.hoursDate(input.hours, formatDateEs(input.issuedAt)), {
		font: 'regular',
		size: 14,
		y
	});

	const qrSize = 110;
	drawQr(doc, input.verifyUrl, width - 70 - qrSize, height - 62 - qrSize, qrSize);
	doc.fillColor(INK).font('regular').fontSize(11);
	doc.text(CERTIFICATE_TEXT.code, 70, height - 150, { lineBreak: false });
	doc.fillColor(ACCENT).font('bold').fontSize(20);
	doc.text(input.code, 70, height - 134, { lineBreak: false });
	doc.fillColor(INK).font('regular').fontSize(11);
	doc.text(`${CERTIFICATE_TEXT.verifyAt}:`, 70, height - 98, { lineBreak: false });
	doc.text(input.verifyUrl, 70, height - 80, {
		lineBreak: false,
		link: input.verifyUrl,
		underline: false
	});

	doc.end();
	return done;
}
