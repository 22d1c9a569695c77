let ctx: AudioContext | undefined
/** A chime waits for the page's first gesture (the context is suspended until then): one is enough. */
let waiting = false

/**
 * A short two-tone chime made with Web Audio (no sound file to ship). A wall browser started with
 * --autoplay-policy=no-user-gesture-required plays it at once; otherwise after the first click on the page.
 */
export function chime(severity: 'red' | 'orange'): void {
  try {
    ctx ??= new AudioContext()
    if (ctx.state === 'suspended') void ctx.resume()
    // Sounds scheduled on a suspended context never end and are never freed: a wall that nobody clicks would pile
    // them up alert after alert, for days.
    if (ctx.state !== 'running') {
      if (waiting) return
      waiting = true
    } else {
      waiting = false
    }
    const start = ctx.currentTime + 0.02
    const tones = severity === 'red' ? [988, 740, 988, 740] : [880, 660]
    tones.forEach((hz, i) => {
      const osc = ctx!.createOscillator()
      const gain = ctx!.createGain()
      osc.type = 'sine'
      osc.frequency.value = hz
      const t = start + i * 0.22
      gain.gain.setValueAtTime(0.0001, t)
      gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.2)
      osc.connect(gain).connect(ctx!.destination)
      osc.start(t)
      osc.stop(t + 0.21)
    })
  } catch {
    // No audio device: the banner still shows.
  }
}
