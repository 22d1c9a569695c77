import type { attachments } from '@gridsight/db'
import sharp from 'sharp'
import { DomainError, MAX_PHOTO_BYTES, MAX_PHOTOS } from '@gridsight/contract'

const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'heif'])
/** Decompression-bomb guard: a phone photo is at most ~50 megapixels. */
const MAX_PIXELS = 60_000_000

/**
 * Checks photos sent as base64 (optionally as data: URLs) and re-encodes them as JPEG — rotated upright, metadata
 * (and the GPS in it) dropped — at ≤ 1600 px and a ≤ 320 px thumbnail. Too big → 413, not an image → 415; all before
 * anything is stored, so a refused photo changes nothing.
 */
export async function processPhotos(input: string[] | undefined): Promise<attachments.ProcessedPhoto[]> {
  if (!input?.length) return []
  if (input.length > MAX_PHOTOS) throw new DomainError('bad_request', `at most ${MAX_PHOTOS} photos`, 'too_many_photos')
  const out: attachments.ProcessedPhoto[] = []
  for (const [i, raw] of input.entries()) {
    const b64 = raw.replace(/^data:[^,]*;base64,/, '')
    if (!/^[A-Za-z0-9+/=\s]*$/.test(b64)) throw new DomainError('bad_request', `photo ${i + 1} is not base64`, 'invalid_photo')
    const buf = Buffer.from(b64, 'base64')
    if (buf.length > MAX_PHOTO_BYTES) throw new DomainError('too_large', `photo ${i + 1} is ${(buf.length / 1048576).toFixed(1)} MB; at most ${MAX_PHOTO_BYTES / 1048576} MB`, 'photo_too_large')
    const meta = await sharp(buf, { limitInputPixels: MAX_PIXELS }).metadata().catch(() => null)
    if (!meta?.format || !ACCEPTED.has(meta.format)) throw new DomainError('unsupported_media_type', `photo ${i + 1} is not a JPEG, PNG, WebP or HEIF image`, 'unsupported_photo_type')
    try {
      const full = await sharp(buf, { limitInputPixels: MAX_PIXELS }).rotate().resize({ width: 1600, height: 1600, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 82, mozjpeg: true }).toBuffer({ resolveWithObject: true })
      const thumb = await sharp(full.data).resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer()
      out.push({ full: full.data, thumb, width: full.info.width, height: full.info.height, original_bytes: buf.length })
    } catch {
      throw new DomainError('unsupported_media_type', `photo ${i + 1} could not be decoded`, 'unsupported_photo_type')
    }
  }
  return out
}
