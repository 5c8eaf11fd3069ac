/**
 * The two alert tones, made here as small WAV files (no audio assets to ship): a ring for a new
 * waiting chat, a softer single note for a new message. Played with an <audio> element, which
 * the browser allows once the agent has interacted with the page.
 */
type Note = { hz: number; ms: number; gain: number };

function wav(notes: Note[], rate = 16000): string {
  const samples: number[] = [];
  for (const n of notes) {
    const count = Math.round((rate * n.ms) / 1000);
    for (let i = 0; i < count; i++) {
      const fade = Math.min(1, i / 200, (count - i) / 400);
      samples.push(n.hz ? Math.sin((2 * Math.PI * n.hz * i) / rate) * n.gain * fade : 0);
    }
  }
  const buf = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (at: number, s: string) => [...s].forEach((c, i) => buf.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  buf.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVEfmt ');
  buf.setUint32(16, 16, true);
  buf.setUint16(20, 1, true);
  buf.setUint16(22, 1, true);
  buf.setUint32(24, rate, true);
  buf.setUint32(28, rate * 2, true);
  buf.setUint16(32, 2, true);
  buf.setUint16(34, 16, true);
  text(36, 'data');
  buf.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => buf.setInt16(44 + i * 2, Math.round(s * 32767), true));
  let binary = '';
  const bytes = new Uint8Array(buf.buffer);
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return `data:audio/wav;base64,${btoa(binary)}`;
}

const tones = {
  ring: () => wav([{ hz: 880, ms: 180, gain: 0.5 }, { hz: 0, ms: 60, gain: 0 }, { hz: 660, ms: 220, gain: 0.5 }, { hz: 0, ms: 200, gain: 0 }, { hz: 880, ms: 180, gain: 0.5 }, { hz: 0, ms: 60, gain: 0 }, { hz: 660, ms: 220, gain: 0.5 }]),
  message: () => wav([{ hz: 520, ms: 140, gain: 0.18 }]),
};
const cache = new Map<keyof typeof tones, string>();

export function playTone(name: keyof typeof tones) {
  if (!cache.has(name)) cache.set(name, tones[name]());
  const audio = new Audio(cache.get(name));
  audio.dataset.tone = name;
  audio.play().catch(() => {
    /* autoplay not allowed yet: the bell and the title still say it */
  });
}
