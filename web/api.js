// api.js - the studio's HTTP API (docs/API.md) as small async functions.
// Every failure becomes an ApiError carrying the server's {code, message, path}.

export class ApiError extends Error {
  constructor(status, code, message, path) {
    super(message);
    this.status = status;
    this.code = code;
    this.path = path;
  }
}

async function call(method, url, body, options = {}) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    if (body instanceof Blob || body instanceof ArrayBuffer) {
      init.body = body;
      init.headers['Content-Type'] = options.type || 'application/octet-stream';
    } else {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
  }
  const resp = await fetch(url, init);
  if (!resp.ok) {
    let err = { code: 'http_' + resp.status, message: resp.statusText, path: '' };
    try {
      err = (await resp.json()).error || err;
    } catch (_) { /* not JSON: keep the status text */ }
    throw new ApiError(resp.status, err.code, err.message, err.path);
  }
  if (options.raw) return resp;
  const data = await resp.json();
  const version = resp.headers.get('X-Blueprint-Version');
  return { data, version: version === null ? null : Number(version),
           stored: resp.headers.get('X-Blueprint-Stored') === 'true' };
}

export const listBlueprints = () => call('GET', '/blueprints');
export const getBlueprint = (id) => call('GET', `/blueprints/${id}`);
export const createBlueprint = (blueprint, name) =>
  call('POST', '/blueprints', name ? { blueprint, name } : { blueprint });
export const replaceBlueprint = (id, blueprint, version) =>
  call('PUT', `/blueprints/${id}`, { blueprint, version });
export const editBlueprint = (id, command, version, partial) =>
  call('POST', `/blueprints/${id}/edit`, { command, version, partial });
export const undo = (id, version) => call('POST', `/blueprints/${id}/undo`, { version });
export const redo = (id, version) => call('POST', `/blueprints/${id}/redo`, { version });
export const fix = (id, version) => call('POST', `/blueprints/${id}/fix`, { version });
export const check = (id) => call('GET', `/blueprints/${id}/check`);
export const versions = (id) => call('GET', `/blueprints/${id}/versions`);
export const versionBlueprint = (id, n) => call('GET', `/blueprints/${id}/versions/${n}`);
export const importPng = (blob) => call('POST', '/import', blob, { type: 'image/png' });
export const generate = (id, target, format) =>
  call('GET', `/blueprints/${id}/generate?target=${target}&format=${format}`, undefined, { raw: true });
export const listTasks = () => call('GET', '/arc/tasks');
export const getTask = (id) => call('GET', `/arc/tasks/${encodeURIComponent(id)}`);
export const runProgram = (id, program, budget) =>
  call('POST', `/arc/tasks/${encodeURIComponent(id)}/run`, { program, budget });
export const solveTask = (id, budget) =>
  call('POST', `/arc/tasks/${encodeURIComponent(id)}/solve`, budget ? { budget } : {});
export const health = () => call('GET', '/health');
