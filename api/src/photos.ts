import type { attachments } from '@gridsight/db'
import sharp from 'sharp'
import { DomainError, MAX_PHOTO_BYTES, MAX_PHOTOS } from '@gridsight/contract'

/**
 * Formats that decode here. HEIF is taken only as AVIF (AV1): sharp's prebuilt libvips has no HEVC decoder, so an
 * iPhone's HEIC is refused with 415 rather than failing later (browsers convert it to JPEG when they upload).
 */
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'heif'])
/** Decompression-bomb guard: a phone photo is at most ~50 megapixels. */
export const MAX_PHOTO_PIXELS = 60_000_000
/** Standard base64 (RFC 4648 §4), padded to whole quads; line breaks are dropped first. (No repeated group: on megabytes it would overflow the regex stack.) */
const isBase64 = (s: string) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s)

/** The signature of a format we take (JPEG, PNG, WebP, ISO-BMFF as HEIF/AVIF): a photo that has one but will not parse is damaged, not of another type. */
const looksLikeAnImage = (b: Buffer) => (b[0] === 0xff && b[1] === 0xd8) || b.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))
  || (b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') || b.toString('latin1', 4, 8) === 'ftyp'

const refused = (i: number, message: string) => new DomainError('bad_request', `photo ${i + 1} ${message}`, 'invalid_photo')
const notAccepted = (i: number, message: string) => new DomainError('unsupported_media_type', `photo ${i + 1} ${message}`, 'unsupported_photo_type')

/** A photo's bytes, its type checked from its header, and its declared size checked before it is decoded. */
async function checkedPhoto(raw: string, i: number): Promise<Buffer> {
  const b64 = raw.replace(/^data:[^,]*;base64,/, '').replace(/[\r\n]/g, '')
  if (b64 === '') throw refused(i, 'is empty')
  if (!isBase64(b64)) throw refused(i, 'is not base64')
  const buf = Buffer.from(b64, 'base64')
  if (buf.length > MAX_PHOTO_BYTES) throw new DomainError('too_large', `photo ${i + 1} is ${(buf.length / 1048576).toFixed(1)} MB; at most ${MAX_PHOTO_BYTES / 1048576} MB`, 'photo_too_large')
  // The header only (no pixels are decoded here, so no pixel limit yet: the declared size is checked below).
  const meta = await sharp(buf, { limitInputPixels: false }).metadata().catch(() => null)
  if (!meta && looksLikeAnImage(buf)) throw refused(i, 'is damaged: its header cannot be read')
  if (!meta?.format || !ACCEPTED.has(meta.format)) throw notAccepted(i, 'is not a JPEG, PNG, WebP or AVIF image')
  if (meta.format === 'heif' && meta.compression !== 'av1') throw notAccepted(i, 'is HEIC, which this server cannot decode: send JPEG, PNG, WebP or AVIF')
  if (!meta.width || !meta.height) throw refused(i, 'has no size')
  if (meta.width * meta.height > MAX_PHOTO_PIXELS) {
    throw new DomainError('too_large', `photo ${i + 1} declares ${meta.width}×${meta.height} pixels; at most ${MAX_PHOTO_PIXELS / 1e6} megapixels`, 'photo_too_large')
  }
  return buf
}

/**
 * Checks photos sent as base64 (optionally as data: URLs) and re-encodes them as JPEG — rotated upright, metadata
 * (and the GPS in it) dropped — at ≤ 1600 px and a ≤ 320 px thumbnail. Empty, not base64 or damaged → 400, too big
 * (bytes or declared pixels) → 413, not an accepted image → 415; all before anything is stored, so a refused photo
 * changes nothing.
 */
export async function processPhotos(input: string[] | undefined): Promise<attachments.ProcessedPhoto[]> {
  if (!input?.length) return []
  if (input.length > MAX_PHOTOS) throw new DomainError('bad_request', `at most ${MAX_PHOTOS} photos`, 'too_many_photos')
  const buffers: Buffer[] = []
  for (const [i, raw] of input.entries()) buffers.push(await checkedPhoto(raw, i))
  const out: attachments.ProcessedPhoto[] = []
  for (const [i, buf] of buffers.entries()) {
    try {
      // failOn 'warning' (sharp's default, said here because it matters): a truncated or corrupt body is refused, not half-decoded.
      const full = await sharp(buf, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'warning' }).rotate()
        .resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 82, mozjpeg: true }).toBuffer({ resolveWithObject: true })
      const thumb = await sharp(full.data).resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer()
      out.push({ full: full.data, thumb, width: full.info.width, height: full.info.height, original_bytes: buf.length })
    } catch {
      throw refused(i, 'is damaged: it could not be decoded')
    }
  }
  return out
}
