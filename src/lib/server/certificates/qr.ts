// The verification QR code as inline SVG for the printable page: the same code the PDF draws.
import QRCode from 'qrcode';

export function qrSvg(url: string): Promise<string> {
	return QRCode.toString(url, {
		type: 'svg',
		errorCorrectionLevel: 'M',
		margin: 0,
		color: { dark: '#1c2430', light: '#ffffff' }
	});
}
