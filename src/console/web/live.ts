/**
 * Live updates: socket.io on the /live namespace when the realtime gateway is there, polling when it
 * is not (or while it is unreachable), so a console is never silently stale. Subscribers get either an
 * event or `null`, which means "something may have changed: reload what you show".
 */
import type { LiveEvent } from './types.js';

interface SocketLike {
  on(event: 'connect' | 'disconnect', listener: () => void): void;
  on(event: 'connect_error', listener: (error: Error) => void): void;
  onAny(listener: (name: string, ...args: unknown[]) => void): void;
  disconnect(): void;
}

interface SocketOptions {
  auth: (callback: (data: Record<string, unknown>) => void) => void;
  transports: string[];
  reconnectionDelayMax: number;
}

declare global {
  interface Window {
    io?: (uri: string, options: SocketOptions) => SocketLike;
  }
}

export type LiveMode = 'connecting' | 'live' | 'polling';
export type LiveListener = (event: LiveEvent | null) => void;

const LAST_SEQ = 'console.lastSeq';
/** Served by socket.io itself once a gateway exists; a 404 until then. */
const CLIENT_SCRIPT = '/socket.io/socket.io.min.js';
const SCRIPT_RETRY_MS = 60_000;
/** Even when live, a slow refresh keeps a view right if some event never reaches this user's rooms. */
const SAFETY_REFRESH_MS = 30_000;

export class LiveUpdates {
  mode: LiveMode = 'connecting';
  private readonly listeners = new Set<LiveListener>();
  private readonly modeListeners = new Set<(mode: LiveMode) => void>();
  private socket: SocketLike | null = null;
  private timer: number | null = null;
  private scriptRetry: number | null = null;
  private stopped = false;

  constructor(
    private readonly token: string,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.setMode('polling');
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.socket?.disconnect();
    if (this.timer !== null) clearInterval(this.timer);
    if (this.scriptRetry !== null) clearTimeout(this.scriptRetry);
    this.listeners.clear();
    this.modeListeners.clear();
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onMode(listener: (mode: LiveMode) => void): () => void {
    this.modeListeners.add(listener);
    listener(this.mode);
    return () => this.modeListeners.delete(listener);
  }

  private async connect(): Promise<void> {
    if (!window.io && !(await loadScript(CLIENT_SCRIPT))) {
      if (!this.stopped) this.scriptRetry = window.setTimeout(() => void this.connect(), SCRIPT_RETRY_MS);
      return;
    }
    if (this.stopped || !window.io) return;
    const socket = window.io('/live', {
      // a function, so every reconnect sends the newest seq and the gateway replays only what we missed
      auth: (callback) => callback({ token: this.token, lastSeq: lastSeq() ?? undefined }),
      // websocket only: with several api processes, long-polling would need sticky sessions
      transports: ['websocket'],
      reconnectionDelayMax: 10_000,
    });
    socket.on('connect', () => {
      this.setMode('live');
      this.emit(null);
    });
    socket.on('disconnect', () => this.setMode('polling'));
    socket.on('connect_error', () => this.setMode('polling'));
    socket.onAny((name, payload) => {
      const event = toLiveEvent(name, payload);
      if (!event) return;
      const seen = lastSeq();
      if (event.seq > 0 && seen !== null && event.seq <= seen) return;
      if (event.seq > 0) sessionStorage.setItem(LAST_SEQ, String(event.seq));
      this.emit(event);
    });
    this.socket = socket;
  }

  private setMode(mode: LiveMode): void {
    if (this.stopped) return;
    this.mode = mode;
    if (this.timer !== null) clearInterval(this.timer);
    const every = mode === 'live' ? SAFETY_REFRESH_MS : this.pollMs;
    this.timer = window.setInterval(() => this.emit(null), every);
    for (const listener of this.modeListeners) listener(mode);
  }

  private emit(event: LiveEvent | null): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error('live listener failed', error);
      }
    }
  }
}

function lastSeq(): number | null {
  const raw = sessionStorage.getItem(LAST_SEQ);
  return raw && /^\d+$/.test(raw) ? Number(raw) : null;
}

/** Accepts both styles a gateway may use: `emit(type, event)` or `emit('event', event)`. */
export function toLiveEvent(name: string, payload: unknown): LiveEvent | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Partial<Record<keyof LiveEvent, unknown>>;
  const type = typeof p.type === 'string' ? p.type : name;
  const ticketId = typeof p.ticketId === 'number' ? p.ticketId : Number(p.ticketId) || null;
  return {
    seq: typeof p.seq === 'number' ? p.seq : Number(p.seq) || 0,
    type,
    ticketId,
    at: typeof p.at === 'string' ? p.at : new Date().toISOString(),
    data: typeof p.data === 'object' && p.data !== null ? (p.data as Record<string, unknown>) : {},
  };
}

function loadScript(src: string): Promise<boolean> {
  return new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve(true);
    script.onerror = () => {
      script.remove();
      resolve(false);
    };
    document.head.appendChild(script);
  });
}
