/** Longest side of a photo as the phone sends it; the server re-encodes again and keeps ≤ 1600 px. */
const MAX_SIDE = 1600

/**
 * Shrinks a camera photo on the device (a 12-megapixel shot becomes a few hundred KB of JPEG) so that it
 * travels on a weak network and fits in the offline outbox. Returns a data: URL.
 */
export async function shrinkPhoto(file: Blob): Promise<string> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.round(bitmap.width * scale)
  canvas.height = Math.round(bitmap.height * scale)
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  bitmap.close()
  return canvas.toDataURL('image/jpeg', 0.8)
}

export { MAX_PHOTOS } from '@gridsight/contract'
