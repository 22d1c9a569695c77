import type { AppType } from '@gridsight/api'
import type { ErrorBody } from '@gridsight/contract'
import { type ClientResponse, hc, type InferResponseType } from 'hono/client'

/** An API failure with the server's code and a message fit to show a person. */
export class ApiFailure extends Error {
  /** detail: the server's own words, without the status prefix. */
  constructor(readonly status: number, readonly code: string, message: string, readonly detail: string = message) {
    super(message)
  }
}

/**
 * The one way the web app reaches the API: every call is typed by the API's own routes (AppType, a type-only
 * import), and every failure — no network, an API error, a proxy's HTML 502 — becomes an ApiFailure whose message a
 * person can read.
 */
async function guardedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  let res: Response
  try {
    res = await fetch(input, { credentials: 'same-origin', ...init })
  } catch {
    throw new ApiFailure(0, 'network', '无法连接服务器，请检查网络')
  }
  if (res.ok) return res
  let code = 'http_error'
  let message = `服务器返回错误 ${res.status}`
  let detail = message
  const text = await res.text().catch(() => '')
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>
    if (body.error) ({ code, message, detail } = { code: body.error.code, message: `${message}：${body.error.message}`, detail: body.error.message })
  } catch {
    // Not our JSON: a proxy or gateway answered (its HTML page says nothing useful to a person).
    if (res.status === 502 || res.status === 503 || res.status === 504) message = detail = `服务器暂时无法访问（${res.status}），请稍后重试`
  }
  throw new ApiFailure(res.status, code, message, detail)
}

/** The typed API client: `api.incidents.$get({ query })`, `api.alerts[':id'].close.$post({ param, json })`. */
export const api = hc<AppType>(typeof location === 'undefined' ? 'http://localhost/' : location.origin, { fetch: guardedFetch }).api

/** The parsed JSON of a call (failures have already been thrown as ApiFailure). */
export async function read<T>(call: Promise<ClientResponse<T>>): Promise<T> {
  return (await call).json() as Promise<T>
}

/** A write's outcome: its answer, or why it was refused (the server's words), for a status message. */
export async function attempt<T>(call: Promise<ClientResponse<T>>): Promise<{ ok: true; data: T } | { ok: false; reason: string }> {
  try {
    return { ok: true, data: await read(call) }
  } catch (e) {
    return { ok: false, reason: e instanceof ApiFailure ? e.detail : String(e) }
  }
}

/** A binary answer and its headers (the map's column payloads). */
export async function readBinary(call: Promise<ClientResponse<unknown>>): Promise<{ buffer: ArrayBuffer; headers: Headers }> {
  const res = await call
  return { buffer: await res.arrayBuffer(), headers: res.headers }
}

export type { InferResponseType }

