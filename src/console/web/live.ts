/**
 * Live updates: socket.io on the /live namespace when the realtime gateway is there, polling when it
 * is not (or while it is unreachable), so a console is never silently stale. Subscribers get either an
 * event or `null`, which means "something may have changed: reload what you show".
 */
import type { LiveEvent } from './types.js';

interface SocketLike {
  connected: boolean;
  on(event: 'connect', listener: () => void): void;
  on(event: 'disconnect', listener: (reason: string) => void): void;
  on(event: 'connect_error', listener: (error: Error) => void): void;
  onAny(listener: (name: string, ...args: unknown[]) => void): void;
  emit(event: 'subscribe' | 'unsubscribe', message: { ticketId: number }): void;
  connect(): void;
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

export interface SubscribeOptions {
  /**
   * Keep polling even while live: for lists the user's rooms do not cover (an agent's own tickets
   * after dispatch, a dispatcher's return requests), which no event would refresh.
   */
  pollWhenLive?: boolean;
}

const LAST_SEQ = 'console.lastSeq';
/** Served by socket.io itself once a gateway exists; a 404 until then. */
const CLIENT_SCRIPT = '/socket.io/socket.io.min.js';
const SCRIPT_RETRY_MS = 60_000;
/** Even when live, a slow refresh keeps every view right if some event never reaches this user's rooms. */
const SAFETY_REFRESH_MS = 30_000;
const SERVER_DISCONNECT_RETRY_MS = 10_000;
const SEEN_KEYS = 1000;

export class LiveUpdates {
  mode: LiveMode = 'connecting';
  private readonly listeners = new Map<LiveListener, SubscribeOptions>();
  private readonly modeListeners = new Set<(mode: LiveMode) => void>();
  /** (seq, type) pairs already delivered: one seq may come as ticket.* and as pool.changed, each once. */
  private readonly seen = new Set<string>();
  private socket: SocketLike | null = null;
  private timer: number | null = null;
  private ticks = 0;
  private scriptRetry: number | null = null;
  private watched: number | null = null;
  private stopped = false;

  constructor(
    private readonly token: string,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.setMode('polling');
    this.timer = window.setInterval(() => this.tick(), this.pollMs);
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

  subscribe(listener: LiveListener, options: SubscribeOptions = {}): () => void {
    this.listeners.set(listener, options);
    return () => this.listeners.delete(listener);
  }

  onMode(listener: (mode: LiveMode) => void): () => void {
    this.modeListeners.add(listener);
    listener(this.mode);
    return () => this.modeListeners.delete(listener);
  }

  /** Follow one ticket's room (the detail on screen), whatever rooms the user's roles give. */
  watch(ticketId: number | null): void {
    if (ticketId === this.watched) return;
    const previous = this.watched;
    this.watched = ticketId;
    if (!this.socket?.connected) return;
    if (previous !== null && ticketId === null) this.socket.emit('unsubscribe', { ticketId: previous });
    if (ticketId !== null) this.socket.emit('subscribe', { ticketId });
  }

  private async connect(): Promise<void> {
    if (!window.io && !(await loadScript(CLIENT_SCRIPT))) {
      if (!this.stopped) this.scriptRetry = window.setTimeout(() => void this.connect(), SCRIPT_RETRY_MS);
      return;
    }
    if (this.stopped || !window.io) return;
    const socket = window.io('/live', {
      // a function, so every reconnect sends the newest seq and the gateway replays only what we missed
      auth: (callback) => callback({ token: this.token, ...(lastSeq() === null ? {} : { lastSeq: lastSeq() }) }),
      // websocket only: with several api processes, long-polling would need sticky sessions
      transports: ['websocket'],
      reconnectionDelayMax: 10_000,
    });
    socket.on('connect', () => {
      this.setMode('live');
      if (this.watched !== null) socket.emit('subscribe', { ticketId: this.watched });
      this.emit(null, true);
    });
    socket.on('disconnect', (reason) => {
      this.setMode('polling');
      // the server closed it (token expired, limits): socket.io does not retry that by itself
      if (reason === 'io server disconnect' && !this.stopped)
        window.setTimeout(() => socket.connect(), SERVER_DISCONNECT_RETRY_MS);
    });
    socket.on('connect_error', () => this.setMode('polling'));
    socket.onAny((name, payload) => this.receive(name, payload));
    this.socket = socket;
  }

  private receive(name: string, payload: unknown): void {
    const info = payload as { lastSeq?: unknown } | null;
    if (name === 'replay.done' || name === 'replay.truncated') {
      if (typeof info?.lastSeq === 'number') storeSeq(Math.max(info.lastSeq, lastSeq() ?? 0));
      // more was missed than the gateway replays: reload every list from the API
      if (name === 'replay.truncated') this.emit(null, true);
      return;
    }
    const event = toLiveEvent(name, payload);
    if (!event) return;
    if (event.seq > 0) {
      const key = `${event.seq}:${event.type}`;
      if (this.seen.has(key)) return;
      this.seen.add(key);
      if (this.seen.size > SEEN_KEYS) this.seen.delete(this.seen.values().next().value as string);
      if (event.seq > (lastSeq() ?? 0)) storeSeq(event.seq);
    }
    this.emit(event, true);
  }

  private tick(): void {
    this.ticks += 1;
    const safety = this.ticks % Math.max(1, Math.round(SAFETY_REFRESH_MS / this.pollMs)) === 0;
    this.emit(null, this.mode !== 'live' || safety);
  }

  private setMode(mode: LiveMode): void {
    if (this.stopped || mode === this.mode) return;
    this.mode = mode;
    for (const listener of this.modeListeners) listener(mode);
  }

  /** `everyone` false: only the listeners that poll even while live. */
  private emit(event: LiveEvent | null, everyone: boolean): void {
    for (const [listener, options] of this.listeners) {
      if (!everyone && !options.pollWhenLive) continue;
      try {
        listener(event);
      } catch (error) {
        console.error('live listener failed', error);
      }
    }
  }
}

function storeSeq(seq: number): void {
  sessionStorage.setItem(LAST_SEQ, String(seq));
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
