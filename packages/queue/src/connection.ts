/**
 * `--queue URL` → ioredis connections. `redis://[USER][:PASSWORD@]HOST:PORT[/DB]`, `rediss://…`
 * for TLS (ioredis turns the scheme into `tls: {}`; the server's certificate is verified against
 * Node's CA store, or NODE_EXTRA_CA_CERTS). BullMQ needs `maxRetriesPerRequest: null` on every
 * connection: commands then wait for a reconnect instead of failing, which is also what lets a
 * sweep ride out a Redis restart. Each Queue, QueueEvents and Worker gets its own connection
 * (QueueEvents and Worker block on theirs).
 */
import { messages, SeqpipeError } from '@seqpipe/core';
import { Redis } from 'ioredis';

/** The BullMQ queue every submitter and worker of one Redis database shares. */
export const QUEUE_NAME = 'seqpipe-jobs';

export function parseQueueUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SeqpipeError('E_QUEUE_URL', messages.E_QUEUE_URL(url, 'not a URL'), { exitCode: 2 });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new SeqpipeError('E_QUEUE_URL', messages.E_QUEUE_URL(redactUrl(url), `scheme "${parsed.protocol}" is not redis: or rediss:`), { exitCode: 2 });
  }
  if (!parsed.hostname) throw new SeqpipeError('E_QUEUE_URL', messages.E_QUEUE_URL(redactUrl(url), 'no host'), { exitCode: 2 });
  return parsed;
}

/** The URL without its password, for output and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

export function redisConnection(url: string): Redis {
  parseQueueUrl(url);
  // Reconnect forever, at most every 2 s: a restarted Redis is picked up where it left off.
  return new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 100, 2000) });
}

/**
 * Fails fast with E_QUEUE_CONNECT when Redis cannot be reached or refuses the password, instead
 * of the endless reconnecting that the long-lived connections do.
 */
export async function probeRedis(url: string, timeoutMs = 5000): Promise<void> {
  parseQueueUrl(url);
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, enableOfflineQueue: false });
  // The socket's own error (ECONNREFUSED, a TLS failure) says more than "Connection is closed".
  let socketError: Error | undefined;
  probe.on('error', (error: Error) => (socketError ??= error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    const detail = (socketError ?? (error instanceof Error ? error : new Error(String(error)))).message;
    throw new SeqpipeError('E_QUEUE_CONNECT', messages.E_QUEUE_CONNECT(redactUrl(url), detail), { exitCode: 1 });
  } finally {
    probe.disconnect();
  }
}
