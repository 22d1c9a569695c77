import type { AppType } from '@gridsight/api'
import type { ErrorBody } from '@gridsight/contract'
import { type ClientResponse, hc, type InferResponseType } from 'hono/client'

/** An API failure with the server's code and a message fit to show a person. */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
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
  const text = await res.text().catch(() => '')
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>
    if (body.error) ({ code, message } = { code: body.error.code, message: `${message}：${body.error.message}` })
  } catch {
    // Not our JSON: a proxy or gateway answered (its HTML page says nothing useful to a person).
    if (res.status === 502 || res.status === 503 || res.status === 504) message = `服务器暂时无法访问（${res.status}），请稍后重试`
  }
  throw new ApiFailure(res.status, code, message)
}

/** The typed API client: `api.incidents.$get({ query })`, `api.alerts[':id'].close.$post({ param, json })`. */
export const api = hc<AppType>(typeof location === 'undefined' ? 'http://localhost/' : location.origin, { fetch: guardedFetch }).api

/** The parsed JSON of a call (failures have already been thrown as ApiFailure). */
export async function read<T>(call: Promise<ClientResponse<T>>): Promise<T> {
  return (await call).json() as Promise<T>
}

/** A binary answer and its headers (the map's column payloads). */
export async function readBinary(call: Promise<ClientResponse<unknown>>): Promise<{ buffer: ArrayBuffer; headers: Headers }> {
  const res = await call
  return { buffer: await res.arrayBuffer(), headers: res.headers }
}

export type { InferResponseType }

/** Untyped reads by path: being replaced by `api` calls; do not add new uses. */
export async function getJson<T>(path: string): Promise<T> {
  return (await guardedFetch(path)).json() as Promise<T>
}
export async function getBinary(path: string): Promise<{ buffer: ArrayBuffer; headers: Headers }> {
  const res = await guardedFetch(path)
  return { buffer: await res.arrayBuffer(), headers: res.headers }
}
