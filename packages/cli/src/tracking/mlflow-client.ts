/**
 * A small client for MLflow's REST API (tracking: /api/2.0/mlflow/…; artifacts through the
 * server's proxy: /api/2.0/mlflow-artifacts/artifacts/…) on Node's own fetch. Every request has a
 * short timeout, and any failure is a TrackingFailure whose detail names what went wrong: a tracker
 * must never hold a run up, so nothing here retries.
 */

/** Why a request to the tracker failed, in words a user can act on; `errorCode` is MLflow's (e.g. RESOURCE_DOES_NOT_EXIST). */
export class TrackingFailure extends Error {
  constructor(detail: string, readonly status?: number, readonly errorCode?: string) {
    super(detail);
  }
}

export interface MlflowClientOptions {
  /** Per request, in milliseconds. */
  readonly timeoutMs: number;
  /** MLFLOW_TRACKING_TOKEN / MLFLOW_TRACKING_USERNAME + _PASSWORD, as MLflow's own clients read them. */
  readonly env?: NodeJS.ProcessEnv;
}

export class MlflowClient {
  /** The server's base URL, without credentials or a trailing slash. */
  readonly base: string;
  private readonly headers: Record<string, string> = {};

  constructor(uri: string, private readonly options: MlflowClientOptions) {
    const url = new URL(uri);
    const env = options.env ?? process.env;
    // fetch refuses a URL with credentials: they go in the Authorization header instead.
    const user = url.username ? decodeURIComponent(url.username) : env['MLFLOW_TRACKING_USERNAME'];
    const password = url.username ? decodeURIComponent(url.password) : env['MLFLOW_TRACKING_PASSWORD'];
    url.username = '';
    url.password = '';
    this.base = url.toString().replace(/\/+$/, '');
    if (env['MLFLOW_TRACKING_TOKEN']) this.headers['authorization'] = `Bearer ${env['MLFLOW_TRACKING_TOKEN']}`;
    else if (user) this.headers['authorization'] = `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}`;
  }

  /** The MLflow UI page of a run. */
  runPage(experimentId: string, runId: string): string {
    return `${this.base}/#/experiments/${experimentId}/runs/${runId}`;
  }

  async get<T>(path: string, query: Record<string, string>): Promise<T> {
    return this.request<T>('GET', `/api/2.0/mlflow/${path}?${new URLSearchParams(query)}`);
  }

  async post<T>(path: string, body: object): Promise<T> {
    return this.request<T>('POST', `/api/2.0/mlflow/${path}`, JSON.stringify(body), 'application/json');
  }

  /**
   * PUT one file through the artifact proxy. `artifactUri` is the run's (runs/create answers
   * `mlflow-artifacts:/<experiment>/<run>/artifacts`); other schemes (s3:, file:) mean the server
   * does not proxy artifacts, and the caller is told so.
   */
  async upload(artifactUri: string, path: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const root = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(artifactUri)?.[1];
    if (root === undefined) throw new TrackingFailure(`the server stores artifacts at ${artifactUri}, not through its proxy; start it with --serve-artifacts`);
    const encoded = [...root.split('/'), ...path.split('/')].filter(Boolean).map(encodeURIComponent).join('/');
    await this.request('PUT', `/api/2.0/mlflow-artifacts/artifacts/${encoded}`, bytes, contentType);
  }

  private async request<T>(method: string, path: string, body?: string | Uint8Array, contentType?: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method, headers: { ...this.headers, ...(contentType ? { 'content-type': contentType } : {}) },
        ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(this.options.timeoutMs), redirect: 'error',
      });
    } catch (error) {
      throw new TrackingFailure(networkDetail(error, this.options.timeoutMs));
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new TrackingFailure(networkDetail(error, this.options.timeoutMs));
    }
    if (!response.ok) {
      const answer = parse(text) as { error_code?: string; message?: string } | undefined;
      const said = answer?.message ?? text.replace(/\s+/g, ' ').trim();
      throw new TrackingFailure(`${method} ${path.split('?')[0]} answered HTTP ${response.status}${answer?.error_code ? ` ${answer.error_code}` : ''}${said ? `: ${said.slice(0, 200)}` : ''}`, response.status, answer?.error_code);
    }
    return (parse(text) ?? {}) as T;
  }
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** fetch's "fetch failed" says nothing: name the cause (refused, unknown host, timeout). */
function networkDetail(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is "mlflow server" running there?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was closed';
  return code ?? e.cause?.message ?? e.message ?? String(error);
}
