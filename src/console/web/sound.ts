/**
 * A short two-tone chime for a new assignment, synthesised with the Web Audio API (no audio files
 * to ship or cache). Browsers only let a page make sound after a user gesture: the login click is
 * one, and any later click resumes a suspended context.
 */
let context: AudioContext | null = null;

function audio(): AudioContext | null {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
    return context;
  } catch {
    return null;
  }
}

export function primeAudioOnGesture(): void {
  document.addEventListener('pointerdown', () => audio(), { passive: true });
}

export function chime(): void {
  // counted on the page, so a test (or a curious supervisor) can tell that a chime was played
  document.body.dataset.chimes = String(Number(document.body.dataset.chimes ?? '0') + 1);
  const ctx = audio();
  if (!ctx) return;
  const start = ctx.currentTime + 0.01;
  [
    [880, 0],
    [1318.5, 0.16],
  ].forEach(([frequency, offset]) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.28);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start + offset);
    osc.stop(start + offset + 0.3);
  });
}
