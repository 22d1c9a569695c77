import { ref } from 'vue'
import { MAX_PHOTOS, shrinkPhoto } from '../api/photos'

/** Photos picked from a file input, shrunk on the device; at most MAX_PHOTOS. */
export function usePhotos() {
  const photos = ref<string[]>([])

  /** Adds the input's files (as many as still fit); the problem, if a file could not be read. */
  async function add(e: Event): Promise<string | null> {
    const input = e.target as HTMLInputElement
    let problem: string | null = null
    for (const f of [...(input.files ?? [])].slice(0, MAX_PHOTOS - photos.value.length)) {
      try {
        photos.value = [...photos.value, await shrinkPhoto(f)]
      } catch {
        problem = `无法读取照片 ${f.name}`
      }
    }
    input.value = ''
    return problem
  }
  const remove = (n: number) => { photos.value = photos.value.filter((_, i) => i !== n) }
  const clear = () => { photos.value = [] }
  return { photos, add, remove, clear, max: MAX_PHOTOS }
}
