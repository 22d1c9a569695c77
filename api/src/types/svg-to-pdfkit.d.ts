declare module 'svg-to-pdfkit' {
  /** Draws an SVG document into a pdfkit document at (x, y) (svg-to-pdfkit has no types of its own). */
  export default function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x: number, y: number,
    options?: { width?: number; height?: number; fontCallback?: (family: string, bold: boolean, italic: boolean) => string }): void
}
