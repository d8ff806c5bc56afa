// The certificate as a real PDF: A4 landscape, an embedded (subset) Noto Sans that covers Spanish,
// and a vector QR code that opens the public verification page.
import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';

export interface CertificatePdfInput {
	name: string;
	courseTitle: string;
	hours: number;
	issuedAt: string;
	code: string;
	verifyUrl: string;
	programme: string;
}

const require = createRequire(import.meta.url);
let fonts: { regular: Uint8Array; bold: Uint8Array } | undefined;

function loadFonts() {
	fonts ??= {
		regular: readFileSync(
			require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf')
		),
		bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'))
	};
	return fonts;
}

const INK = rgb(0.12, 0.16, 0.22);
const ACCENT = rgb(0.05, 0.42, 0.36);

function centred(
	page: PDFPage,
	text: string,
	font: PDFFont,
	size: number,
	y: number,
	maxWidth: number
) {
	let s = size;
	while (s > 10 && font.widthOfTextAtSize(text, s) > maxWidth) s -= 1;
	const width = font.widthOfTextAtSize(text, s);
	page.drawText(text, { x: (page.getWidth() - width) / 2, y, size: s, font, color: INK });
}

export function formatDateEs(iso: string): string {
	return new Intl.DateTimeFormat('es-EC', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'America/Guayaquil'
	}).format(new Date(iso));
}

// Drawing a PDF takes 0.2-0.5 s of CPU (the font is subset each time), and a person may fetch
// theirs several times (download, share, print): the last few are kept. Same input, same PDF;
// a corrected name gets a new code, so nothing cached goes stale.
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

async function drawCertificatePdf(input: CertificatePdfInput): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	doc.registerFontkit(fontkit);
	doc.setTitle(`Certificado ${input.code}`);
	doc.setAuthor(input.programme);
	doc.setSubject(input.courseTitle);
	doc.setCreator('Microaula');
	doc.setProducer('Microaula');
	const { regular, bold } = loadFonts();
	const font = await doc.embedFont(regular, { subset: true });
	const fontBold = await doc.embedFont(bold, { subset: true });

	const page = doc.addPage([841.89, 595.28]);
	const { width, height } = page.getSize();
	page.drawRectangle({
		x: 24,
		y: 24,
		width: width - 48,
		height: height - 48,
		borderColor: ACCENT,
		borderWidth: 3
	});
	page.drawRectangle({
		x: 34,
		y: 34,
		width: width - 68,
		height: height - 68,
		borderColor: ACCENT,
		borderWidth: 0.75
	});

	const textWidth = width - 160;
	centred(page, input.programme, fontBold, 16, height - 90, textWidth);
	centred(page, 'CERTIFICADO DE APROBACIÓN', fontBold, 28, height - 140, textWidth);
	centred(page, 'Se certifica que', font, 16, height - 190, textWidth);
	centred(page, input.name, fontBold, 34, height - 240, textWidth);
	centred(page, 'completó y aprobó el curso', font, 16, height - 285, textWidth);
	centred(page, input.courseTitle, fontBold, 24, height - 325, textWidth);
	centred(
		page,
		`${input.hours} horas de estudio · ${formatDateEs(input.issuedAt)}`,
		font,
		14,
		height - 360,
		textWidth
	);

	// QR code drawn as squares: crisp at any zoom and only a few KB.
	const qr = QRCode.create(input.verifyUrl, { errorCorrectionLevel: 'M' });
	const modules = qr.modules;
	const qrSize = 110;
	const cell = qrSize / modules.size;
	const qrX = width - 70 - qrSize;
	const qrY = 62;
	for (let row = 0; row < modules.size; row++) {
		for (let col = 0; col < modules.size; col++) {
			if (modules.get(row, col)) {
				page.drawRectangle({
					x: qrX + col * cell,
					y: qrY + (modules.size - 1 - row) * cell,
					width: cell,
					height: cell,
					color: INK
				});
			}
		}
	}
	page.drawText('Código de verificación', { x: 70, y: 130, size: 11, font, color: INK });
	page.drawText(input.code, { x: 70, y: 104, size: 20, font: fontBold, color: ACCENT });
	page.drawText('Verifica este certificado en:', { x: 70, y: 82, size: 11, font, color: INK });
	page.drawText(input.verifyUrl, { x: 70, y: 64, size: 11, font, color: INK });

	return doc.save();
}
